import Forecasting
import Foundation
import TrajectoryIO

/// A fan chart of an ``IndicatorOutlook`` as a standalone SVG: the history (year values as filled circles,
/// dated points such as mid-year values as open diamonds), the forecast median, its 80% and 95% bands, the
/// target as a marker, and axes labelled with years and the indicator's unit.
///
/// Hand-written: the chart needs a few dozen elements and no SVG package is among the project's dependencies;
/// every string from data (names, units, notes) goes through ``Markup/escape(_:)``.
public struct FanChart: Sendable {
    /// Width in pixels.
    public var width = 760.0
    /// Height in pixels.
    public var height = 420.0
    /// A chart of the default size.
    public init() {}

    let left = 78.0, right = 24.0, top = 64.0, bottom = 64.0

    /// The SVG document; `subtitle` adds a line under the title, `footer` a line under the chart (a standalone
    /// chart's source and vintage).
    public func svg(
        _ o: IndicatorOutlook, subtitle: String? = nil, standalone: Bool = true, footer: String? = nil
    ) -> String {
        let anchor = o.indicator.anchor
        let history = o.observations.map { (t: $0.period.time(anchor: anchor), v: $0.value, dated: $0.basis == .point) }
        let assumed = o.assumptions.sorted { $0.key < $1.key }.map {
            (t: Period.year($0.key).time(anchor: anchor), v: $0.value)
        }
        let path = o.path
        // With a vintage: the values published after it, drawn over the forecast made without them.
        let later = o.laterObservations.map { (t: $0.period.time(anchor: anchor), v: $0.value) }
        let target = o.assessment.flatMap { a in
            a.targetValue.map { (t: Period.year(a.targetYear).time(anchor: anchor), v: $0, year: a.targetYear) }
        }
        // Ranges.
        var xs = history.map(\.t) + assumed.map(\.t) + path.map(\.time) + later.map(\.t)
        var ys = history.map(\.v) + assumed.map(\.v) + path.flatMap { [$0.median, $0.lo95, $0.hi95] } + later.map(\.v)
        if let target { xs.append(target.t); ys.append(target.v) }
        ys = ys.filter(\.isFinite)
        let x0 = (xs.min() ?? 0) - 0.3, x1 = (xs.max() ?? 1) + 0.3
        var y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if y1 - y0 < 1e-9 * max(1, abs(y1)) { y0 -= max(1, abs(y0)) * 0.05; y1 += max(1, abs(y1)) * 0.05 }
        let pad = (y1 - y0) * 0.08
        y0 -= pad; y1 += pad
        if let lower = o.indicator.lowerBound { y0 = max(y0, lower) }
        if let upper = o.indicator.upperBound { y1 = min(y1, upper) }
        let ticks = Self.niceTicks(y0, y1, count: 6)
        if let first = ticks.first, first < y0 { y0 = first }
        if let last = ticks.last, last > y1 { y1 = last }
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ t: Double) -> Double { left + (t - x0) / (x1 - x0) * plotW }
        func py(_ v: Double) -> Double { top + (1 - (min(max(v, y0), y1) - y0) / (y1 - y0)) * plotH }
        func f(_ x: Double) -> String { String(format: "%.1f", x) }

