import Forecasting
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a long CSV (`series_id,period,value`) as it arrives, a chunk of whole series at a time, in memory
/// proportional to the largest series and the chunk: the way `trajectory forecast` runs a file or a pipe of any size.
///
/// The rows of each series must be contiguous (the input grouped by series id, in any order of ids and of periods
/// within a series); a series that reappears after another began is an error naming its line and the series before
/// it (`DataFileError.ungroupedRows`), since its first rows may already have been forecast and written.
/// To detect that, the stream keeps an 8-byte FNV-1a hash of every id it has finished (8 MB for a million series;
/// two ids of one input sharing a 64-bit hash, about one chance in 10⁸ for 10⁶ series, would be reported as
/// ungrouped). Every row is checked as ``LongCSVReader`` checks it, including rows of series `keep` leaves out.
public final class LongCSVStream {
    /// The columns read and where year-labelled periods sit.
    public let reader: LongCSVReader
    /// The name used in errors (`standard input` for `-`).
    public let fileName: String
    /// Which series to keep (a shard's); the others are read and checked, not built.
    public let keep: (String) -> Bool
    /// Bytes read at a time (1 MiB by default).
    public let blockSize: Int
    /// The longest record accepted (an unclosed quote would otherwise swallow the rest of the input).
    public static let maximumRecordBytes = 64 << 20

    private let fd: Int32
    private let closes: Bool
    private var buffer: [UInt8] = []
    private var scanned = 0, inQuote = false, atEnd = false
    private var nextLine = 1
    private var layout: RowLayout?
    private var currentID: String?
    private var currentKept = false
    private var assembler: SeriesAssembler
    private var finished: Set<UInt64> = []
    private var ready: [Series] = []
    /// Series read so far (kept or not).
    public private(set) var seriesCount = 0
    /// Bytes read so far.
    public private(set) var bytesRead = 0
    /// The input's size when it is a regular file (nil for a pipe).
    public let size: Int?
    /// The SHA-256 of the bytes read, when asked for (`computesChecksum()`).
    package private(set) var checksum: SHA256?

    /// A stream of the file at `path` (`-` is standard input), read `blockSize` bytes at a time.
    public init(
        reader: LongCSVReader, path: String, keep: @escaping (String) -> Bool = { _ in true },
        blockSize: Int = 1 << 20
    ) throws(DataFileError) {
        self.reader = reader
        self.blockSize = max(1, blockSize)
        self.keep = keep
        if path == "-" {
            (fd, closes, fileName) = (0, false, "standard input")
        } else {
            (fd, closes, fileName) = (try FileIO.openForReading(path), true, path)
        }
        var info = stat()
        size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        assembler = SeriesAssembler(fileName: fileName, anchor: reader.anchor)
    }

    deinit { if closes { close(fd) } }

    /// Hash every byte read from now on (before the first ``next(maxSeries:)``: the whole input).
    package func computesChecksum() { checksum = SHA256() }

    /// The share of the input read, when its size is known.
    public var fractionRead: Double? { size.map { $0 > 0 ? min(1, Double(bytesRead) / Double($0)) : 1 } }

    /// The next chunk of up to `maxSeries` whole series in input order (fewer at the end); nil when the input is done.
    public func next(maxSeries: Int) throws(DataFileError) -> [Series]? {
        while ready.count < maxSeries && !(atEnd && buffer.isEmpty) {
            try readRecords()
        }
        if atEnd && buffer.isEmpty, let id = currentID {
            currentID = nil
            if currentKept { ready.append(try assembler.finish(id: id)) }
        }
        if ready.isEmpty {
            if layout == nil { throw .emptyFile(file: fileName) }
            if seriesCount == 0 { throw .noData(file: fileName) }
            return nil
        }
        let count = min(maxSeries, ready.count)
        let chunk = Array(ready[0..<count])
        ready.removeFirst(count)
        return chunk
    }

