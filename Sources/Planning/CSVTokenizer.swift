import Foundation

/// A byte range of one CSV field inside the file buffer.
struct FieldRange {
    var start: Int
    var end: Int
    /// The field was quoted and contains doubled quotes that must be unescaped.
    var hasEscapedQuotes: Bool
}

/// An RFC 4180 tokenizer over a byte buffer: comma-separated, optional double quotes with `""` escapes,
/// LF or CRLF line ends, a UTF-8 byte-order mark skipped, blank lines ignored.
///
/// Hand-written rather than a library because the hot path reads tens of megabytes: it returns byte ranges
/// into the buffer, so no string is made for a field unless the caller asks for one.
struct CSVTokenizer {
    let bytes: UnsafeBufferPointer<UInt8>
    let fileName: String
    private(set) var position: Int
    /// 1-based line number of the record last returned.
    private(set) var line = 0
    private var nextLine = 1

    init(bytes: UnsafeBufferPointer<UInt8>, fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.count >= 3 && bytes[0] == bom[0] && bytes[1] == bom[1] && bytes[2] == bom[2] ? 3 : 0
    }

    /// Reads the next non-blank record into `fields`; returns false at the end of the buffer.
    mutating func next(into fields: inout [FieldRange]) throws(PlanningError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let n = bytes.count
        // Skip blank lines.
        while position < n {
            if bytes[position] == 0x0A { position += 1; nextLine += 1; continue }
            if bytes[position] == 0x0D, position + 1 < n, bytes[position + 1] == 0x0A {
                position += 2; nextLine += 1; continue
            }
            break
        }
        guard position < n else { return false }
        line = nextLine
        var p = position
        while true {
            if p < n, bytes[p] == 0x22 {
                // Quoted field.
                let start = p + 1
                var q = start
                var escaped = false
                var closed = false
                while q < n {
                    if bytes[q] == 0x22 {
                        if q + 1 < n, bytes[q + 1] == 0x22 { escaped = true; q += 2; continue }
                        closed = true
                        break
                    }
                    if bytes[q] == 0x0A { nextLine += 1 }
                    q += 1
                }
                guard closed else {
                    throw .badQuoting(file: fileName, line: line, column: fields.count + 1,
                                      detail: "a quoted field is never closed")
                }
                fields.append(FieldRange(start: start, end: q, hasEscapedQuotes: escaped))
                p = q + 1
                if p < n, bytes[p] == 0x0D { p += 1 }
                if p >= n || bytes[p] == 0x0A { p += 1; break }
                guard bytes[p] == 0x2C else {
                    throw .badQuoting(file: fileName, line: line, column: fields.count,
                                      detail: "text after a closing quote")
                }
                p += 1
            } else {
                let start = p
                while p < n {
                    let b = bytes[p]
                    if b == 0x2C || b == 0x0A { break }
                    if b == 0x22 {
                        throw .badQuoting(file: fileName, line: line, column: fields.count + 1,
                                          detail: "a quote inside an unquoted field")
                    }
                    p += 1
                }
                var end = p
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                fields.append(FieldRange(start: start, end: end, hasEscapedQuotes: false))
                if p >= n || bytes[p] == 0x0A { p += 1; break }
                p += 1  // comma
            }
        }
        position = p
        nextLine += 1
        return true
    }

    /// The text of a field (quotes unescaped).
    func string(_ f: FieldRange) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]), as: UTF8.self)
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

