import Foundation

/// One-off values that a short yearly series cannot explain, found and replaced before the automatic method fits it,
/// in the manner of R's `tsoutliers`/`tsclean`: the residuals from Tukey's running median of three (with his end-point
/// rule) are compared with a robust scale of the series' first differences, 1.4826·MAD; the value whose residual exceeds
/// ``threshold`` such scales by most is replaced by the straight line through its neighbours (the first value by the
/// line through the next two), and the search repeats, up to a quarter of the values, so a spike does not make its
/// neighbours look outlying too. Positive series are screened on the log scale as well, where the log-scale forms read
/// them: a first value of 5 before 8,536, 18,971, … is unremarkable in units but a jump of 7.4 in logarithms that
/// would otherwise pass for volatility (a value is then replaced on the log scale). The value before the latest is not
/// judged (its smooth depends on the latest). The latest value is never replaced — it may be the start of a new level, and a planner's forecast must
/// start from it.
public struct OutlierScreen: Sendable, Hashable {
    /// Residuals beyond this many robust scales are outliers.
    public var threshold = 6.0
    /// The shortest series screened (the running median needs neighbours on both sides, and the scale some differences).
    public var minimumLength = 5

    /// The screen with its default threshold.
    public init() {}

    /// The indices of outlying values of `x` (never the last two), found one at a time: the most outlying value is
    /// replaced by the line through its neighbours before the next is looked for, so a spike does not make its
    /// neighbours look outlying too.
    func outliers(_ x: [Double]) -> [Int] {
        var y = x
        var found: [Int] = []
        while found.count * 4 < x.count, let (i, _) = mostOutlying(y) {
            found.append(i)
            y[i] = Self.replacement(y, at: i)
        }
        return found.sorted()
    }

    /// The value whose residual from the running median is the largest multiple of the robust scale, when that
    /// multiple exceeds ``threshold``.
    func mostOutlying(_ x: [Double]) -> (index: Int, ratio: Double)? {
        let n = x.count
        guard n >= minimumLength else { return nil }
        let smooth = Self.runningMedian(x)
        var d: [Double] = []
        for i in 1..<n { d.append(x[i] - x[i - 1]) }
        let center = Self.median(d)
        let scale = max(1.4826 * Self.median(d.map { abs($0 - center) }), 1e-9 * (x.map(abs).max() ?? 0))
        guard scale.isFinite, scale > 0 else { return nil }
        var best: (Int, Double)?
        // The latest value is not judged, nor the one before it, whose smooth depends on it.
        for i in 0..<(n - 2) {
            let ratio = abs(x[i] - smooth[i]) / scale
            if ratio > threshold && ratio > (best?.1 ?? 0) { best = (i, ratio) }
        }
        return best
    }

    /// The value that replaces `x[i]`: the straight line through its neighbours; the first value, the line through
    /// the next two extended back.
    static func replacement(_ x: [Double], at i: Int) -> Double {
        if i > 0 && i + 1 < x.count { return (x[i - 1] + x[i + 1]) / 2 }
        if i == 0 && x.count >= 3 { return 2 * x[1] - x[2] }
        return x[i]
    }

    /// The series with its outliers replaced, the indices replaced and a note; nil when there is none.
    func screened(_ series: Series) -> (series: Series, replaced: [Int], note: String)? {
        let y = series.values
        let positive = y.allSatisfy { $0 > 0 }
        var cleaned = y
        var logs = positive ? y.map { Foundation.log($0) } : []
        var replaced: [Int] = []
        // One value at a time, on whichever scale it stands out most (on both when it is replaced).
        while (replaced.count + 1) * 4 <= y.count {
            let onData = mostOutlying(cleaned)
            let onLogs = positive ? mostOutlying(logs) : nil
            guard let (i, _) = [onData, onLogs].compactMap({ $0 }).max(by: { $0.1 < $1.1 }) else { break }
            if positive {
                logs[i] = Self.replacement(logs, at: i)
                cleaned[i] = exp(logs[i])
            } else {
                cleaned[i] = Self.replacement(cleaned, at: i)
            }
            replaced.append(i)
        }
        // A replacement that leaves no variation at all removes the series' only information about its spread (0, 0, 0,
        // 100, 0, 0 would become a constant with a band of no width): then nothing is replaced.
        let varies = cleaned.contains { $0 != cleaned[0] }
        guard !replaced.isEmpty, varies,
            let out = try? Series(
                id: series.id, periods: series.periods, times: series.times, values: cleaned, anchor: series.anchor,
                name: series.name, unit: series.unit)
        else { return nil }
        let order = replaced.sorted()
        // Periods only: the values may be on a transformed scale here.
        let note =
            "likely outlier\(order.count == 1 ? "" : "s") replaced by the line through \(order.count == 1 ? "its" : "their") neighbours before fitting (R's tsclean): "
            + order.map { series.periods[$0].description }.joined(separator: ", ")
        return (out, order, note)
    }

    /// Tukey's running median of three, with his end-point rule.
    static func runningMedian(_ x: [Double]) -> [Double] {
        let n = x.count
        guard n >= 3 else { return x }
        var s = x
        for i in 1..<(n - 1) { s[i] = median3(x[i - 1], x[i], x[i + 1]) }
        s[0] = median3(x[0], s[1], 3 * s[1] - 2 * s[2])
        s[n - 1] = median3(x[n - 1], s[n - 2], 3 * s[n - 2] - 2 * s[n - 3])
        return s
    }

    static func median3(_ a: Double, _ b: Double, _ c: Double) -> Double { max(min(a, b), min(max(a, b), c)) }

    /// The median (the mean of the middle two of an even count; NaN for none) — also the combination's median point rule
    /// (``FittedParameters/PointRule/median``).
    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
