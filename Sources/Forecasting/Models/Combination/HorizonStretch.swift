import Foundation

/// `auto`'s interval rule for series of 3 to 49 observations: every predictive law is stretched about the point
/// forecast by f(h) = a·(1 + b·(h − 1)), h the years since the last observation up to 6 (a = 0.86, b = 0.20: ×0.86
/// one year ahead, ×1.03 two, ×1.20 three, ×1.55 five, ×1.72 from six on). Six years is the longest horizon the
/// validation scored on series this short; beyond it the factor stays (the laws' own spread keeps growing), so far
/// horizons are not extrapolated by a rule learned near the data.
///
/// Why: the members' laws are too wide one step ahead and too narrow further out on every short corpus of the
/// validation (`scripts/validate_corpora.py`; 80% cover one year ahead 82.7–87.4%, two or three years ahead
/// 70.5–82.7% on the quarterly and monthly sums, 70.7% over six years on the M3 yearly training series): the spread of
/// the future trend, which one short series cannot estimate, grows faster than the members' variances say. The two
/// constants were learned once on the corpora (the grid a = 0.80…1.00, b = 0.08…0.20 of `scripts/interval_rule.py`,
/// by the largest distance of any cell's 80% and 95% coverage from 77–83% and 93–97%, then by the worst MSIS) and ship
/// with the engine, like the drift and tiny-series priors. Series of 50 or more observations are calibrated on their
/// own history instead (``AutomaticModel/LongSeriesCalibration``).
public struct HorizonStretch: Sendable, Hashable {
    /// a: the factor one step ahead.
    public var oneStep: Double
    /// b: the factor's growth per further step, relative to a.
    public var growth: Double

    /// The shipped rule, or another for validation.
    public init(oneStep: Double = 0.86, growth: Double = 0.20) {
        self.oneStep = oneStep
        self.growth = growth
    }

    /// The horizon from which the factor stays the same.
    public static let longestHorizon = 6.0

    /// f(h) = a·(1 + b·(min(h, 6) − 1)) for h ≥ 0 years ahead (h below 0 is read as 0), at least 0.01.
    public func factor(_ h: Double) -> Double {
        let h = h.isFinite ? min(Self.longestHorizon, max(0, h)) : 0
        return max(0.01, oneStep * (1 + growth * (h - 1)))
    }

    /// `fitted` with its laws stretched about their point forecasts, h counted from the series' last observation.
    func stretch(_ fitted: any FittedModel) -> any FittedModel {
        guard let last = fitted.series.times.last, last.isFinite else { return fitted }
        return FittedStretched(base: fitted, rule: self, origin: last)
    }
}

/// A fitted model whose laws ``HorizonStretch`` stretches about the point forecasts.
struct FittedStretched: WrappingFittedModel {
    let base: any FittedModel
    let rule: HorizonStretch
    /// The time of the last observation.
    let origin: Double

    var note: String? { base.note }

    func predictive(at times: [Double]) -> PredictiveForecast {
        let forecast = base.predictive(at: times)
        var laws: [any PredictiveDistribution] = []
        laws.reserveCapacity(times.count)
        for (k, law) in forecast.laws.enumerated() {
            let t = k < times.count ? times[k] : origin + Double(k + 1)
            laws.append(Stretched(base: law, center: forecast.mean[k], factor: rule.factor(t - origin)))
        }
        return PredictiveForecast(mean: forecast.mean, laws: laws)
    }

    /// The law of Y = c + f·(X − c), X the base law and c the point forecast: CDF F((x − c)/f + c), every central
    /// interval's distances from c times f.
    struct Stretched: PredictiveDistribution {
        let base: any PredictiveDistribution
        let center: Double
        let factor: Double
        func cdf(_ x: Double) -> Double { base.cdf(center + (x - center) / factor) }
        func interval(level: Double) -> (lower: Double, upper: Double) {
            let (lower, upper) = base.interval(level: level)
            return (center - factor * (center - lower), center + factor * (upper - center))
        }
    }
}
