import Dispatch
import Forecasting
import Foundation

/// Output formats for forecasts.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// `series_id,period,model,mean,lo80,hi80,lo95,hi95` (one lo/hi pair per level), full precision.
    case csv
    /// `{"forecasts": [rows as in CSV], "failures": [{"series_id", "error"}]}`.
    case json
    /// An aligned, rounded table for reading on a terminal.
    case table
}

/// Renders batch forecasts as CSV, JSON or a table, in the input order of the series.
public struct ForecastWriter: Sendable {
    public let format: OutputFormat
    /// Worker threads for formatting large outputs.
    public let threads: Int

    public init(format: OutputFormat, threads: Int = 1) {
        self.format = format
        self.threads = max(1, threads)
    }

    /// Column label of a level: `80`, `99.5`.
    public static func levelLabel(_ level: Double) -> String {
        level == level.rounded() ? String(Int(level)) : String(level)
    }

    /// The header columns for `levels`.
    public static func columns(levels: [Double]) -> [String] {
        ["series_id", "period", "model", "mean"] + levels.flatMap {
            ["lo\(levelLabel($0))", "hi\(levelLabel($0))"]
        }
    }

    /// Renders the result; `levels` are the interval levels of every block.
    public func render(_ result: BatchResult, levels: [Double]) -> [UInt8] {
        switch format {
        case .csv: return renderCSV(result, levels: levels)
        case .json: return renderJSON(result, levels: levels)
        case .table: return renderTable(result, levels: levels)
        }
    }

    // MARK: CSV

    func renderCSV(_ result: BatchResult, levels: [Double]) -> [UInt8] {
        var out: [UInt8] = []
        writeCSV(result, levels: levels) { out.append(contentsOf: $0) }
        return out
    }

    /// Streams the output in pieces to `sink` (a file or standard output), so a large result is never held
    /// whole in memory. CSV pieces are formatted in parallel, a wave of `threads` pieces at a time, and
    /// handed to `sink` in order.
    public func write(_ result: BatchResult, levels: [Double], to sink: ([UInt8]) -> Void) {
        switch format {
        case .csv: writeCSV(result, levels: levels, to: sink)
        case .json, .table: sink(render(result, levels: levels))
        }
    }

    func writeCSV(_ result: BatchResult, levels: [Double], to sink: ([UInt8]) -> Void) {
        sink(Array((Self.columns(levels: levels).joined(separator: ",") + "\n").utf8))
        let total = result.outcomes.count
        let piece = 2_000
        var start = 0
        while start < total {
            let wave = min(threads, (total - start + piece - 1) / piece)
            let waveStart = start
            if wave <= 1 {
                var bytes: [UInt8] = []
                appendCSVRows(result, range: start..<min(total, start + piece), into: &bytes)
                sink(bytes)
            } else {
                let box = ConcurrentSlots<[UInt8]>(count: wave)
                DispatchQueue.concurrentPerform(iterations: wave) { k in
                    var bytes: [UInt8] = []
                    let lo = waveStart + k * piece
                    self.appendCSVRows(result, range: lo..<min(total, lo + piece), into: &bytes)
                    box.set(k, bytes)
                }
                for k in 0..<wave { sink(box.get(k) ?? []) }
            }
            start = min(total, start + wave * piece)
        }
    }

    func appendCSVRows(_ result: BatchResult, range: Range<Int>, into out: inout [UInt8]) {
        var periodBytes: [Int: [[UInt8]]] = [:]
        for i in range {
            guard case let .success(position) = result.outcomes[i] else { continue }
            let block = result.blocks[position.block]
            let labels: [[UInt8]]
            if let cached = periodBytes[position.block] { labels = cached } else {
                labels = block.periods.map { Array($0.description.utf8) }
                periodBytes[position.block] = labels
            }
            let id = CSVText.escaped(block.seriesIDs[position.column])
            let model = CSVText.escaped(block.models[position.column])   // ETS(A,Ad,N) and ARIMA(1,1,0) hold commas
            let h = block.horizon, base = position.column * h
            for s in 0..<h {
                out.append(contentsOf: id)
                out.append(0x2C)
                out.append(contentsOf: labels[s])
                out.append(0x2C)
                out.append(contentsOf: model)
                out.append(0x2C)
                NumberText.append(block.mean[base + s], to: &out)
                for l in 0..<block.levels.count {
                    out.append(0x2C)
                    NumberText.append(block.lowerBound(position.column, s, l), to: &out)
                    out.append(0x2C)
                    NumberText.append(block.upperBound(position.column, s, l), to: &out)
                }
                out.append(0x0A)
            }
        }
    }

