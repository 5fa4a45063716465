import Forecasting
import TrajectoryIO

/// One self-contained HTML page: the targets table and every indicator's fan chart (inline SVG), with each
/// indicator's notes and sources. No scripts, no external files; every string from data is escaped.
public struct HTMLReport: Sendable {
    /// The page title.
    public let title: String
    /// The data vintage shown under the title.
    public let vintage: String
    /// The model shown under the title.
    public let model: String
    /// The generation date (`2026-12-01`), shown under the title.
    public let generated: String
    /// The version of the program that wrote the page.
    public let version: String
    /// A report with this title, vintage, model, generation date and version.
    public init(title: String, vintage: String, model: String, generated: String = "", version: String = "") {
        self.title = title
        self.vintage = vintage
        self.model = model
        self.generated = generated
        self.version = version
    }

    /// How urgent a status is, most urgent first: the order of the summary table.
    static func risk(_ status: TargetStatus?) -> Int {
        switch status {
        case .missed: return 0
        case .offTrack: return 1
        case .atRisk: return 2
        case .insufficientData: return 3
        case .onTrack: return 4
        case .metSoFar: return 5
        case .met: return 6
        case .noTarget, nil: return 7
        }
    }

    /// The rows in order of risk: missed, off track, at risk, …, met; by probability within a status.
    public static func byRisk(_ targets: [IndicatorOutlook]) -> [IndicatorOutlook] {
        targets.enumerated().sorted { a, b in
            let (ra, rb) = (risk(a.element.assessment?.status), risk(b.element.assessment?.status))
            if ra != rb { return ra < rb }
            let (pa, pb) = (a.element.assessment?.probability ?? 1, b.element.assessment?.probability ?? 1)
            if pa.isFinite && pb.isFinite && pa != pb { return pa < pb }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The verdict in one sentence: `6 of 8 targets met or on track; at risk: copyright share (P = 66%)`.
    public static func headline(_ targets: [IndicatorOutlook]) -> String {
        let assessed = targets.filter { $0.assessment?.targetValue != nil && $0.assessment?.status != .noTarget }
        guard !assessed.isEmpty else { return "No indicator has a target to assess." }
        let good = assessed.filter { [.met, .metSoFar, .onTrack].contains($0.assessment?.status) }
        var s = "\(good.count) of \(assessed.count) targets met or on track"
        for status in [TargetStatus.missed, .offTrack, .atRisk, .insufficientData] {
            let these = byRisk(assessed.filter { $0.assessment?.status == status })
            guard !these.isEmpty else { continue }
            let named = these.map { o -> String in
                let p = o.assessment.map(\.probability).flatMap { $0.isFinite ? $0 : nil }
                return o.indicator.name + (p.map { " (P = \(percent($0)))" } ?? "")
            }
            s += "; \(status.rawValue): " + named.joined(separator: ", ")
        }
        return s + "."
    }

    /// A chart's title: the indicator and what its forecast says (`… — on track, P(met) 74%`).
    public static func finding(_ o: IndicatorOutlook) -> String {
        guard let a = o.assessment, a.targetValue != nil, a.status != .noTarget else { return o.indicator.name }
        let p =
            a.probability.isFinite && ![.met, .missed].contains(a.status) ? ", P(met) \(percent(a.probability))" : ""
        return "\(o.indicator.name) — \(a.statusText)\(p)"
    }

    /// The line under a standalone chart: its sources, the vintage and the program (within the chart's width).
    public static func sourceLine(_ o: IndicatorOutlook, vintage: String, version: String) -> String {
        var titles: [String] = []
        for obs in o.observations where !obs.sourceTitle.isEmpty && !titles.contains(obs.sourceTitle) {
            titles.append(obs.sourceTitle)
        }
        let shown = titles.prefix(2).joined(separator: "; ") + (titles.count > 2 ? " and \(titles.count - 2) more" : "")
        let tail = " · data as of \(vintage) · Trajectory \(version)"
        let room = max(20, 125 - tail.count - 8)
        let source = shown.count > room ? String(shown.prefix(room - 1)) + "…" : shown
        return (titles.isEmpty ? "Source: see the dataset" : "Source: " + source) + tail
    }

    /// "needed / yr": the change a year still required, or `met` when the latest value already meets the target.
    static func needed(_ o: IndicatorOutlook) -> String? {
        guard let a = o.assessment, let target = a.targetValue else { return nil }
        if [.met, .metSoFar].contains(a.status)
            || (o.latest.map { AttainmentProbability.meets($0.value, target: target, direction: o.indicator.direction) }
                ?? false)
        {
            return "met"
        }
        return a.requiredPerYear.isFinite ? NumberText.short(a.requiredPerYear) : nil
    }

    /// The page. `targets` are the rows of the targets table; `charts` every indicator's outlook with the sources
    /// of its observations.
    public func html(
        targets: [IndicatorOutlook], charts: [(outlook: IndicatorOutlook, sources: [Observation])],
        skipped: [String]
    ) -> String {
        let e = Markup.escape
        var h = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #1a1a1a; padding: 0 1em; }
            table { border-collapse: collapse; font-size: 13px; margin: 1em 0; }
            th, td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: right; }
            th { background: #f3f3f3; }
            td.l, th.l { text-align: left; }
            .met { color: #006d2c; font-weight: bold; } .on-track { color: #238b45; } .at-risk { color: #b35806; font-weight: bold; }
            .off-track, .missed { color: #b2182b; font-weight: bold; } .muted { color: #666; }
            section { margin: 2.5em 0; border-top: 1px solid #ccc; padding-top: 1em; }
            svg { max-width: 100%; height: auto; }
            ul.sources { font-size: 12px; color: #444; }
            p.meta { color: #444; } p.headline { font-size: 18px; font-weight: bold; margin: 0.6em 0; }
            ol.contents { columns: 2; font-size: 13px; } @media (max-width: 700px) { ol.contents { columns: 1; } table { font-size: 12px; } th, td { padding: 3px 3px; } .opt { display: none; } h1 { font-size: 22px; } }
            .table-wrap { overflow-x: auto; }
            </style>
            </head>
            <body>
            <h1>\(e(title))</h1>
            <p class="meta">Data as of <strong>\(e(vintage))</strong> · model <strong>\(e(model))</strong>\(generated.isEmpty ? "" : " · generated \(e(generated))")\(version.isEmpty ? "" : " by Trajectory \(e(version))")</p>
            <p class="headline">\(e(Self.headline(targets)))</p>
            <p class="muted">Forecast = median at the target year with its 80% and 95% intervals;
            P(meet) = probability that the target is met (at or above it when higher is better, at or below when lower is better).
            Status: met/missed once the target year's value is observed; otherwise on track (P ≥ 2/3), at risk, off track (P &lt; 1/3).</p>
            <h2>Plan targets, most at risk first</h2>
            <div class="table-wrap"><table>
            <tr><th class="l">indicator</th><th class="l opt">unit</th><th class="l opt">better</th><th>latest</th><th>target</th><th>forecast</th><th class="opt">80%</th><th class="opt">95%</th><th>P(meet)</th><th class="opt">needed / yr</th><th class="opt">trend / yr</th><th class="l">status</th></tr>

            """
        func n(_ x: Double?) -> String { x.map { $0.isFinite ? NumberText.short($0) : "–" } ?? "–" }
        for o in Self.byRisk(targets) {
            let a = o.assessment
            let p = a?.atTarget
            let status = a?.status.rawValue ?? ""
            h += "<tr><td class=\"l\"><a href=\"#\(e(o.indicator.id))\">\(e(o.indicator.name))</a></td>"
            h += "<td class=\"l muted opt\">\(e(o.indicator.unit))</td>"
            h += "<td class=\"l opt\">\(o.indicator.direction == .higher ? "↑ higher" : "↓ lower")</td>"
            h +=
                "<td>\(n(o.latest?.value)) <span class=\"muted\">(\(e(o.latest?.period.description ?? "")))</span></td>"
            h += "<td>\(n(a?.targetValue)) <span class=\"muted\">(\(a.map { String($0.targetYear) } ?? ""))</span></td>"
            func range(_ lo: Double?, _ hi: Double?) -> String {
                guard let lo, let hi, lo.isFinite, hi.isFinite else { return "–" }
                return lo == hi ? n(lo) : n(lo) + "–" + n(hi)
            }
            h +=
                "<td>\(n(p?.median))</td><td class=\"opt\">\(range(p?.lo80, p?.hi80))</td><td class=\"opt\">\(range(p?.lo95, p?.hi95))</td>"
            h += "<td>\(a.map { $0.probability.isFinite ? e(Self.percent($0.probability)) : "–" } ?? "–")</td>"
            h += "<td class=\"opt\">\(Self.needed(o).map(e) ?? "–")</td><td class=\"opt\">\(n(a?.trendPerYear))</td>"
            h +=
                "<td class=\"l \(status.replacingOccurrences(of: " ", with: "-"))\">\(e(a?.statusText ?? ""))</td></tr>\n"
        }
        h += "</table></div>\n"
        if !skipped.isEmpty {
            h += "<p class=\"muted\">Not shown: " + skipped.map(e).joined(separator: "; ") + "</p>\n"
        }
        h += "<nav><h2>Charts</h2>\n<ol class=\"contents\">\n"
        for (o, _) in charts { h += "<li><a href=\"#\(e(o.indicator.id))\">\(e(Self.finding(o)))</a></li>\n" }
        h += "</ol></nav>\n"
        let chart = FanChart()
        for (o, sources) in charts {
            h += "<section id=\"\(e(o.indicator.id))\">\n<h2>\(e(Self.finding(o)))</h2>\n"
            let fit =
                o.path.isEmpty
                ? "the target year is observed" : "model \(o.model) on the \(o.transform.description) scale"
            h +=
                "<p class=\"muted\">\(e(o.indicator.id)) · \(e(o.indicator.unit)) · \(e(o.indicator.kind.rawValue)), \(e(o.indicator.direction.rawValue)) is better · \(e(fit))</p>\n"
            h += chart.svg(o, subtitle: Self.subtitle(o), standalone: false)
            if !o.notes.isEmpty { h += "<p class=\"muted\">" + o.notes.map(e).joined(separator: "; ") + "</p>\n" }
            h += "<ul class=\"sources\">\n"
            for s in sources {
                let link =
                    Markup.safeURL(s.sourceURL).map {
                        "<a href=\"\($0)\" rel=\"noreferrer\">\(e(s.sourceTitle.isEmpty ? s.sourceURL : s.sourceTitle))</a>"
                    }
                    ?? e(s.sourceTitle + " " + s.sourceURL)
                h +=
                    "<li>\(e(s.period.description)): \(e(NumberText.compact(s.value))) (\(e(s.confidence))) — \(link)</li>\n"
            }
            h += "</ul>\n</section>\n"
        }
        h += "</body>\n</html>\n"
        return h
    }

    /// A probability in percent for reading: whole percents, `< 1%` and `> 99%` at the ends.
    public static func percent(_ p: Double) -> String {
        if p < 0.005 { return p == 0 ? "0%" : "< 1%" }
        if p > 0.995 { return p == 1 ? "100%" : "> 99%" }
        return String(format: "%.0f%%", 100 * p)
    }

    /// `forecast 2025: 14.5 (95%: 6.9–19.9); P(target met) 74%, on track`.
    public static func subtitle(_ o: IndicatorOutlook) -> String {
        guard let a = o.assessment else { return "history only" }
        var s =
            a.atTarget.isGiven
            ? "\(a.targetYear): \(NumberText.short(a.atTarget.median)) (\(o.assumptions[a.targetYear] != nil ? "assumed" : "observed"))"
            : "forecast \(a.targetYear): \(NumberText.short(a.atTarget.median))"
        if !a.atTarget.isGiven && a.atTarget.lo95.isFinite {
            s += " (95%: \(NumberText.short(a.atTarget.lo95))–\(NumberText.short(a.atTarget.hi95)))"
        }
        if a.targetValue != nil {
            s += a.probability.isFinite ? "; P(target met) " + percent(a.probability) : ""
            s += ", \(a.statusText)"
        }
        return s
    }

    func percent(_ p: Double) -> String { Self.percent(p) }
}
