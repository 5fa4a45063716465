import Foundation

/// The naive method (random walk): every forecast equals the last observation.
///
/// Matches R `forecast::naive()` on equally spaced data: σ² = mean of squared first differences, and the
/// h-step forecast variance is h·σ². On unequally spaced data (mid-year points) the model is a Brownian
/// motion observed at the given times: each increment over Δt years has variance σ²·Δt, σ² is estimated as
/// the mean of d²/Δt, and the variance τ years after the last observation is σ²·τ.
/// Intervals use normal quantiles, as R does.
public struct NaiveModel: ForecastModel {
    public init() {}
    public var name: String { "naive" }
    public var minimumObservations: Int { 2 }

    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        guard series.count >= minimumObservations else {
            throw .tooShort(series: series.id, model: name, needed: minimumObservations, got: series.count)
        }
        let increments = Increments(series)
        var sumScaled = 0.0
        for i in 0..<increments.count { sumScaled += increments.d[i] * increments.d[i] / increments.dt[i] }
        let sigma2 = sumScaled / Double(increments.count)
        var fitted = [Double.nan], residuals = [Double.nan]
        for i in 1..<series.count {
            fitted.append(series.values[i - 1])
            residuals.append(series.values[i] - series.values[i - 1])
        }
        let m = Double(increments.count)
        let logLik = -0.5 * m * (log(2 * Double.pi * sigma2) + 1) - 0.5 * increments.dt.reduce(0) { $0 + log($1) }
        return FittedRandomWalk(modelName: name, series: series, fittedValues: fitted, residuals: residuals,
                                residualVariance: sigma2, logLikelihood: logLik, parameterCount: 1,
                                effectiveObservations: increments.count, drift: 0, driftVariance: 0)
    }
}

/// The random walk with drift: forecasts follow the straight line through the first and last observations.
///
/// Matches R `forecast::rwf(drift = TRUE)` on equally spaced data: the drift b is the mean first difference,
/// σ² the variance of the differences (denominator m − 1 for m differences), se(b)² = σ²/m, and the h-step
/// variance σ²·h + h²·se(b)². On unequally spaced data the increments over Δt have mean b·Δt and variance
/// σ²·Δt: b = (y_n − y_1)/(t_n − t_1), σ² = Σ (d − bΔt)²/Δt / (m − 1), se(b)² = σ²/Σ Δt.
public struct DriftModel: ForecastModel {
    public init() {}
    public var name: String { "drift" }
    public var minimumObservations: Int { 3 }

    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        guard series.count >= minimumObservations else {
            throw .tooShort(series: series.id, model: name, needed: minimumObservations, got: series.count)
        }
        let increments = Increments(series)
        let span = series.times[series.count - 1] - series.times[0]
        let b = (series.values[series.count - 1] - series.values[0]) / span
        var ss = 0.0
        for i in 0..<increments.count {
            let e = increments.d[i] - b * increments.dt[i]
            ss += e * e / increments.dt[i]
        }
        let m = Double(increments.count)
        let sigma2 = ss / (m - 1)
        var fitted = [Double.nan], residuals = [Double.nan]
        for i in 1..<series.count {
            let f = series.values[i - 1] + b * increments.dt[i - 1]
            fitted.append(f)
            residuals.append(series.values[i] - f)
        }
        let mle = ss / m
        let logLik = mle > 0
            ? -0.5 * m * (log(2 * Double.pi * mle) + 1) - 0.5 * increments.dt.reduce(0) { $0 + log($1) }
            : .infinity
        return FittedRandomWalk(modelName: name, series: series, fittedValues: fitted, residuals: residuals,
                                residualVariance: sigma2, logLikelihood: logLik, parameterCount: 2,
                                effectiveObservations: increments.count, drift: b, driftVariance: sigma2 / span)
    }
}

/// First differences and the time steps between observations.
struct Increments {
    var d: [Double] = []
    var dt: [Double] = []
    var count: Int { d.count }
    init(_ series: Series) {
        d.reserveCapacity(series.count - 1)
        dt.reserveCapacity(series.count - 1)
        for i in 1..<series.count {
            d.append(series.values[i] - series.values[i - 1])
            dt.append(series.times[i] - series.times[i - 1])
        }
    }
}

/// A fitted naive or drift model.
struct FittedRandomWalk: FittedModel {
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

    func predict(at times: [Double], levels: [Double]) -> (mean: [Double], intervals: [PredictionInterval]) {
        let last = series.values[series.count - 1], lastTime = series.times[series.count - 1]
        var mean = [Double](), se = [Double]()
        for t in times {
            let s = t - lastTime
            mean.append(last + drift * s)
            se.append((residualVariance * s + s * s * driftVariance).squareRoot())
        }
        let intervals = levels.map { level in
            let z = Normal.quantile(0.5 + level / 200)
            return PredictionInterval(level: level, lower: zip(mean, se).map { $0 - z * $1 },
                                      upper: zip(mean, se).map { $0 + z * $1 })
        }
        return (mean, intervals)
    }
}
