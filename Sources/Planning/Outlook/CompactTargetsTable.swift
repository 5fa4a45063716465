import Forecasting
import Foundation
import TrajectoryIO

/// The targets table for a terminal: within `width` columns (80 by default, or the terminal's), numbers to three or
/// four significant digits with k/M/B, the status short (a `*` marks a low-confidence latest value, explained below
/// the table) and coloured when asked, each indicator's notes once below. CSV and JSON keep every column at full
/// precision (``OutlookTable``).
public enum CompactTargetsTable {
    /// The table as text; `colour` adds ANSI colours to the status (green met/on track, yellow at risk, red off
    /// track/missed) after the columns are laid out, so the widths hold.
    public static func render(
        _ entries: [(scenario: String?, outlook: IndicatorOutlook)], width: Int = 80, colour: Bool = false
    ) -> String {
        let withScenario = entries.contains { $0.scenario != nil }
        let years = Set(entries.compactMap { $0.outlook.assessment?.targetYear })
        let oneYear = years.count == 1 ? years.first : nil
        var header = (withScenario ? ["scenario"] : []) + ["indicator", "latest", "target"]
        header += [oneYear.map { "\($0) forecast (95%)" } ?? "forecast (95%)", "P(met)", "status"]
        var rows: [[String]] = []
        var statuses: [TargetStatus?] = []
        var lowConfidence = false
        for (scenario, o) in entries {
            let a = o.assessment
            let latest = o.latest.map { "\(number($0.value)) ’\(shortPeriod($0.period))" } ?? "—"
            var target = "—"
            if let a, let value = a.targetValue, value.isFinite {
                target = (o.indicator.direction == .higher ? "≥ " : "≤ ") + number(value)
                if oneYear == nil { target += " in \(a.targetYear)" }
            }
            var forecast = "—"
            if let p = a?.atTarget {
                forecast =
                    p.isGiven
                    ? "\(number(p.median)) (\(a?.status == .met || a?.status == .missed ? "observed" : "given"))"
                    : "\(number(p.median)) (\(number(p.lo95))–\(number(p.hi95)))"
                if !p.lo95.isFinite && !p.isGiven { forecast = "\(number(p.median)) (no interval)" }
            }
            let probability = a.map { $0.probability.isFinite ? String(format: "%.2f", $0.probability) : "—" } ?? "—"
            var status = a?.status == .insufficientData ? "too few data" : a?.status.rawValue ?? "no target"
            if let a, a.latestLowConfidence && a.status != .met && a.status != .missed {
                status += "*"
                lowConfidence = true
            }
            rows.append(
                (withScenario ? [scenario ?? ""] : []) + [
                    o.indicator.id, latest, target, forecast, probability, status,
                ])
            statuses.append(a?.status)
        }
        // Widths: every column as wide as its widest cell; the indicator (and scenario) columns give way when the
        // whole is wider than the terminal, cut with an ellipsis (CSV and JSON keep the full ids).
        var widths = header.indices.map { j in max(header[j].count, rows.map { $0[j].count }.max() ?? 0) }
        let gap = 2  // TextTable's
        let idColumn = withScenario ? 1 : 0
        let total = widths.reduce(0, +) + gap * (widths.count - 1)
        if total > width {
            let excess = total - width
            if withScenario { widths[0] = max(8, widths[0] - (excess + 1) / 2) }
            // Then the indicator, then (a scenario table on a narrow terminal) the forecast and status cells: the
            // table never runs past the width.
            for (column, least) in [(idColumn, 10), (idColumn + 3, 12), (idColumn + 5, 8), (0, 6)] {
                let rest = widths.reduce(0, +) + gap * (widths.count - 1) - width
                if rest > 0 { widths[column] = max(min(least, widths[column]), widths[column] - rest) }
            }
        }
        // The cells cut to their widths, laid out by the project's text table; the status, last on each line, is
        // coloured after the layout so the widths hold.
        func fit(_ s: String, _ w: Int) -> String { s.count <= w ? s : String(s.prefix(max(1, w - 1))) + "…" }
        let cut = ([header] + rows).map { row in row.enumerated().map { fit($1, widths[$0]) } }
        var lines = TextTable.render(cut, rule: "─").split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        if colour {
            for (k, status) in statuses.enumerated() {
                let line = lines[k + 2], cell = cut[k + 1][cut[k + 1].count - 1]
                lines[k + 2] = String(line.dropLast(cell.count)) + paint(cell, status)
            }
        }
        let text = lines.joined(separator: "\n")
        var notes: [String] = []
        if lowConfidence { notes.append("* the latest value rests on a source of low confidence") }
        notes.append("P(met): probability the target is met; on track P ≥ 2/3, at risk 1/3–2/3, off track < 1/3")
        // Units, once per indicator (the table has no room for a column of them).
        var units: [String] = []
        for (_, o) in entries where !o.indicator.unit.isEmpty {
            let unit = "\(o.indicator.id) in \(o.indicator.unit)"
            if !units.contains(unit) { units.append(unit) }
        }
        if !units.isEmpty { notes.append("Units: " + units.joined(separator: "; ")) }
        for (scenario, o) in entries where !o.notes.isEmpty {
            notes.append("\(scenario.map { "[\($0)] " } ?? "")\(o.indicator.id): \(o.notes.joined(separator: "; "))")
        }
        return text + "\n" + notes.map { wrap($0, width: width) }.joined()
    }

    /// `text` broken at spaces into lines of at most `width` columns, the continuation lines indented by two.
    static func wrap(_ text: String, width: Int) -> String {
        var out = "", line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                out += line + "\n"
                line = "  " + word
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        return out + line + "\n"
    }

    /// Three or four significant digits; k, M, B from ten thousand on.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        let a = abs(x)
        let sign = x < 0 ? "-" : ""
        func scaled(_ v: Double, _ suffix: String) -> String {
            let digits = v >= 100 ? 0 : (v >= 10 ? 1 : 2)
            return sign + String(format: "%.\(digits)f", v) + suffix
        }
        if a >= 1e9 { return scaled(a / 1e9, "B") }
        if a >= 1e6 { return scaled(a / 1e6, "M") }
        if a >= 1e4 { return scaled(a / 1e3, "k") }
        if a >= 100 { return sign + String(format: "%.0f", a) }
        if a >= 10 { return sign + String(format: "%.1f", a) }
        if a == 0 { return "0" }
        return sign + String(format: a >= 1 ? "%.2f" : "%.3g", a)
    }

    /// A year as its last two digits (’24); a date as month and year (’24-06).
    static func shortPeriod(_ p: Period) -> String {
        let text = p.description
        guard text.count >= 4, let year = Int(text.prefix(4)) else { return text }
        let two = String(format: "%02d", year % 100)
        return text.count == 4 ? two : two + "-" + text.dropFirst(5).prefix(2)
    }

    static func paint(_ s: String, _ status: TargetStatus?) -> String {
        let code: String
        switch status {
        case .met, .onTrack, .metSoFar: code = "32"
        case .atRisk: code = "33"
        case .offTrack, .missed: code = "31"
        default: return s
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }
}
