/// A forecasting method: fits a series and returns a ``FittedModel``.
///
/// Every family lives in its own file under `Models/`, and every fitted model answers in the same shape
/// (``Forecast``), so selection, combination and output never depend on the family.
public protocol ForecastModel: Sendable {
    /// The name used on the command line and in output (`linear`, `drift`, …).
    var name: String { get }
    /// The smallest number of observations the model can be fitted to with a residual variance.
    var minimumObservations: Int { get }
    /// Fits the model to `series`.
    func fit(_ series: Series) throws(ForecastingError) -> any FittedModel
    /// The model to fit on a scale the caller has already chosen (a ``Transform``): the model itself, unless it
    /// picks scales of its own (automatic ETS's forms on the logarithms), which it then leaves out.
    func onGivenScale() -> any ForecastModel
}

extension ForecastModel {
    public func onGivenScale() -> any ForecastModel { self }
}

/// A model fitted to one series.
public protocol FittedModel: Sendable {
    /// The model's name.
    var modelName: String { get }
    /// The series the model was fitted to.
    var series: Series { get }
    /// One-step in-sample fitted values on the data's scale (NaN where the model has none, e.g. the first
    /// point of a random walk).
    var fittedValues: [Double] { get }
    /// Residuals on the scale the model is estimated on (log scale for `loglinear`); NaN where undefined.
    var residuals: [Double] { get }
    /// The residual variance σ² the intervals use (per unit time for random walks).
    var residualVariance: Double { get }
    /// Gaussian log-likelihood at the estimates, on the data's scale (a log-scale model includes the Jacobian).
    var logLikelihood: Double { get }
    /// Number of estimated parameters, σ² included (R's `df` for `logLik`).
    var parameterCount: Int { get }
    /// Number of observations that enter the likelihood.
    var effectiveObservations: Int { get }
    /// A remark for the user, e.g. that a simpler model was used because the series is short.
    var note: String? { get }
    /// Point forecasts and central prediction intervals at decimal-year `times` after the data, for
    /// interval `levels` in percent.
    func predict(at times: [Double], levels: [Double]) -> (mean: [Double], intervals: [PredictionInterval])
    /// The predictive distribution at decimal-year `time` after the data (compute it once to evaluate its CDF at
    /// many values).
    ///
    /// The default reads the distribution off ``predict(at:levels:)``: quantiles on a grid of normal scores
    /// z = −6…6 (step 0.1), interpolated linearly in z, which is exact for normal predictive laws and within
    /// 1e-4 for Student-t ones with 2 or more degrees of freedom. Models with a closed-form or mixture law override it.
    func predictiveDistribution(at time: Double) -> any PredictiveDistribution
    /// ``predict(at:levels:)`` and the predictive distributions at the same times in one pass (models that simulate
    /// do it once); the default calls the two.
    func forecastWithDistributions(at times: [Double], levels: [Double])
        -> (mean: [Double], intervals: [PredictionInterval], distributions: [any PredictiveDistribution])
}

/// A forecast's predictive distribution at one time.
public protocol PredictiveDistribution: Sendable {
    /// P(Y ≤ x); NaN when the model has no distribution (one observation).
    func cdf(_ x: Double) -> Double
}

extension FittedModel {
    public var note: String? { nil }

    public func predictiveDistribution(at time: Double) -> any PredictiveDistribution {
        PredictiveGrid(quantiles: PredictiveGrid.quantiles(of: self, at: time))
    }

    /// The predictive distributions at several times (models that simulate do it once for all of them).
    public func predictiveDistributions(at times: [Double]) -> [any PredictiveDistribution] {
        forecastWithDistributions(at: times, levels: []).distributions
    }

    public func forecastWithDistributions(at times: [Double], levels: [Double])
        -> (mean: [Double], intervals: [PredictionInterval], distributions: [any PredictiveDistribution]) {
        let (mean, intervals) = predict(at: times, levels: levels)
        return (mean, intervals, times.map { predictiveDistribution(at: $0) })
    }

    /// P(Y(t) ≤ `value`) under the model's predictive distribution at decimal-year `time` after the data.
    public func cumulativeProbability(of value: Double, at time: Double) -> Double {
        predictiveDistribution(at: time).cdf(value)
    }

