import Forecasting

/// A small result table (targets, scenarios, vintage checks, provenance) written as an aligned text table, CSV
/// or JSON: numbers stay numbers in JSON (`null` for NA) and carry 15 significant digits in CSV.
public struct ResultTable: Sendable {
    /// A text or a number (NA when not finite).
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
    }

    /// Column names.
    public let header: [String]
    /// Rows of cells.
    public private(set) var rows: [[Cell]] = []
    /// Columns shown in the text table (all when nil); CSV and JSON always carry every column.
    public var tableColumns: [String]?
    /// Lines printed under the text table (notes).
    public var footnotes: [String] = []

    /// An empty table with `header`; the table format shows `tableColumns` only (all by default).
    public init(header: [String], tableColumns: [String]? = nil) {
        self.header = header
        self.tableColumns = tableColumns
    }

    /// A table of text cells whose first row is the header.
    public init(textRows: [[String]]) {
        self.init(header: textRows.first ?? [])
        rows = textRows.dropFirst().map { $0.map(Cell.text) }
    }

    /// Appends a row.
    public mutating func append(_ row: [Cell]) { rows.append(row) }

    /// The rendered bytes.
    public func render(_ format: OutputFormat) -> [UInt8] {
        switch format {
        case .csv:
            var out: [UInt8] = []
            out += Array(header.joined(separator: ",").utf8)
            out.append(0x0A)
            for row in rows {
                for (j, cell) in row.enumerated() {
                    if j > 0 { out.append(0x2C) }
                    switch cell {
                    case let .text(s): CSVText.append(s, to: &out)
                    case let .number(x): NumberText.append(x, to: &out)
                    }
                }
                out.append(0x0A)
            }
            return out
        case .json:
            var out = Array("[".utf8)
            for (k, row) in rows.enumerated() {
                out += Array((k == 0 ? "\n{" : ",\n{").utf8)
                for (j, cell) in row.enumerated() {
                    if j > 0 { out.append(0x2C) }
                    out += JSONText.string(header[j]) + [0x3A]
                    switch cell {
                    case let .text(s): out += JSONText.string(s)
                    case let .number(x): out += JSONText.number(x)
                    }
                }
                out.append(0x7D)
            }
            return out + Array((rows.isEmpty ? "]\n" : "\n]\n").utf8)
        case .table:
            let shown = (tableColumns ?? header).compactMap { header.firstIndex(of: $0) }
            var lines: [[String]] = [shown.map { header[$0] }]
            var numeric = Set<Int>()
            for row in rows {
                lines.append(
                    shown.enumerated().map { position, j in
                        switch row[j] {
                        case let .text(s): return s
                        case let .number(x): numeric.insert(position); return NumberText.rounded(x)
                        }
                    })
            }
            var text = TextTable.render(lines, rightAligned: numeric)
            for note in footnotes { text += note + "\n" }
            return Array(text.utf8)
        }
    }
}
