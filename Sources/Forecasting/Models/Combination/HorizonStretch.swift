import Foundation

/// `auto`'s interval rule for series of 3 to 49 observations: the combination's laws are stretched about the point
/// forecast by f(h) = a·(1 + b·(min(h, H) − 1)), h the years since the last observation (a = 0.90, b = 0.25, H = 4:
/// ×0.90 one year ahead, ×1.13 two, ×1.35 three, ×1.58 from four on), before the tiny-series prior widens them.
///
/// Why: the members' laws are too wide one step ahead and too narrow further out on the short corpora of the
/// validation (`scripts/validate_corpora.py`; 80% cover one year ahead 82.7–87.4%, two or three years ahead
/// 70.5–82.7% on the quarterly and monthly sums, 70.7% over six years on the M3 yearly training series): the spread of
/// the future trend, which one short series cannot estimate, grows faster than the members' variances say. The
/// constants were learned once on the corpora and ship with the engine, like the drift and tiny-series priors:
/// `scripts/interval_rule.py` runs every rule of its grid through the engine and keeps, among those that leave no
/// more than a handful of series more over the band-plausibility bound (95% upper bound six years out above the last
/// value plus 20 times the range), the one with the best worst MSIS whose coverage is near the best. Stretching the
/// prior-widened bands instead scores closer coverage but puts 35–148 series over the bound; a factor that keeps
/// growing past four years puts 12–55 there. Series of 50 or more observations are calibrated on their own history
/// instead (``AutomaticModel/LongSeriesCalibration``).
public struct HorizonStretch: Sendable, Hashable {
    /// a: the factor one step ahead.
    public var oneStep: Double
    /// b: the factor's growth per further step, relative to a.
    public var growth: Double
    /// The horizon from which the factor stays the same.
    public var longestHorizon: Double
    /// Whether the combination's own laws are stretched before the tiny-series prior widens them (true: where the
    /// prior binds, its bands stand), or the widened ones after.
    public var beforePrior: Bool

    /// The shipped rule, or another for validation (`auto:stretch=A,B,H` and `auto:stretch=A,B,H,after`).
    public init(oneStep: Double = 0.90, growth: Double = 0.25, longestHorizon: Double = 4, beforePrior: Bool = true) {
        self.oneStep = oneStep
        self.growth = growth
        self.longestHorizon = longestHorizon
        self.beforePrior = beforePrior
    }

    /// f(h) = a·(1 + b·(min(h, H) − 1)) for h ≥ 0 years ahead (h below 0 is read as 0), at least 0.01.
    public func factor(_ h: Double) -> Double {
        let h = h.isFinite ? min(longestHorizon, max(0, h)) : 0
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

    /// Each law stretched by f(t − origin) about its point forecast (``StretchedLaw``).
    func predictive(at times: [Double]) -> PredictiveForecast {
        let forecast = base.predictive(at: times)
        let laws: [any PredictiveDistribution] = zip(times, zip(forecast.mean, forecast.laws)).map { t, point in
            StretchedLaw(base: point.1, center: point.0, stretch: rule.factor(t - origin))
        }
        return PredictiveForecast(mean: forecast.mean, laws: laws)
    }
}
