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
    /// The format written.
    public let format: OutputFormat
    /// Worker threads for formatting large outputs.
    public let threads: Int
    /// Names of the id and period columns (the input's, so the output joins back onto it).
    public var idColumn = "series_id", periodColumn = "period"
    /// The JSON output's `meta` object (its bytes), written last.
    package var meta: [UInt8]?

    /// A writer of `format`, rendering on `threads` threads.
    public init(format: OutputFormat, threads: Int = 1) {
        self.format = format
        self.threads = max(1, threads)
    }

    /// Column label of a level: `80`, `99.5`.
    public static func levelLabel(_ level: Double) -> String {
        level == level.rounded() ? String(Int(level)) : String(level)
    }

    /// The header columns for `levels`, with the id and period columns named `id` and `period`.
    public static func columns(levels: [Double], id: String = "series_id", period: String = "period") -> [String] {
        [id, period, "model", "mean"]
            + levels.flatMap {
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
        sink(csvHeader(levels: levels))
        writeCSVRows(result, to: sink)
    }

    /// The CSV header line.
    func csvHeader(levels: [Double]) -> [UInt8] {
        Array((Self.columns(levels: levels, id: idColumn, period: periodColumn).joined(separator: ",") + "\n").utf8)
    }

    /// The CSV rows of `result`, formatted in parallel pieces and handed to `sink` in order.
    func writeCSVRows(_ result: BatchResult, to sink: ([UInt8]) -> Void) {
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
            if let cached = periodBytes[position.block] {
                labels = cached
            } else {
                labels = block.periods.map { Array($0.description.utf8) }
                periodBytes[position.block] = labels
            }
            let id = CSVText.escaped(block.seriesIDs[position.column])
            let model = CSVText.escaped(block.models[position.column])  // ETS(A,Ad,N) and ARIMA(1,1,0) hold commas
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
        var out: [UInt8] = Array("{\"forecasts\":[".utf8)
        var first = true
        appendJSONRows(result, levels: levels, first: &first, into: &out)
        appendJSONTail(
            result.failures.map { ($0.seriesID ?? "", $0.description) }, result.notes, meta: meta, into: &out)
        return out
    }

    /// The forecast objects of `result`, each after a comma unless it is the `first` of the output.
    func appendJSONRows(_ result: BatchResult, levels: [Double], first: inout Bool, into out: inout [UInt8]) {
        let columns = Self.columns(levels: levels, id: idColumn, period: periodColumn)
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
    }

    /// The end of the JSON object: the failures (series id, error), the notes and the `meta` object.
    func appendJSONTail(
        _ failures: [(String, String)], _ notes: [SeriesNote], meta: [UInt8]?, into out: inout [UInt8]
    ) {
        out.append(contentsOf: Array("\n],\"failures\":[".utf8))
        for (k, failure) in failures.enumerated() {
            out.append(contentsOf: Array((k == 0 ? "\n{" : ",\n{").utf8))
            out.append(contentsOf: JSONText.string(idColumn))
            out.append(0x3A)
            out.append(contentsOf: JSONText.string(failure.0))
            out.append(contentsOf: Array(",\"error\":".utf8))
            out.append(contentsOf: JSONText.string(failure.1))
            out.append(0x7D)
        }
        out.append(contentsOf: Array("\n],\"notes\":[".utf8))
        for (k, note) in notes.enumerated() {
            out.append(contentsOf: Array((k == 0 ? "\n{" : ",\n{").utf8))
            out.append(contentsOf: JSONText.string(idColumn))
            out.append(0x3A)
            out.append(contentsOf: JSONText.string(note.seriesID))
            out.append(contentsOf: Array(",\"note\":".utf8))
            out.append(contentsOf: JSONText.string(note.text))
            out.append(0x7D)
        }
        out.append(contentsOf: JSONText.closing(meta: meta))
    }

    // MARK: Table

    /// The table for people: one block a series, headed by its id and a short model label, with the periods and
    /// numbers below in the series' own precision (four significant digits of its largest value, thousands
    /// grouped), so it fits a terminal with the default two levels (CSV and JSON keep full precision and names).
    func renderTable(_ result: BatchResult, levels: [Double]) -> [UInt8] {
        let header =
            [periodColumn, "mean"] + levels.flatMap { ["lo\(Self.levelLabel($0))", "hi\(Self.levelLabel($0))"] }
        var text = ""
        for outcome in result.outcomes {
            guard case let .success(position) = outcome else { continue }
            let block = result.blocks[position.block]
            let h = block.horizon, base = position.column * h
            var values: [[Double]] = []
            for s in 0..<h {
                var row = [block.mean[base + s]]
                for l in 0..<block.levels.count {
                    row += [block.lowerBound(position.column, s, l), block.upperBound(position.column, s, l)]
                }
                values.append(row)
            }
            let largest = values.joined().filter(\.isFinite).map(abs).max() ?? 0
            let decimals = largest > 0 ? max(0, min(4, 3 - Int(log10(largest).rounded(.down)))) : 0
            var rows: [[String]] = [header]
            for (s, row) in values.enumerated() {
                rows.append([block.periods[s].description] + row.map { Self.grouped($0, decimals: decimals) })
            }
            let id = block.seriesIDs[position.column], model = Self.shortModel(block.models[position.column])
            // On one line when it fits 80 columns, else the model under the id.
            text += id.count + model.count + 5 <= 80 ? "\(id)  ·  \(model)\n" : "\(id)\n  \(model)\n"
            text += TextTable.render(rows, rightAligned: Set(1..<header.count)).split(separator: "\n")
                .map { "  " + $0 + "\n" }.joined()
            text += "\n"
        }
        return Array(text.utf8)
    }

    /// `x` with `decimals` decimals and its thousands grouped by commas (NA when not finite).
    package static func grouped(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "NA" }
        var text = String(format: "%.\(decimals)f", abs(x))
        if text.allSatisfy({ $0 == "0" || $0 == "." }) { return text }
        let dot = text.firstIndex(of: ".") ?? text.endIndex
        var whole = String(text[..<dot])
        let rest = String(text[dot...])
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        text = groups.joined(separator: ",") + rest
        return (x < 0 ? "-" : "") + text
    }

    /// A model name short enough for a table heading: a combination as `combo: ets, theta, drift, arima(0,2,0),
    /// dotm`, ETS mixtures as `ets`, single forms as `ets(AAdN)`, ARIMA orders as `arima(p,d,q)` (` drift` kept).
    public static func shortModel(_ name: String) -> String {
        func member(_ m: String) -> String {
            if m.hasPrefix("ETS-comb") { return "ets" }
            if m.hasPrefix("ETS("), m.hasSuffix(")") {
                return "ets(" + m.dropFirst(4).dropLast().replacingOccurrences(of: ",", with: "") + ")"
            }
            if m.hasPrefix("ARIMA(") {
                let order = m.dropFirst(6).prefix { $0 != ")" }
                return "arima(\(order))" + (m.hasSuffix("with drift") ? " drift" : "")
            }
            return m
        }
        guard let open = name.firstIndex(of: "("), name.hasSuffix(")"),
            name[..<open] == "combo" || name.hasPrefix("combo:")
        else { return member(name) }
        // Members are separated by " + " at depth 1.
        let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
        var members: [String] = [], depth = 0, current = ""
        var k = inner.startIndex
        while k < inner.endIndex {
            let c = inner[k]
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if depth == 0, inner[k...].hasPrefix(" + ") {
                members.append(current)
                current = ""
                k = inner.index(k, offsetBy: 3)
                continue
            }
            current.append(c)
            k = inner.index(after: k)
        }
        members.append(current)
        return String(name[..<open]) + ": " + members.map(member).joined(separator: ", ")
    }
}
