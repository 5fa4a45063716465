import Forecasting
import Foundation

/// Reads long-format series files: one observation a row, `series_id,period,value` (column names selectable,
/// other columns ignored).
///
/// Rows of one series need not be contiguous or sorted. Empty values and `NA` are missing observations and
/// are skipped; any other text that is not a number is an error naming the file, line and column.
public struct LongCSVReader: Sendable {
    /// Name of the series id column.
    public var idColumn: String
    /// Name of the period column.
    public var periodColumn: String
    /// Name of the value column.
    public var valueColumn: String
    /// Where year-labelled periods sit on the time axis.
    public var anchor: AnnualAnchor

    /// A reader of the given columns; where year-labelled periods sit on the time axis.
    public init(
        idColumn: String = "series_id", periodColumn: String = "period", valueColumn: String = "value",
        anchor: AnnualAnchor = .start
    ) {
        self.idColumn = idColumn
        self.periodColumn = periodColumn
        self.valueColumn = valueColumn
        self.anchor = anchor
    }

    /// Reads a file (`-` reads standard input).
    public func read(path: String) throws(DataFileError) -> [Series] {
        try read(path: path, hashing: false).series
    }

    /// Reads a file (`-` reads standard input) once: its series and, when `hashing`, the SHA-256 of its bytes (an
    /// output's `meta` names it; reading the file again to hash it would find standard input empty).
    package func read(path: String, hashing: Bool) throws(DataFileError) -> (series: [Series], sha256: String?) {
        let data = try FileIO.readAll(path)
        let series = try data.withUnsafeBufferPointer { (buffer) throws(DataFileError) in
            try parse(buffer, fileName: path)
        }
        return (series, hashing ? SHA256.hexDigest(of: data) : nil)
    }

    /// Parses CSV bytes.
    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String) throws(DataFileError) -> [Series] {
        guard !CSVTokenizer.hasCarriageReturnLineEnds(bytes) else { throw .carriageReturnLineEnds(file: fileName) }
        var tokenizer = CSVTokenizer(bytes: bytes, fileName: fileName)
        var fields: [FieldRange] = []
        guard try tokenizer.next(into: &fields) else { throw .emptyFile(file: fileName) }
        let layout = try RowLayout(header: fields.map { tokenizer.trimmedString($0) }, reader: self, fileName: fileName)
        let idIndex = layout.id, width = layout.width

        // Rows are collected column by column (one allocation per column, not per series) and cut into
        // series at the end; rows of one series usually form one contiguous run.
        var ids: [String] = []
        var lookup: [ByteIdentity: Int32] = [:]
        var rowSeries: [Int32] = [], rowPeriods: [Period] = [], rowValues: [Double] = [], rowLines: [Int32] = []
        let estimate = max(16, bytes.count / 24)
        rowSeries.reserveCapacity(estimate); rowPeriods.reserveCapacity(estimate)
        rowValues.reserveCapacity(estimate); rowLines.reserveCapacity(estimate)
        var contiguous = true
        var current: Int32 = -1
        var currentRange = FieldRange(start: 0, end: 0, hasEscapedQuotes: false)
        let slots = UnsafeMutableBufferPointer<FieldRange>.allocate(capacity: width)
        defer { slots.deallocate() }
        while true {
            let fieldCount = try tokenizer.next(into: slots)
            if fieldCount < 0 { break }
            let line = tokenizer.line
            guard fieldCount == width else {
                throw .wrongFieldCount(file: fileName, line: line, expected: width, got: fieldCount)
            }
            let fields = slots
            // Period (checked even when the value is missing: a bad period is never skipped silently).
            let period = try layout.period(fields, tokenizer)
            // Series id: reuse the previous row's series when the bytes are the same. Ids are trimmed of
            // surrounding spaces and tabs and otherwise compared byte for byte (no Unicode normalisation: `café`
            // in NFC and in NFD are two series); bytes that are not UTF-8 are an error.
            let idField = fields[idIndex]
            if current < 0 || idField.hasEscapedQuotes || !Self.sameBytes(bytes, idField, currentRange) {
                let id = try layout.id(fields, tokenizer)
                let key = ByteIdentity(id)
                if let existing = lookup[key] {
                    current = existing
                    contiguous = false
                } else {
                    current = Int32(ids.count)
                    lookup[key] = current
                    ids.append(id)
                }
                currentRange = idField
            }
            // Value (a missing value leaves its series without that row; a series with none is still reported).
            guard let value = try layout.value(fields, tokenizer) else { continue }
            rowSeries.append(current)
            rowPeriods.append(period)
            rowValues.append(value)
            rowLines.append(Int32(clamping: line))
        }
        guard !ids.isEmpty else { throw .noData(file: fileName) }
        // Row order grouped by series (stable: file order within a series).
        var order: [Int]
        var starts = [Int](repeating: 0, count: ids.count + 1)
        for s in rowSeries { starts[Int(s) + 1] += 1 }
        for k in 0..<ids.count { starts[k + 1] += starts[k] }
        if contiguous {
            order = Array(0..<rowSeries.count)
        } else {
            order = [Int](repeating: 0, count: rowSeries.count)
            var next = starts
            for (row, s) in rowSeries.enumerated() { order[next[Int(s)]] = row; next[Int(s)] += 1 }
        }
        var out: [Series] = []
        out.reserveCapacity(ids.count)
        var assembler = SeriesAssembler(fileName: fileName, anchor: anchor)
        for k in 0..<ids.count {
            for r in order[starts[k]..<starts[k + 1]] {
                assembler.add(rowPeriods[r], rowValues[r], line: rowLines[r])
            }
            out.append(try assembler.finish(id: ids[k]))
        }
        return out
    }

    static func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ a: FieldRange, _ b: FieldRange) -> Bool {
        let length = a.end - a.start
        guard length == b.end - b.start else { return false }
        if a.start == b.start { return true }
        guard let base = bytes.baseAddress else { return false }
        return memcmp(base + a.start, base + b.start, length) == 0
    }
}

