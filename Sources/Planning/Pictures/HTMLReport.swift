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
    /// A report with this title, vintage and model.
    public init(title: String, vintage: String, model: String) {
        self.title = title
        self.vintage = vintage
        self.model = model
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
            </style>
            </head>
            <body>
            <h1>\(e(title))</h1>
            <p class="muted">Data as of \(e(vintage)); model: \(e(model)). Forecast = median at the target year with its 80% and 95% intervals;
            P(meet) = probability that the target is met (at or above it when higher is better, at or below when lower is better).
            Status: met/missed once the target year's value is observed; otherwise on track (P ≥ 2/3), at risk, off track (P &lt; 1/3).</p>
            <h2>Plan targets</h2>
            <table>
            <tr><th class="l">indicator</th><th>latest</th><th>target</th><th>forecast</th><th>80%</th><th>95%</th><th>P(meet)</th><th>needed / yr</th><th>trend / yr</th><th class="l">status</th></tr>

            """
        func n(_ x: Double?) -> String { x.map { $0.isFinite ? NumberText.short($0) : "–" } ?? "–" }
        for o in targets {
            let a = o.assessment
            let p = a?.atTarget
            let status = a?.status.rawValue ?? ""
            h += "<tr><td class=\"l\"><a href=\"#\(e(o.indicator.id))\">\(e(o.indicator.name))</a></td>"
            h +=
                "<td>\(n(o.latest?.value)) <span class=\"muted\">(\(e(o.latest?.period.description ?? "")))</span></td>"
            h += "<td>\(n(a?.targetValue)) <span class=\"muted\">(\(a.map { String($0.targetYear) } ?? ""))</span></td>"
            func range(_ lo: Double?, _ hi: Double?) -> String {
                guard let lo, let hi, lo.isFinite, hi.isFinite else { return "–" }
                return lo == hi ? n(lo) : n(lo) + "–" + n(hi)
            }
            h += "<td>\(n(p?.median))</td><td>\(range(p?.lo80, p?.hi80))</td><td>\(range(p?.lo95, p?.hi95))</td>"
            h += "<td>\(a.map { $0.probability.isFinite ? e(Self.percent($0.probability)) : "–" } ?? "–")</td>"
            h += "<td>\(n(a?.requiredPerYear))</td><td>\(n(a?.trendPerYear))</td>"
            h +=
                "<td class=\"l \(status.replacingOccurrences(of: " ", with: "-"))\">\(e(a?.statusText ?? ""))</td></tr>\n"
        }
        h += "</table>\n"
        if !skipped.isEmpty {
            h += "<p class=\"muted\">Not shown: " + skipped.map(e).joined(separator: "; ") + "</p>\n"
        }
        let chart = FanChart()
        for (o, sources) in charts {
            h += "<section id=\"\(e(o.indicator.id))\">\n<h2>\(e(o.indicator.name))</h2>\n"
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
