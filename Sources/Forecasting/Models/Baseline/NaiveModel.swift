import Foundation

/// The naive method (random walk): every forecast equals the last observation.
///
/// Matches R `forecast::naive()` on equally spaced data: σ² = mean of squared first differences, and the
/// h-step forecast variance is h·σ². On unequally spaced data (mid-year points) the model is a Brownian
/// motion observed at the given times: each increment over Δt years has variance σ²·Δt, σ² is estimated as
/// the mean of d²/Δt, and the variance τ years after the last observation is σ²·τ.
/// Intervals use normal quantiles, as R does.
public struct NaiveModel: ForecastModel {
    /// The naive method.
    public init() {}
    /// `naive`.
    public var name: String { "naive" }
    /// Two observations at least (one increment).
    public var minimumObservations: Int { 2 }

    /// Fits σ² of the increments.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        try requireObservations(series)
        return FittedRandomWalk(name, series, drift: nil)
    }
}

/// The random walk with drift: forecasts follow the straight line through the first and last observations.
///
/// Matches R `forecast::rwf(drift = TRUE)` on equally spaced data: the drift b is the mean first difference,
/// σ² the variance of the differences (denominator m − 1 for m differences), se(b)² = σ²/m, and the h-step
/// variance σ²·h + h²·se(b)². On unequally spaced data the increments over Δt have mean b·Δt and variance
/// σ²·Δt: b = (y_n − y_1)/(t_n − t_1), σ² = Σ (d − bΔt)²/Δt / (m − 1), se(b)² = σ²/Σ Δt.
public struct DriftModel: ForecastModel {
    /// The random walk with drift.
    public init() {}
    /// `drift`.
    public var name: String { "drift" }
    /// Three observations at least (two increments).
    public var minimumObservations: Int { 3 }

    /// Fits the drift from the first and last observations and σ² of the increments about it.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        try requireObservations(series)
        let span = series.times[series.count - 1] - series.times[0]
        return FittedRandomWalk(name, series, drift: (series.values[series.count - 1] - series.values[0]) / span)
    }
}

/// Σ (d − bΔt)²/Δt over the increments d of `values` at `times` (gaps Δt): the scaled sum of squares about a random
/// walk with drift `b` per year (the shrunk drift's noise, on the logarithms and on the data, and the short-series
/// prior's).
func incrementSpread(_ values: [Double], _ times: [Double], drift b: Double) -> Double {
    var total = 0.0
    for i in 1..<values.count {
        let dt = times[i] - times[i - 1]
        let e = values[i] - values[i - 1] - b * dt
        total += e * e / dt
    }
    return total
}

/// The mean squared change from one value to the next of a series one value a step: the random walk's variance,
/// which the fits by least squares of their errors fall back on when their own errors have too few degrees of freedom.
func randomWalkVariance(_ y: [Double]) -> Double {
    incrementSpread(y, y.indices.map(Double.init), drift: 0) / Double(y.count - 1)
}

/// A fitted naive or drift model.
struct FittedRandomWalk: LikelihoodFit {
    let modelName: String
    let series: Series
    let fittedValues: [Double]
    let residuals: [Double]
    let residualVariance: Double
    let logLikelihood: Double
    let parameterCount: Int
    let effectiveObservations: Int
    /// Drift per year (0 for the naive method).
    let drift: Double
    /// Variance of the drift estimate.
    let driftVariance: Double

    /// Fits the random walk to `series`, with the given drift per year (nil: the naive method, no drift).
    ///
    /// With d the increments over gaps Δt, the scaled sum of squares is S = Σ (d − bΔt)²/Δt over m increments;
    /// σ² = S/m without drift (R `naive`) and S/(m − 1) with it (R `rwf`), se(b)² = σ²/ΣΔt, and the
    /// log-likelihood is that of the increments at the maximum-likelihood variance S/m.
    init(_ name: String, _ series: Series, drift: Double?) {
        let b = drift ?? 0
        var ss = 0.0, sumLogGap = 0.0
        var fitted = [Double.nan], residuals = [Double.nan]
        for i in 1..<series.count {
            let dt = series.times[i] - series.times[i - 1]
            let f = series.values[i - 1] + b * dt
            let e = series.values[i] - f
            ss += e * e / dt
            sumLogGap += log(dt)
            fitted.append(f)
            residuals.append(e)
        }
        let m = Double(series.count - 1)
        let mle = ss / m
        modelName = name
        self.series = series
        fittedValues = fitted
        self.residuals = residuals
        residualVariance = drift == nil ? mle : ss / (m - 1)
        logLikelihood = mle > 0 ? -0.5 * m * (log(2 * Double.pi * mle) + 1) - 0.5 * sumLogGap : .infinity
        parameterCount = drift == nil ? 1 : 2
        effectiveObservations = series.count - 1
        self.drift = b
        driftVariance = drift == nil ? 0 : residualVariance / (series.times[series.count - 1] - series.times[0])
    }

    var parameters: FittedParameters {
        .randomWalk(drift: parameterCount == 1 ? nil : drift, driftVariance: driftVariance, sigma2: residualVariance)
    }

    /// Normal laws around the line from the last observation: variance σ²τ + τ²·se(b)², τ years after it.
    func predictive(at times: [Double]) -> PredictiveForecast {
        let last = series.values[series.count - 1], lastTime = series.times[series.count - 1]
        var mean = [Double](), se = [Double]()
        for t in times {
            let s = t - lastTime
            mean.append(last + drift * s)
            se.append((residualVariance * s + s * s * driftVariance).squareRoot())
        }
        return PredictiveForecast(mean: mean, laws: zip(mean, se).map { GriddedLaw(center: $0, sigma: $1) })
    }
}