    /// Akaike's information criterion, −2 log L + 2k.
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
    /// AIC with the small-sample correction 2k(k+1)/(n−k−1); infinite when n ≤ k + 1.
    public var aicc: Double {
        let n = Double(effectiveObservations), k = Double(parameterCount)
        return n - k - 1 > 0 ? aic + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }
    /// Schwarz's Bayesian information criterion, −2 log L + k log n.
    public var bic: Double { -2 * logLikelihood + Double(parameterCount) * log(Double(effectiveObservations)) }

    /// Forecasts over a horizon (the next `n` years, or through a target year).
    /// - Throws: ``ForecastingError/invalidLevel(_:)`` for a level outside (0, 100) and horizon errors.
    public func forecast(_ horizon: ForecastHorizon, levels: [Double] = [80, 95]) throws(ForecastingError) -> Forecast {
        for level in levels where !(level > 0 && level < 100) { throw .invalidLevel(level) }
        let periods = try series.forecastPeriods(horizon)
        let times = periods.map { $0.time(anchor: series.anchor) }
        let (mean, intervals) = predict(at: times, levels: levels)
        return Forecast(seriesID: series.id, model: modelName, periods: periods, mean: mean, intervals: intervals)
    }
}

/// A central prediction interval at one level.
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage in percent (80 means the 10% and 90% quantiles).
    public let level: Double
    /// Lower bounds, one per forecast period.
    public let lower: [Double]
    /// Upper bounds, one per forecast period.
    public let upper: [Double]

    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// The forecast of one series: the same shape for every model.
public struct Forecast: Sendable, Equatable {
    public let seriesID: String
    public let model: String
    /// Forecast periods (whole years after the data).
    public let periods: [Period]
    /// Point forecasts (the mean; for log-scale models the back-transformed mean of the log, i.e. the median).
    public let mean: [Double]
    /// One interval per requested level, in the order requested.
    public let intervals: [PredictionInterval]

    public init(seriesID: String, model: String, periods: [Period], mean: [Double], intervals: [PredictionInterval]) {
        self.seriesID = seriesID
        self.model = model
        self.periods = periods
        self.mean = mean
        self.intervals = intervals
    }
}

import Foundation

/// The predictive distribution of a fitted model at one time, read off its central intervals on a grid of
/// normal scores (see ``FittedModel/predictiveDistribution(at:)``).
struct PredictiveGrid: PredictiveDistribution {
    /// Quantiles at ``scores``.
    let quantiles: [Double]

    /// Normal scores −6, −5.9, …, 6.
    static let scores: [Double] = (0...120).map { Double($0 - 60) / 10 }
    /// Interval levels whose bounds are the quantiles at the positive scores 0.1…6.
    static let levels: [Double] = scores.filter { $0 > 0 }.map { 100 * (2 * Normal.cdf($0) - 1) }

    /// Quantiles at ``scores`` (the point forecast at z = 0).
    static func quantiles(of model: some FittedModel, at time: Double) -> [Double] {
        let (mean, intervals) = model.predict(at: [time], levels: levels)
        let lower = intervals.reversed().map { $0.lower[0] }, upper = intervals.map { $0.upper[0] }
        return lower + [mean[0]] + upper
    }

    /// F(x): linear interpolation in z between the quantiles, then Φ(z).
    func cdf(_ x: Double) -> Double {
        let q = quantiles, scores = Self.scores
        guard x.isFinite, q.allSatisfy(\.isFinite), let first = q.first, let last = q.last else { return .nan }
        if x < first { return 0 }
        if x >= last { return 1 }
        var lo = 0, hi = q.count - 1                      // q[lo] <= x < q[hi]
        while hi - lo > 1 { let mid = (lo + hi) / 2; if q[mid] <= x { lo = mid } else { hi = mid } }
        let gap = q[hi] - q[lo]
        let z = scores[lo] + (gap > 0 ? (x - q[lo]) / gap : 0) * (scores[hi] - scores[lo])
        return Normal.cdf(z)
    }
}

/// A distribution with no spread to speak of: NaN everywhere (one observation).
struct UndefinedDistribution: PredictiveDistribution {
    func cdf(_ x: Double) -> Double { .nan }
}
