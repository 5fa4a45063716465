import Foundation

/// Plain-text tables with aligned columns.
package enum TextTable {
    /// Renders rows (the first is the header) with two spaces between columns and a rule of `rule` under the header.
    package static func render(_ rows: [[String]], rightAligned: Set<Int> = [], rule: Character = "-") -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map { $0.count }
        for row in rows {
            for (j, cell) in row.enumerated() where j < widths.count { widths[j] = max(widths[j], cell.count) }
        }
        var text = ""
        for (i, row) in rows.enumerated() {
            var line = ""
            for (j, cell) in row.enumerated() where j < widths.count {
                let pad = String(repeating: " ", count: widths[j] - cell.count)
                if j > 0 { line += "  " }
                line += rightAligned.contains(j) ? pad + cell : cell + pad
            }
            while line.hasSuffix(" ") { line.removeLast() }
            text += line + "\n"
            if i == 0 { text += widths.map { String(repeating: rule, count: $0) }.joined(separator: "  ") + "\n" }
        }
        return text
    }
}