    /// Reads one block and parses every complete record in what is buffered.
    private func readRecords() throws(DataFileError) {
        if !atEnd { try fill() }
        let cut = atEnd ? buffer.count : completeRecordsEnd()
        guard cut > 0 else {
            if buffer.count > Self.maximumRecordBytes {
                throw .badQuoting(
                    file: fileName, line: nextLine, column: 1,
                    detail: "a record longer than \(Self.maximumRecordBytes >> 20) MB (a quoted field never closed?)")
            }
            return
        }
        try buffer.withUnsafeBufferPointer { (all) throws(DataFileError) in
            try parse(UnsafeBufferPointer(rebasing: all[0..<cut]))
        }
        buffer.removeFirst(cut)
        scanned -= cut
    }

    /// Appends one block from the input; marks the end.
    private func fill() throws(DataFileError) {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: blockSize))
        var got: Int
        repeat {
            got = buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return -1 }
                return read(fd, base + old, blockSize)
            }
        } while got < 0 && errno == EINTR
        buffer.removeLast(blockSize - max(0, got))
        if got < 0 { throw .cannotRead(file: fileName, reason: String(cString: strerror(errno))) }
        if got == 0 { atEnd = true }
        bytesRead += got
        if checksum != nil, got > 0 {
            buffer.withUnsafeBufferPointer { all in checksum?.update(UnsafeBufferPointer(rebasing: all[old...])) }
        }
    }

    /// The end of the last complete record buffered: just after the last line feed outside quotes (0 if none).
    private func completeRecordsEnd() -> Int {
        var cut = 0
        buffer.withUnsafeBufferPointer { b in
            var i = scanned
            while i < b.count {
                let c = b[i]
                if c == 0x22 { inQuote.toggle() } else if c == 0x0A && !inQuote { cut = i + 1 }
                i += 1
            }
        }
        scanned = buffer.count
        return cut
    }

    /// Parses complete records: the header first, then rows into the series being read.
    private func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(DataFileError) {
        var tokenizer = CSVTokenizer(bytes: bytes, fileName: fileName, firstLine: nextLine)
        defer { nextLine = tokenizer.nextLine }
        // Line ends are judged once, on the first complete records (line 1 on), which hold the file's first line
        // feed: the whole-file reader's rule looks no further, and a later chunk's carriage return is inside a line.
        if nextLine == 1 {
            guard !CSVTokenizer.hasCarriageReturnLineEnds(bytes) else { throw .carriageReturnLineEnds(file: fileName) }
        }
        if layout == nil {
            var fields: [FieldRange] = []
            guard try tokenizer.next(into: &fields) else { return }
            layout = try RowLayout(
                header: fields.map { tokenizer.trimmedString($0) }, reader: reader, fileName: fileName)
        }
        guard let layout else { return }
        let slots = UnsafeMutableBufferPointer<FieldRange>.allocate(capacity: layout.width)
        defer { slots.deallocate() }
        var currentRange: FieldRange?
        while true {
            let fieldCount = try tokenizer.next(into: slots)
            if fieldCount < 0 { break }
            guard fieldCount == layout.width else {
                throw .wrongFieldCount(file: fileName, line: tokenizer.line, expected: layout.width, got: fieldCount)
            }
            let period = try layout.period(slots, tokenizer)
            let idField = slots[layout.id]
            if currentRange.map({ idField.hasEscapedQuotes || !LongCSVReader.sameBytes(bytes, idField, $0) })
                ?? true
            {
                let id = try layout.id(slots, tokenizer)
                if id != currentID { try begin(id, line: tokenizer.line) }
                currentRange = idField
            }
            guard let value = try layout.value(slots, tokenizer), currentKept else { continue }
            assembler.add(period, value, line: Int32(clamping: tokenizer.line))
        }
    }

    /// Finishes the series being read and starts `id`, which must not have appeared before.
    private func begin(_ id: String, line: Int) throws(DataFileError) {
        if let previous = currentID {
            finished.insert(Shard.fnv1a64(previous))
            if currentKept { ready.append(try assembler.finish(id: previous)) }
        }
        if finished.contains(Shard.fnv1a64(id)) {
            throw .ungroupedRows(file: fileName, line: line, series: id, previousSeries: currentID ?? "")
        }
        currentID = id
        currentKept = keep(id)
        seriesCount += 1
    }
}
