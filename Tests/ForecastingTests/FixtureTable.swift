import Foundation

/// Reads the small CSV fixtures written by `make_r_fixtures.R` (R's `write.csv`: quoted strings, no embedded commas).
struct FixtureTable {
    let header: [String]
    let rows: [[String]]

    init(_ name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        header = lines.removeFirst()
        rows = lines
    }

    func column(_ name: String) -> Int { header.firstIndex(of: name) ?? -1 }

    /// The `series,index,value` fixture files as a dictionary of value arrays (empty when the file is missing,
    /// which the tests then report through their own expectations).
    static func seriesValues(_ name: String) -> [String: [Double]] {
        guard let table = try? FixtureTable(name) else { return [:] }
        var out: [String: [Double]] = [:]
        for row in table.rows { out[row[table.column("series")], default: []].append(table.double(row, "value")) }
        return out
    }

    func double(_ row: [String], _ name: String) -> Double {
        let text = row[column(name)]
        if text == "Inf" { return .infinity }
        if text == "-Inf" { return -.infinity }
        return Double(text) ?? .nan
    }
}

func relativelyClose(_ a: Double, _ b: Double, _ tolerance: Double, scale: Double = 0) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), scale)
}
