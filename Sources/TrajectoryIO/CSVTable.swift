/// A small CSV file read whole into strings, with line numbers, for metadata files.
public struct CSVTable: Sendable {
    /// The file's name, for errors.
    public let file: String
    /// The header's fields.
    public let header: [String]
    /// The data rows.
    public let rows: [Row]

    /// One data row.
    public struct Row: Sendable {
        /// Its line in the file (from 1).
        public let line: Int
        /// Its fields.
        public let fields: [String]
    }

    /// Reads and checks that every row has as many fields as the header.
    public init(path: String) throws(DataFileError) {
        let bytes = try FileIO.readAll(path)
        try self.init(bytes: bytes, fileName: path)
    }

    /// Parses `bytes` (a whole file called `fileName`).
    public init(bytes: [UInt8], fileName: String) throws(DataFileError) {
        file = fileName
        let parsed = try bytes.withUnsafeBufferPointer { (buffer) throws(DataFileError) -> ([String], [Row]) in
            guard !CSVTokenizer.hasCarriageReturnLineEnds(buffer) else { throw .carriageReturnLineEnds(file: fileName) }
            var tokenizer = CSVTokenizer(bytes: buffer, fileName: fileName)
            var fields: [FieldRange] = []
            guard try tokenizer.next(into: &fields) else { throw .emptyFile(file: fileName) }
            let header = fields.map { tokenizer.trimmedString($0) }
            var rows: [Row] = []
            while try tokenizer.next(into: &fields) {
                guard fields.count == header.count else {
                    throw .wrongFieldCount(
                        file: fileName, line: tokenizer.line, expected: header.count, got: fields.count)
                }
                rows.append(Row(line: tokenizer.line, fields: fields.map { tokenizer.string($0) }))
            }
            return (header, rows)
        }
        header = parsed.0
        rows = parsed.1
    }

    /// Index of a column, or a ``DataFileError/missingColumn(file:column:header:)`` error.
    public func column(_ name: String) throws(DataFileError) -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw .missingColumn(file: file, column: name, header: header)
        }
        return i
    }

    /// A numeric field, `nil` when empty.
    public func optionalNumber(_ row: Row, _ column: Int) throws(DataFileError) -> Double? {
        let text = row.fields[column].trimmingSpaces
        if text.isEmpty { return nil }
        guard let x = Double(text), x.isFinite else {
            throw .nonNumericValue(
                file: file, line: row.line, column: column + 1, columnName: header[column], text: text)
        }
        return x
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs (and a trailing CR).
    package var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
        return String(s)
    }
}