    // MARK: JSON

    func renderJSON(_ result: BatchResult, levels: [Double]) -> [UInt8] {
        let columns = Self.columns(levels: levels)
        var out: [UInt8] = Array("{\"forecasts\":[".utf8)
        var first = true
        for outcome in result.outcomes {
            guard case let .success(position) = outcome else { continue }
            let block = result.blocks[position.block]
            let h = block.horizon, base = position.column * h
            for s in 0..<h {
                out.append(contentsOf: Array((first ? "\n{" : ",\n{").utf8))
                first = false
                var fields: [(String, [UInt8])] = [
                    (columns[0], JSONText.string(block.seriesIDs[position.column])),
                    (columns[1], JSONText.string(block.periods[s].description)),
                    (columns[2], JSONText.string(block.models[position.column])),
                    (columns[3], JSONText.number(block.mean[base + s])),
                ]
                for l in 0..<block.levels.count {
                    fields.append((columns[4 + 2 * l], JSONText.number(block.lowerBound(position.column, s, l))))
                    fields.append((columns[5 + 2 * l], JSONText.number(block.upperBound(position.column, s, l))))
                }
                for (k, (name, value)) in fields.enumerated() {
                    if k > 0 { out.append(0x2C) }
                    out.append(contentsOf: JSONText.string(name))
                    out.append(0x3A)
                    out.append(contentsOf: value)
                }
                out.append(0x7D)
            }
        }
        out.append(contentsOf: Array("\n],\"failures\":[".utf8))
        for (k, failure) in result.failures.enumerated() {
            out.append(contentsOf: Array((k == 0 ? "\n{" : ",\n{").utf8))
            out.append(contentsOf: Array("\"series_id\":".utf8))
            out.append(contentsOf: JSONText.string(failure.seriesID ?? ""))
            out.append(contentsOf: Array(",\"error\":".utf8))
            out.append(contentsOf: JSONText.string(failure.description))
            out.append(0x7D)
        }
        out.append(contentsOf: Array("\n],\"notes\":[".utf8))
        for (k, note) in result.notes.enumerated() {
            out.append(contentsOf: Array((k == 0 ? "\n{" : ",\n{").utf8))
            out.append(contentsOf: Array("\"series_id\":".utf8))
            out.append(contentsOf: JSONText.string(note.seriesID))
            out.append(contentsOf: Array(",\"note\":".utf8))
            out.append(contentsOf: JSONText.string(note.text))
            out.append(0x7D)
        }
        out.append(contentsOf: Array("\n]}\n".utf8))
        return out
    }

    // MARK: Table

    func renderTable(_ result: BatchResult, levels: [Double]) -> [UInt8] {
        var rows: [[String]] = [Self.columns(levels: levels)]
        for outcome in result.outcomes {
            guard case let .success(position) = outcome else { continue }
            let block = result.blocks[position.block]
            let h = block.horizon, base = position.column * h
            for s in 0..<h {
                var row = [s == 0 ? block.seriesIDs[position.column] : "", block.periods[s].description,
                           s == 0 ? block.models[position.column] : "", NumberText.rounded(block.mean[base + s])]
                for l in 0..<block.levels.count {
                    row.append(NumberText.rounded(block.lowerBound(position.column, s, l)))
                    row.append(NumberText.rounded(block.upperBound(position.column, s, l)))
                }
                rows.append(row)
            }
        }
        return Array(TextTable.render(rows, rightAligned: Set(3..<(4 + 2 * levels.count))).utf8)
    }
}

/// Plain-text tables with aligned columns.
public enum TextTable {
    /// Renders rows (the first is the header) with two spaces between columns and a rule under the header.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
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
            if i == 0 { text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return text
    }
}

