import Foundation

/// The limit past which a prediction band says nothing a planner can use: wider than ``limit`` times the larger of
/// the data's range (max − min of the observations) and the size of the point forecast at that time. Log-scale and
/// multiplicative forms can reach such widths on legal data — an explosive series (10^(t²)), a near-zero first value,
/// three points with a jump of 10⁹ give bands up to 10²⁶² times the data's range — and would write them as if they
/// were forecasts. A combination leaves such a member out (``CombinationModel``); a forecast whose widest band passes
/// the limit within ``referenceHorizon`` years fails for that series with
/// ``ForecastingError/implausibleBand(series:model:period:ratio:)``; one that passes it only further out (a fan chart
/// to 2100) is written with a note saying from when its band carries no information. Exponential growth itself
/// passes: its band grows with its forecast.
public enum BandPlausibility {
    /// A band may be at most this many times the reference width.
    public static let limit = 1e6

    /// The reference of a band at one time: the larger of the data's range and |point forecast|.
    static func reference(range: Double, mean: Double) -> Double { max(range, abs(mean)) }

    /// max − min of the finite observations of `series`.
    static func range(_ series: Series) -> Double {
        var lo = Double.infinity, hi = -Double.infinity
        for y in series.values where y.isFinite {
            lo = min(lo, y)
            hi = max(hi, y)
        }
        return hi >= lo ? hi - lo : 0
    }

    /// The first forecast time whose band (`lower`, `upper`) is wider than ``limit`` references, with the ratio; nil
    /// when every band is within (bounds that are not finite are judged elsewhere: they are said, not judged here).
    static func firstImplausible(range: Double, mean: [Double], lower: [Double], upper: [Double]) -> (
        index: Int, ratio: Double
    )? {
        firstImplausible(range: range, count: mean.count, mean: { mean[$0] }, width: { upper[$0] - lower[$0] })
    }

    /// The same over `count` forecast times given by accessors (the regression batch reads its bands from σ and the
    /// half-width factors without building arrays).
    @inline(__always)
    static func firstImplausible(
        range: Double, count: Int, mean: (Int) -> Double, width: (Int) -> Double
    ) -> (index: Int, ratio: Double)? {
        for s in 0..<count {
            if let ratio = excess(width: width(s), range: range, mean: mean(s)) { return (s, ratio) }
        }
        return nil
    }

    /// width / reference when a band of `width` about `mean` passes the limit; nil otherwise (and for numbers that
    /// are not finite, which are said elsewhere).
    @inline(__always)
    static func excess(width: Double, range: Double, mean: Double) -> Double? {
        guard width.isFinite, mean.isFinite else { return nil }
        let reference = Self.reference(range: range, mean: mean)
        guard width > limit * reference else { return nil }
        return reference > 0 ? width / reference : .infinity
    }

    /// Checks the widest of `intervals` at the forecast `periods` of `series`: nil when every band is within the
    /// limit, a note when the first one past it is more than ``referenceHorizon`` years ahead.
    /// - Throws: ``ForecastingError/implausibleBand(series:model:period:ratio:)`` when it is within them.
    public static func check(
        _ series: Series, model: String, periods: [Period], mean: [Double], intervals: [PredictionInterval]
    ) throws(ForecastingError) -> String? {
        guard let widest = intervals.max(by: { $0.level < $1.level }),
            let (s, ratio) = firstImplausible(
                range: range(series), mean: mean, lower: widest.lower, upper: widest.upper)
        else { return nil }
        return try verdict(series, model: model, periods: periods, index: s, ratio: ratio)
    }

    /// The failure or the note for a band past the limit at `periods[index]`.
    static func verdict(_ series: Series, model: String, periods: [Period], index: Int, ratio: Double)
        throws(ForecastingError) -> String
    {
        let period = index < periods.count ? periods[index] : nil
        let ahead = (period?.time(anchor: series.anchor) ?? .infinity) - (series.times.last ?? 0)
        guard ahead > Double(referenceHorizon) + 1e-9, let period else {
            throw .implausibleBand(
                series: series.id, model: model, period: period?.description ?? "?", ratio: ratio)
        }
        return
            "from \(period) on, the \(model) band is over a million times wider than the data's range and the forecast: it carries no information there"
    }

    /// Whether `fitted`'s 95% band ``referenceHorizon`` years after its last observation stays within the limit (the
    /// test a combination puts to its members; bands widen with the horizon, so the farthest year is the one to ask).
    static func isPlausible(_ fitted: any FittedModel) -> Bool {
        guard let last = fitted.series.times.last else { return true }
        let forecast = fitted.predictive(at: [last + Double(referenceHorizon)])
        guard let mean = forecast.mean.first, let law = forecast.laws.first else { return true }
        let (lower, upper) = law.interval(level: 95)
        return excess(width: upper - lower, range: range(fitted.series), mean: mean) == nil
    }

    /// The years ahead a combination judges its members' bands over.
    public static let referenceHorizon = 6
}
