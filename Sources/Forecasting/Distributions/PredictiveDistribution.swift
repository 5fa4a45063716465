/// A forecast's predictive distribution at one time: the object every fitted model gives for each forecast time,
/// from which intervals, attainment probabilities and calibration are derived.
///
/// Central intervals are the primary way to read quantiles: the interval at level L is the pair of the
/// (50 − L/2)% and (50 + L/2)% quantiles, and every law in the engine widens its intervals with L, so intervals
/// derived from one law are nested and its quantiles never cross.
public protocol PredictiveDistribution: Sendable {
    /// P(Y ≤ x); NaN when the model has no distribution (one observation).
    func cdf(_ x: Double) -> Double
    /// The central interval at `level` percent (0 < level < 100): the quantiles at 0.5 ∓ level/200.
    func interval(level: Double) -> (lower: Double, upper: Double)
}

extension PredictiveDistribution {
    /// The `p`-quantile, 0 < p < 1: the lower or upper end of the central interval at level |200p − 100|.
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return .nan }
        return p < 0.5 ? interval(level: 100 - 200 * p).lower : interval(level: 200 * p - 100).upper
    }
}

/// A distribution with no spread to speak of: NaN everywhere (one observation).
public struct UndefinedDistribution: PredictiveDistribution {
    /// The undefined law.
    public init() {}
    /// NaN: no distribution.
    public func cdf(_ x: Double) -> Double { .nan }
    /// NaN bounds (shown as NA).
    public func interval(level: Double) -> (lower: Double, upper: Double) { (.nan, .nan) }
}

/// The normal law N(mean, sd²) with an exact CDF (ARIMA's predictive law).
public struct NormalLaw: PredictiveDistribution {
    /// The mean (and median).
    public let mean: Double
    /// The standard deviation (0 for a law without spread).
    public let sd: Double

    /// N(`mean`, `sd`²).
    public init(mean: Double, sd: Double) {
        self.mean = mean
        self.sd = sd
    }

    /// Φ((x − mean)/sd); a step at the mean when sd = 0; NaN for non-finite arguments.
    public func cdf(_ x: Double) -> Double {
        guard x.isFinite, mean.isFinite, sd.isFinite else { return .nan }
        guard sd > 0 else { return x >= mean ? 1 : 0 }
        return Normal.cdf((x - mean) / sd)
    }

    /// mean ∓ z·sd, z = Φ⁻¹(0.5 + level/200).
    public func interval(level: Double) -> (lower: Double, upper: Double) {
        let z = Normal.quantile(0.5 + level / 200)
        return (mean - z * sd, mean + z * sd)
    }
}
