import Foundation

/// A byte range of one CSV field inside the file buffer.
package struct FieldRange {
    package var start: Int
    package var end: Int
    /// The field was quoted and contains doubled quotes that must be unescaped.
    package var hasEscapedQuotes: Bool
}

/// An RFC 4180 tokenizer over a byte buffer: comma-separated, optional double quotes with `""` escapes,
/// LF or CRLF line ends, a UTF-8 byte-order mark skipped, blank lines ignored.
///
/// Hand-written rather than a library because the hot path reads tens of megabytes: it returns byte ranges
/// into the buffer, so no string is made for a field unless the caller asks for one.
package struct CSVTokenizer {
    let bytes: UnsafeBufferPointer<UInt8>
    let fileName: String
    private(set) var position: Int
    /// 1-based line number of the record last returned.
    private(set) var line = 0
    /// 1-based number of the line the next record starts on.
    private(set) var nextLine: Int

    /// A tokenizer of `bytes`, whose first line is line `firstLine` of the file; a UTF-8 byte order mark is skipped
    /// at the start of a file (`firstLine` 1).
    package init(bytes: UnsafeBufferPointer<UInt8>, fileName: String, firstLine: Int = 1) {
        self.bytes = bytes
        self.fileName = fileName
        self.nextLine = firstLine
        self.recordStartLine = firstLine
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position =
            firstLine == 1 && bytes.count >= 3 && bytes[0] == bom[0] && bytes[1] == bom[1] && bytes[2] == bom[2]
            ? 3 : 0
    }

    /// Reads the next non-blank record into `fields`; returns false at the end of the buffer.
    package mutating func next(into fields: inout [FieldRange]) throws(DataFileError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        var scratch = [FieldRange](repeating: FieldRange(start: 0, end: 0, hasEscapedQuotes: false), count: 64)
        while true {
            let count = try scratch.withUnsafeMutableBufferPointer { (p) throws(DataFileError) in try next(into: p) }
            if count < 0 { return false }
            if count <= scratch.count {
                fields.append(contentsOf: scratch[0..<count])
                return true
            }
            // More fields than the scratch holds: read the record again with room for all of them.
            try rewindToRecordStart()
            scratch = [FieldRange](repeating: FieldRange(start: 0, end: 0, hasEscapedQuotes: false), count: count)
        }
    }

    private var recordStart = 0
    private var recordStartLine: Int

    private mutating func rewindToRecordStart() throws(DataFileError) {
        position = recordStart
        nextLine = recordStartLine
    }

    /// Reads the next non-blank record, storing up to `fields.count` field ranges.
    /// - Returns: the number of fields in the record (which may exceed `fields.count`), or −1 at the end.
    mutating func next(into fields: UnsafeMutableBufferPointer<FieldRange>) throws(DataFileError) -> Int {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return -1 }
        var p = position
        // Skip blank lines.
        while p < n {
            if base[p] == 0x0A { p += 1; nextLine += 1; continue }
            if base[p] == 0x0D, p + 1 < n, base[p + 1] == 0x0A { p += 2; nextLine += 1; continue }
            break
        }
        guard p < n else { position = p; return -1 }
        recordStart = p
        recordStartLine = nextLine
        line = nextLine
        let capacity = fields.count
        var count = 0
        while true {
            if p < n, base[p] == 0x22 {
                // Quoted field.
                let start = p + 1
                var q = start
                var escaped = false
                var closed = false
                while q < n {
                    if base[q] == 0x22 {
                        if q + 1 < n, base[q + 1] == 0x22 { escaped = true; q += 2; continue }
                        closed = true
                        break
                    }
                    if base[q] == 0x0A { nextLine += 1 }
                    q += 1
                }
                guard closed else {
                    throw .badQuoting(
                        file: fileName, line: line, column: count + 1,
                        detail: "a quoted field is never closed")
                }
                if count < capacity { fields[count] = FieldRange(start: start, end: q, hasEscapedQuotes: escaped) }
                count += 1
                p = q + 1
                if p < n, base[p] == 0x0D { p += 1 }
                if p >= n || base[p] == 0x0A { p += 1; break }
                guard base[p] == 0x2C else {
                    throw .badQuoting(file: fileName, line: line, column: count, detail: "text after a closing quote")
                }
                p += 1
            } else {
                let start = p
                while p < n {
                    let b = base[p]
                    if b == 0x2C || b == 0x0A { break }
                    if b == 0x22 {
                        throw .badQuoting(
                            file: fileName, line: line, column: count + 1,
                            detail: "a quote inside an unquoted field")
                    }
                    p += 1
                }
                var end = p
                if end > start, base[end - 1] == 0x0D { end -= 1 }
                if count < capacity { fields[count] = FieldRange(start: start, end: end, hasEscapedQuotes: false) }
                count += 1
                if p >= n || base[p] == 0x0A { p += 1; break }
                p += 1  // comma
            }
        }
        position = p
        nextLine += 1
        return count
    }

    /// The text of a field (quotes unescaped).
    package func string(_ f: FieldRange) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]), as: UTF8.self)
        return f.hasEscapedQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// Whether the text's lines end in a carriage return alone: a CR not followed by LF before the first LF (or in a
    /// text without any).
    static func hasCarriageReturnLineEnds(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { return false }
            if bytes[i] == 0x0D { return i + 1 >= bytes.count || bytes[i + 1] != 0x0A }
            i += 1
        }
        return false
    }

    /// The text of a field trimmed of spaces and tabs (`""` unescaped); nil when its bytes are not valid UTF-8 (the
    /// lossy ``trimmedString(_:)`` would turn them into U+FFFD).
    func validatedTrimmedString(_ f: FieldRange) -> String? {
        var s = f.start, e = f.end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        guard let raw = String(validating: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self) else {
            return nil
        }
        return f.hasEscapedQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// The text of a field, trimmed of spaces and tabs.
    func trimmedString(_ f: FieldRange) -> String {
        var s = f.start, e = f.end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        return string(FieldRange(start: s, end: e, hasEscapedQuotes: f.hasEscapedQuotes))
    }
}