/// A string compared and hashed by its UTF-8 bytes, not by Swift's canonical equivalence (under which `café` in NFC
/// and in NFD are equal): series ids that differ in their bytes stay different series.
struct ByteIdentity: Hashable {
    let text: String
    init(_ text: String) { self.text = text }
    static func == (a: ByteIdentity, b: ByteIdentity) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Where a long CSV's three columns are, from its header, and how one record's period and value are read.
struct RowLayout {
    let id: Int, period: Int, value: Int, width: Int
    let reader: LongCSVReader
    let fileName: String

    init(header: [String], reader: LongCSVReader, fileName: String) throws(DataFileError) {
        func index(of name: String) throws(DataFileError) -> Int {
            let matches = header.indices.filter { header[$0] == name }
            guard let first = matches.first else { throw .missingColumn(file: fileName, column: name, header: header) }
            guard matches.count == 1 else { throw .duplicateColumn(file: fileName, column: name) }
            return first
        }
        id = try index(of: reader.idColumn)
        period = try index(of: reader.periodColumn)
        value = try index(of: reader.valueColumn)
        width = header.count
        self.reader = reader
        self.fileName = fileName
    }

    /// The record's period; a bad one is an error naming the line and column.
    func period(_ fields: UnsafeMutableBufferPointer<FieldRange>, _ tokenizer: CSVTokenizer) throws(DataFileError)
        -> Period
    {
        let field = fields[period]
        guard let parsed = Period.parse(bytes: tokenizer.bytes, field.start, field.end) else {
            throw .badPeriod(
                file: fileName, line: tokenizer.line, column: period + 1, columnName: reader.periodColumn,
                text: tokenizer.string(field))
        }
        return parsed
    }

    /// The record's value; nil when missing (empty, `NA`, `N/A`); any other text that is not a number is an error.
    func value(_ fields: UnsafeMutableBufferPointer<FieldRange>, _ tokenizer: CSVTokenizer) throws(DataFileError)
        -> Double?
    {
        let field = fields[value]
        switch DecimalParser.parse(tokenizer.bytes, field.start, field.end) {
        case let .value(v): return v
        case .outOfRange:
            throw .valueOutOfRange(
                file: fileName, line: tokenizer.line, column: value + 1, columnName: reader.valueColumn,
                text: tokenizer.string(field))
        case .notANumber:
            let text = tokenizer.trimmedString(field)
            if text.isEmpty || text == "NA" || text == "na" || text == "N/A" { return nil }
            throw .nonNumericValue(
                file: fileName, line: tokenizer.line, column: value + 1, columnName: reader.valueColumn, text: text)
        }
    }

    /// The record's series id, trimmed and checked (UTF-8, not empty).
    func id(_ fields: UnsafeMutableBufferPointer<FieldRange>, _ tokenizer: CSVTokenizer) throws(DataFileError)
        -> String
    {
        guard let text = tokenizer.validatedTrimmedString(fields[id]) else {
            throw .invalidText(file: fileName, line: tokenizer.line, column: id + 1, columnName: reader.idColumn)
        }
        guard !text.isEmpty else {
            throw .emptyIdentifier(file: fileName, line: tokenizer.line, column: id + 1, columnName: reader.idColumn)
        }
        return text
    }
}

/// Builds one series from its rows in file order: sorted by time, a repeated period reported with both lines.
struct SeriesAssembler {
    let fileName: String
    let anchor: AnnualAnchor
    private var periods: [Period] = [], times: [Double] = [], values: [Double] = [], lines: [Int32] = []

    init(fileName: String, anchor: AnnualAnchor) {
        self.fileName = fileName
        self.anchor = anchor
    }

    mutating func add(_ period: Period, _ value: Double, line: Int32) {
        periods.append(period)
        times.append(period.time(anchor: anchor))
        values.append(value)
        lines.append(line)
    }

    /// The series of the rows added since the last call (which are then cleared).
    mutating func finish(id: String) throws(DataFileError) -> Series {
        defer {
            periods.removeAll(keepingCapacity: true)
            times.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
        }
        var sorted = true
        for i in 1..<max(1, times.count) where times[i] <= times[i - 1] { sorted = false; break }
        if !sorted {
            let byTime = times.indices.sorted { (times[$0], $0) < (times[$1], $1) }
            for i in 1..<max(1, byTime.count) {
                let a = byTime[i - 1], b = byTime[i]
                if times[a] == times[b] {
                    throw .duplicatePeriod(
                        file: fileName, line: Int(lines[b]), series: id, period: periods[b].description,
                        firstLine: Int(lines[a]))
                }
            }
        }
        do {
            return try Series(id: id, periods: periods, times: times, values: values, anchor: anchor)
        } catch {
            throw .forecasting(error)
        }
    }
}
