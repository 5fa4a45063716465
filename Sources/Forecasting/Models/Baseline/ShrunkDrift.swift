import Foundation

/// The random walk with drift on the logarithms, its growth rate shrunk toward a prior learned across yearly corpora
/// (`drift:shrunk`, the drift member of `auto`).
///
/// On a short series the drift — the mean growth over a few years — is the noisiest thing a forecast can lean on,
/// and on yearly data a growth rate learned across many series beats one estimated from each series alone. The
/// model is the empirical-Bayes estimate of a normal hierarchy: the log growth per year g of a series is
/// N(μ, τ²) a priori; its estimate ĝ = (log y_n − log y_1)/T over the span T has variance s²/T, s² the variance of
/// the log increments per year, itself pooled with a prior guess s₀² of weight ν₀:
/// s² = (ν₀s₀² + (m − 1)·ŝ²)/(ν₀ + m − 1) over m increments (ŝ² = Σ(d − ĝΔt)²/Δt/(m − 1)). The forecast grows at
/// the posterior mean g* = w·ĝ + (1 − w)·μ, w = τ²/(τ² + s²/T), from the last value. The band is R's `rwf` on the
/// data's scale about that curve — normal, variance σ²τ + τ²σ²/T τ years out, σ² the variance per year of the
/// increments about the line through the first and last values (on a single increment, the pooled s² at the last
/// value): the prior's noise guess decides how far the growth is trusted, not how wide a near-flat series' band is,
/// and two wild values do not give a log-normal's explosive upper tail (both measured against the bound of 20 times
/// the range six years out, `scripts/check_bounds.py`). Constants: ``Prior``, estimated by
/// `scripts/fit_drift_prior.py` on the training data of the four validation corpora (never the M3 test values).
///
/// Equal increments (a constant series, exact geometric growth) are taken as they are: the growth and noise they
/// measure have no error, so nothing is pooled (w = 1; a constant series gets a flat band of zero width, as `rwf`).
///
/// A series with a value ≤ 0 has no logarithm: it gets the ordinary random walk with drift (``DriftModel``), with a
/// note. On a scale the caller chose (`--transform`, a plan indicator's bounds) the model is the ordinary drift on that
/// scale: the prior is one of growth rates of positive series.
public struct ShrunkDriftModel: ForecastModel {
    /// The prior's constants, per year on the natural-log scale.
    public struct Prior: Sendable, Hashable {
        /// μ, the prior mean growth (0.02: 2% a year).
        public var growth = 0.02
        /// τ², the variance of growth rates across series.
        public var growthVariance = 0.0005
        /// s₀², the prior guess of the noise variance of the log increments.
        public var noiseVariance = 0.01
        /// ν₀, the weight of s₀² in increments.
        public var noiseWeight = 1.0
        /// The constants above.
        public init() {}
    }

    /// The prior.
    public let prior: Prior
    /// The shrunk drift with `prior`.
    public init(prior: Prior = Prior()) { self.prior = prior }
    /// `drift:shrunk`.
    public var name: String { "drift:shrunk" }
    /// Two observations (one increment; the noise then comes from the prior).
    public var minimumObservations: Int { 2 }
    /// On a scale the caller chose, the ordinary random walk with drift.
    public func onGivenScale() -> any ForecastModel { DriftModel() }

    /// Fits the shrunk growth and the pooled noise on the logarithms (see above).
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        try requireObservations(series)
        guard series.values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            guard series.count >= 3 else {
                return Annotated(
                    base: try NaiveModel().fit(series),
                    note: "values not all positive and only 2 observations: the naive method instead of drift:shrunk")
            }
            return Annotated(
                base: try DriftModel().fit(series),
                note: "values not all positive: the ordinary random walk with drift instead of drift:shrunk")
        }
        return FittedShrunkDrift(series: series, prior: prior)
    }
}

/// A fitted ``ShrunkDriftModel``.
struct FittedShrunkDrift: FittedModel {
    let series: Series
    let fittedValues: [Double]
    let residuals: [Double]
    /// σ², the variance per year of the increments about the line through the first and last values (the band's).
    let residualVariance: Double
    /// g*, the posterior mean growth per year on the logarithms.
    let growth: Double
    /// V, its posterior variance, and ŝ², the variance per year of the log increments.
    let growthVariance: Double, logNoise: Double
    /// T, the span of the observations in years.
    let span: Double

    var modelName: String { "drift:shrunk" }

    init(series: Series, prior: ShrunkDriftModel.Prior) {
        self.series = series
        let n = series.count
        let y = series.values, t = series.times
        let logs = y.map { Foundation.log($0) }
        let span = t[n - 1] - t[0]
        let raw = (logs[n - 1] - logs[0]) / span
        let logSpread = incrementSpread(logs, t, drift: raw)
        let m = Double(n - 1)
        // Two or more equal increments (a constant series, exact geometric growth) measure the growth and the noise
        // exactly: nothing to pool, as `rwf` gives a flat band of zero width on a constant series.
        let exact = n >= 3 && logSpread <= 1e-24 * max(1, raw * raw)
        let pooled = exact ? 0 : (prior.noiseWeight * prior.noiseVariance + logSpread) / (prior.noiseWeight + m - 1)
        let w = exact ? 1 : prior.growthVariance / (prior.growthVariance + pooled / span)
        growth = w * raw + (1 - w) * prior.growth
        logNoise = n >= 3 ? logSpread / (m - 1) : pooled
        growthVariance = w * logNoise / span
        // The band is R's rwf on the data's scale (the pooled noise, at the last value, on a single increment): the
        // prior's noise guess decides how far the growth is trusted, not how wide a near-flat series' band is, and
        // a few wild values do not give the log scale's explosive upper tail.
        residualVariance =
            n >= 3 ? incrementSpread(y, t, drift: (y[n - 1] - y[0]) / span) / (m - 1) : pooled * y[n - 1] * y[n - 1]
        self.span = span
        var fitted = [Double.nan], residuals = [Double.nan]
        for i in 1..<n {
            let f = exp(logs[i - 1] + growth * (t[i] - t[i - 1]))
            fitted.append(f)
            residuals.append(y[i] - f)
        }
        fittedValues = fitted
        self.residuals = residuals
    }

    /// The growth on the logarithms, its posterior variance and the log noise.
    var parameters: FittedParameters {
        .transformed(.log(lower: 0), .randomWalk(drift: growth, driftVariance: growthVariance, sigma2: logNoise))
    }

    /// Normal laws about the growth curve from the last value: variance σ²τ + τ²σ²/T, τ years after it (rwf's).
    func predictive(at times: [Double]) -> PredictiveForecast {
        let n = series.count
        let last = Foundation.log(series.values[n - 1]), lastTime = series.times[n - 1]
        var mean = [Double](), laws = [GriddedLaw]()
        for t in times {
            let s = t - lastTime
            let center = exp(last + growth * s)
            mean.append(center)
            laws.append(
                GriddedLaw(center: center, sigma: (residualVariance * (s + s * s / span)).squareRoot()))
        }
        return PredictiveForecast(mean: mean, laws: laws)
    }
}