/// Number formatting for output.
public enum NumberText {
    private static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)") ?? .infinity }

    /// Appends `x` with 15 significant digits (R's `write.csv` precision; relative rounding error below
    /// 5e-16), trailing zeros dropped, in plain notation for 1e-5 ≤ |x| < 1e15 and with an exponent
    /// otherwise; NaN and infinities as `NA`.
    ///
    /// Hand-written because `Double.description` allocates a string for every number longer than 15 bytes,
    /// which made formatting the largest single cost of writing a 100,000-series forecast.
    public static func append(_ x: Double, to out: inout [UInt8]) {
        guard x.isFinite else { out.append(0x4E); out.append(0x41); return }
        if x == 0 { out.append(0x30); return }
        let magnitude = abs(x)
        var exponent = Int(log10(magnitude).rounded(.down))
        // digits = round(|x| · 10^(14 − exponent)), an integer of exactly 15 digits.
        func scaled(_ e: Int) -> Double {
            let shift = 14 - e
            if shift >= 0 {
                return shift <= 308 ? magnitude * powersOfTen[shift] : magnitude * 1e308 * powersOfTen[shift - 308]
            }
            return magnitude / powersOfTen[min(308, -shift)]
        }
        var digits = scaled(exponent).rounded()
        if digits >= 1e15 { exponent += 1; digits = scaled(exponent).rounded() }
        if digits < 1e14 { exponent -= 1; digits = scaled(exponent).rounded() }
        if digits >= 1e15 { digits = 1e14; exponent += 1 }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { text in
            guard let t = text.baseAddress else { return }
            // The 15 digits as ASCII at t[32..<47], most significant first.
            var integer = UInt64(digits)
            for i in stride(from: 46, through: 32, by: -1) {
                let q = integer / 10
                t[i] = 0x30 + UInt8(truncatingIfNeeded: integer &- q &* 10)
                integer = q
            }
            var count = 15
            while count > 1 && t[32 + count - 1] == 0x30 { count -= 1 }
            var n = 0
            if x < 0 { t[n] = 0x2D; n += 1 }
            if exponent >= -5 && exponent < 15 {
                if exponent < 0 {
                    t[n] = 0x30; t[n + 1] = 0x2E; n += 2
                    for _ in 0..<(-exponent - 1) { t[n] = 0x30; n += 1 }
                    for i in 0..<count { t[n] = t[32 + i]; n += 1 }
                } else {
                    for i in 0...exponent { t[n] = i < count ? t[32 + i] : 0x30; n += 1 }
                    if count > exponent + 1 {
                        t[n] = 0x2E; n += 1
                        for i in (exponent + 1)..<count { t[n] = t[32 + i]; n += 1 }
                    }
                }
            } else {
                t[n] = t[32]; n += 1
                if count > 1 {
                    t[n] = 0x2E; n += 1
                    for i in 1..<count { t[n] = t[32 + i]; n += 1 }
                }
                t[n] = 0x65; n += 1
                if exponent < 0 { t[n] = 0x2D; n += 1 }
                var e = abs(exponent), start = n
                repeat { t[n] = 0x30 + UInt8(e % 10); e /= 10; n += 1 } while e > 0
                var lo = start, hi = n - 1
                while lo < hi { let c = t[lo]; t[lo] = t[hi]; t[hi] = c; lo += 1; hi -= 1 }
            }
            out.append(contentsOf: UnsafeBufferPointer(start: t, count: n))
        }
    }

    /// The shortest plain text of a value as it was given: `12`, `7.5`, `3194.4`.
    public static func compact(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// Four significant digits (all the integer digits of a large number), without an exponent, for charts and pages.
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        if abs(x) < 5e-7 { return "0" }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        let text = String(format: "%.\(min(6, max(0, 3 - magnitude)))f", x)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// About six significant digits, without an exponent, for tables.
    public static func rounded(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        if x == 0 { return "0" }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        let decimals = min(6, max(0, 5 - magnitude))
        let text = String(format: "%.\(decimals)f", x)
        // A tiny negative value rounds to zero: no sign on it.
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }
}

/// CSV field quoting (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled.
public enum CSVText {
    /// Appends the field to `out`, quoted when it needs to be (no intermediate array).
    public static func append(_ s: String, to out: inout [UInt8]) {
        var plain = true
        for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { plain = false; break }
        if plain { out.append(contentsOf: s.utf8) } else { out.append(contentsOf: escaped(s)) }
    }

    public static func escaped(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return bytes }
        var out: [UInt8] = [0x22]
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
        return out
    }
}

/// JSON literals.
public enum JSONText {
    public static func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: [0x5C, 0x22])
            case "\\": out.append(contentsOf: [0x5C, 0x5C])
            case "\n": out.append(contentsOf: [0x5C, 0x6E])
            case "\r": out.append(contentsOf: [0x5C, 0x72])
            case "\t": out.append(contentsOf: [0x5C, 0x74])
            case "<": out.append(contentsOf: Array("\\u003c".utf8))
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                } else {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        out.append(0x22)
        return out
    }

    /// A JSON number, or `null` for NaN and infinities.
    public static func number(_ x: Double) -> [UInt8] {
        x.isFinite ? Array(x.description.utf8) : Array("null".utf8)
    }
}