        let totalHeight = footer == nil ? height : height + 20
        var s = ""
        if standalone { s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        s +=
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(totalHeight))\" viewBox=\"0 0 \(f(width)) \(f(totalHeight))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\" role=\"img\">\n"
        s += "<title>\(Markup.escape(o.indicator.name))</title>\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        if let footer {
            s +=
                "<text x=\"\(f(left))\" y=\"\(f(height + 12))\" font-size=\"10\" fill=\"#666666\">\(Markup.escape(footer))</text>\n"
        }
        s +=
            "<text x=\"\(f(left))\" y=\"22\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">\(Markup.escape(o.indicator.name))</text>\n"
        if let subtitle {
            s += "<text x=\"\(f(left))\" y=\"41\" fill=\"#444444\">\(Markup.escape(subtitle))</text>\n"
        }
        // Grid and y axis.
        for v in ticks where v >= y0 - 1e-12 && v <= y1 + 1e-12 {
            s +=
                "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(py(v)))\" y2=\"\(f(py(v)))\" stroke=\"#e3e3e3\"/>\n"
            s +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\" fill=\"#333333\">\(Markup.escape(Self.tickLabel(v, step: ticks.count > 1 ? ticks[1] - ticks[0] : 1)))</text>\n"
        }
        s +=
            "<text transform=\"translate(16 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#333333\">\(Markup.escape(o.indicator.unit))</text>\n"
        // x axis: a tick at each year's position (year end for year-end levels).
        let firstYear = Int((x0 - (anchor == .end ? 1 : 0)).rounded(.up)),
            lastYear = Int((x1 - (anchor == .end ? 1 : 0)).rounded(.down))
        let span = max(1, lastYear - firstYear)
        let every = span > 24 ? 5 : span > 12 ? 2 : 1
        s +=
            "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH))\" stroke=\"#888888\"/>\n"
        if firstYear <= lastYear {
            for year in firstYear...lastYear where year % every == 0 {
                let x = px(Period.year(year).time(anchor: anchor))
                s +=
                    "<line x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#888888\"/>\n"
                s +=
                    "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 19))\" text-anchor=\"middle\" fill=\"#333333\">\(year)</text>\n"
            }
        }
        s +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 26))\" text-anchor=\"middle\" fill=\"#333333\">\(anchor == .end ? "year (values at year end; dated values at their date)" : "year")</text>\n"
        // Bands and median, starting from the last known value.
        let lastKnown = assumed.last.map { (t: $0.t, v: $0.v) } ?? history.last.map { (t: $0.t, v: $0.v) }
        var fan: [(x: Double, y: Double)] = []  // the outer band's outline, for placing the target's label
        if !path.isEmpty, let start = lastKnown {
            func band(_ lo: (OutlookPoint) -> Double, _ hi: (OutlookPoint) -> Double, _ colour: String) {
                let finite = path.allSatisfy { lo($0).isFinite && hi($0).isFinite }
                guard finite else { return }
                var outline = [(x: px(start.t), y: py(start.v))]
                outline += path.map { (x: px($0.time), y: py(hi($0))) }
                outline += path.reversed().map { (x: px($0.time), y: py(lo($0))) }
                if fan.isEmpty { fan = outline }
                let points = outline.map { "\(f($0.x)),\(f($0.y))" }
                s += "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(colour)\" stroke=\"none\"/>\n"
            }
            band({ $0.lo95 }, { $0.hi95 }, "#c6dbef")
            band({ $0.lo80 }, { $0.hi80 }, "#6baed6")
            let median = ["\(f(px(start.t))),\(f(py(start.v)))"] + path.map { "\(f(px($0.time))),\(f(py($0.median)))" }
            s +=
                "<polyline points=\"\(median.joined(separator: " "))\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
        }
        // History line and markers; a missing year (points more than 1.5 years apart) is a gap in the line, not a
        // straight stroke across it.
        let points = history.map { (t: $0.t, v: $0.v) } + assumed.map { (t: $0.t, v: $0.v) }
        var runs: [[String]] = []
        for (k, p) in points.enumerated() {
            if k == 0 || p.t - points[k - 1].t > 1.5 { runs.append([]) }
            runs[runs.count - 1].append("\(f(px(p.t))),\(f(py(p.v)))")
        }
        for run in runs where run.count > 1 {
            s +=
                "<polyline class=\"history\" points=\"\(run.joined(separator: " "))\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"1.6\"/>\n"
        }
        for p in later {
            s +=
                "<circle class=\"later\" cx=\"\(f(px(p.t)))\" cy=\"\(f(py(p.v)))\" r=\"4.2\" fill=\"#ffffff\" stroke=\"#e6550d\" stroke-width=\"2\"/>\n"
        }
        for h in history {
            let x = px(h.t), y = py(h.v)
            if h.dated {
                s +=
                    "<path d=\"M \(f(x)) \(f(y - 5.5)) L \(f(x + 5.5)) \(f(y)) L \(f(x)) \(f(y + 5.5)) L \(f(x - 5.5)) \(f(y)) Z\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"1.5\"/>\n"
            } else {
                s += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3.8\" fill=\"#1a1a1a\"/>\n"
            }
        }
        for a in assumed {
            s +=
                "<rect x=\"\(f(px(a.t) - 4))\" y=\"\(f(py(a.v) - 4))\" width=\"8\" height=\"8\" fill=\"#ffffff\" stroke=\"#a63603\" stroke-width=\"1.5\"/>\n"
        }
        // Target.
        if let target {
            let x = px(target.t), y = py(target.v)
            s +=
                "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y))\" y2=\"\(f(y))\" stroke=\"#d94801\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n"
            s += "<path d=\"\(Self.star(x, y, 8))\" fill=\"#d94801\" stroke=\"#7f2704\" stroke-width=\"0.8\"/>\n"
            let label = "target \(target.year): \(NumberText.compact(target.v))"
            let w = Self.textWidth(label)
            // Beside the star, or at either end of the target line, above or below it: the first place clear of
            // the fan (the fewest fan pixels under it if none is).
            let candidates: [(x: Double, baseline: Double)] = [
                (x > left + plotW * 0.7 ? x - 12 - w : x + 12, y - 8),
                (x > left + plotW * 0.7 ? x - 12 - w : x + 12, y + 18),
                (left + 6, y - 6), (left + 6, y + 16), (width - right - 6 - w, y - 6), (width - right - 6 - w, y + 16),
            ]
            let place =
                candidates.min { a, b in
                    Self.overlap(fan, x: a.x, width: w, baseline: a.baseline)
                        < Self.overlap(fan, x: b.x, width: w, baseline: b.baseline)
                } ?? candidates[0]
            s +=
                "<text class=\"target-label\" x=\"\(f(place.x))\" y=\"\(f(place.baseline))\" fill=\"#7f2704\">\(Markup.escape(label))</text>\n"
        }
        // Legend.
        var lx = left
        let ly = height - 8.0
        func legend(_ swatch: String, _ text: String) {
            s += swatch.replacingOccurrences(of: "X", with: f(lx)).replacingOccurrences(of: "Y", with: f(ly - 4))
            s += "<text x=\"\(f(lx + 16))\" y=\"\(f(ly))\" fill=\"#333333\">\(Markup.escape(text))</text>\n"
            lx += 16 + Double(text.count) * 6.4 + 18
        }
        legend("<circle cx=\"X\" cy=\"Y\" r=\"3.8\" fill=\"#1a1a1a\" transform=\"translate(5 0)\"/>\n", "year value")
        if history.contains(where: \.dated) {
            legend(
                "<path d=\"M X Y m 5 -5 l 5 5 l -5 5 l -5 -5 z\" fill=\"#ffffff\" stroke=\"#1a1a1a\" stroke-width=\"1.5\"/>\n",
                "dated value (e.g. mid-year)")
        }
        if !later.isEmpty {
            legend(
                "<circle cx=\"X\" cy=\"Y\" r=\"4\" fill=\"#ffffff\" stroke=\"#e6550d\" stroke-width=\"2\" transform=\"translate(5 0)\"/>\n",
                "published later")
        }
        if !assumed.isEmpty {
            legend(
                "<rect x=\"X\" y=\"Y\" width=\"8\" height=\"8\" fill=\"#ffffff\" stroke=\"#a63603\" stroke-width=\"1.5\" transform=\"translate(1 -4)\"/>\n",
                "assumed")
        }
        if path.contains(where: { $0.lo95.isFinite && $0.hi95.isFinite }) {
            legend(
                "<rect x=\"X\" y=\"Y\" width=\"12\" height=\"8\" fill=\"#6baed6\" transform=\"translate(0 -4)\"/>\n",
                "80%")
            legend(
                "<rect x=\"X\" y=\"Y\" width=\"12\" height=\"8\" fill=\"#c6dbef\" transform=\"translate(0 -4)\"/>\n",
                "95%")
        }
        if !path.isEmpty {
            legend(
                "<path d=\"M X Y h 12\" stroke=\"#08519c\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n", "median")
        }
        if target != nil {
            legend("<path d=\"\(Self.star(0, 0, 6))\" fill=\"#d94801\" transform=\"translate(X Y)\"/>\n", "target")
        }
        s += "</svg>\n"
        return s
    }

    /// A five-pointed star's path centred at (x, y).
    static func star(_ x: Double, _ y: Double, _ r: Double) -> String {
        var parts: [String] = []
        for k in 0..<10 {
            let radius = k % 2 == 0 ? r : r * 0.45
            let angle = -Double.pi / 2 + Double(k) * Double.pi / 5
            parts.append(
                (k == 0 ? "M " : "L ") + String(format: "%.1f %.1f", x + radius * cos(angle), y + radius * sin(angle)))
        }
        return parts.joined(separator: " ") + " Z"
    }

    /// About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10ᵏ).
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return [lo] }
        let raw = (hi - lo) / Double(max(1, count - 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let start = (lo / step).rounded(.down) * step
        var ticks: [Double] = []
        var v = start
        while v <= hi + step * 0.5 && ticks.count < 50 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return ticks
    }

    /// A tick label with as many decimals as the step needs, thousands grouped.
    static func tickLabel(_ v: Double, step: Double) -> String {
        let exponent = (-log10(step)).rounded(.up)
        let decimals = exponent.isFinite ? Int(min(15, max(0, exponent))) : 0
        // Beyond 10¹⁵ (a bound that ran away) digits would not fit a tick: three significant digits and an exponent.
        if !(abs(v) < 1e15) { return String(format: "%.3g", v) }
        if decimals == 0 && abs(v) >= 10_000 {
            let n = Int64(v.rounded())
            var digits = String(abs(n))
            var groups: [String] = []
            while digits.count > 3 { groups.insert(String(digits.suffix(3)), at: 0); digits.removeLast(3) }
            groups.insert(digits, at: 0)
            return (n < 0 ? "-" : "") + groups.joined(separator: ",")
        }
        return String(format: "%.\(decimals)f", v)
    }

    /// The width of `text` at the chart's 12 px font (Helvetica's average advance, rounded up).
    static func textWidth(_ text: String) -> Double { Double(text.count) * 6.6 }

    /// How many pixel columns of a label's box (12 px tall above `baseline`, 3 below) the polygon `fan` covers.
    static func overlap(_ fan: [(x: Double, y: Double)], x: Double, width: Double, baseline: Double) -> Int {
        var columns = 0
        var c = x
        while c <= x + width {
            if let (top, bottom) = extent(fan, at: c), top < baseline + 3, bottom > baseline - 12 { columns += 1 }
            c += 1
        }
        return columns
    }

    /// The top and bottom of a polygon along the vertical line at `x` (nil where it does not reach).
    static func extent(_ polygon: [(x: Double, y: Double)], at x: Double) -> (Double, Double)? {
        guard polygon.count >= 3 else { return nil }
        var ys: [Double] = []
        for k in polygon.indices {
            let a = polygon[k], b = polygon[(k + 1) % polygon.count]
            guard min(a.x, b.x) <= x, x <= max(a.x, b.x) else { continue }
            ys.append(a.x == b.x ? min(a.y, b.y) : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x))
            if a.x == b.x { ys.append(max(a.y, b.y)) }
        }
        guard let top = ys.min(), let bottom = ys.max() else { return nil }
        return (top, bottom)
    }
}

/// Escaping for HTML and SVG text and attributes.
public enum Markup {
    /// `&`, `<`, `>`, `"` and `'` as entities, so a value holding `<script>` is shown as text.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if c.value < 0x20 && c != "\t" && c != "\n" { out += " " } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// A URL fit for an `href`: only http(s) links, escaped; nil otherwise (then shown as text).
    public static func safeURL(_ s: String) -> String? {
        let lower = s.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        return escape(s)
    }
}
