import Foundation

/// A model fitted to one series.
///
/// The contract is distribution-first: a fitted model gives its point forecasts and one predictive distribution per
/// forecast time (``predictive(at:)``); intervals, attainment probabilities and calibration are derived from those
/// laws, so the intervals of one forecast are nested across levels and their quantiles never cross. Likelihood and
/// information criteria belong to ``LikelihoodFit``, which combinations do not claim; ``likelihood`` says whether a
/// fit has one, and ``parameters`` gives the family's estimates without a downcast.
public protocol FittedModel: Sendable {
    /// The model's name (the form or order chosen, for automatic selection).
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
    /// Whether ``residuals`` and ``residualVariance`` are free of the data's unit (relative errors, a log scale)
    /// rather than in its units.
    var residualsAreUnitFree: Bool { get }
    /// A remark for the user, e.g. that a simpler model was used because the series is short.
    var note: String? { get }
    /// The family's estimated parameters.
    var parameters: FittedParameters { get }
    /// The likelihood and information criteria of the fit; nil where they are undefined (a combination of models,
    /// a method fitted by least squares of its errors, one observation).
    var likelihood: (any LikelihoodFit)? { get }
    /// Point forecasts and predictive distributions at decimal-year `times` after the data.
    func predictive(at times: [Double]) -> PredictiveForecast
}

/// A fitted model estimated by maximum likelihood: its log-likelihood and information criteria.
public protocol LikelihoodFit: FittedModel {
    /// Gaussian log-likelihood at the estimates, on the data's scale (a log-scale model includes the Jacobian).
    var logLikelihood: Double { get }
    /// Number of estimated parameters, σ² included (R's `df` for `logLik`).
    var parameterCount: Int { get }
    /// Number of observations that enter the likelihood.
    var effectiveObservations: Int { get }
}

extension LikelihoodFit {
    /// Akaike's information criterion, −2 log L + 2k.
    public var aic: Double { -2 * logLikelihood + 2 * Double(parameterCount) }
    /// AIC with the small-sample correction 2k(k+1)/(n−k−1); infinite when n ≤ k + 1.
    public var aicc: Double {
        let n = Double(effectiveObservations), k = Double(parameterCount)
        return n - k - 1 > 0 ? aic + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }
    /// Schwarz's Bayesian information criterion, −2 log L + k log n.
    public var bic: Double { -2 * logLikelihood + Double(parameterCount) * log(Double(effectiveObservations)) }
    /// A likelihood fit is its own likelihood.
    public var likelihood: (any LikelihoodFit)? { self }
}

extension FittedModel {
    /// No remark by default.
    public var note: String? { nil }
    /// Residuals in the data's units by default.
    public var residualsAreUnitFree: Bool { false }
    /// No likelihood unless the fit is a ``LikelihoodFit`` (or wraps one).
    public var likelihood: (any LikelihoodFit)? { nil }

    /// Point forecasts and central prediction intervals at decimal-year `times` after the data, for interval
    /// `levels` in percent, read off the predictive laws.
    public func predict(at times: [Double], levels: [Double]) -> (mean: [Double], intervals: [PredictionInterval]) {
        let forecast = predictive(at: times)
        return (forecast.mean, forecast.intervals(levels: levels))
    }

    /// ``predict(at:levels:)`` and the predictive distributions at the same times (one pass).
    public func forecastWithDistributions(at times: [Double], levels: [Double])
        -> (mean: [Double], intervals: [PredictionInterval], distributions: [any PredictiveDistribution])
    {
        let forecast = predictive(at: times)
        return (forecast.mean, forecast.intervals(levels: levels), forecast.laws)
    }

    /// The predictive distribution at decimal-year `time` after the data.
    public func predictiveDistribution(at time: Double) -> any PredictiveDistribution {
        predictive(at: [time]).laws[0]
    }

    /// The predictive distributions at several times (models that simulate do it once for all of them).
    public func predictiveDistributions(at times: [Double]) -> [any PredictiveDistribution] {
        predictive(at: times).laws
    }

    /// P(Y(t) ≤ `value`) under the model's predictive distribution at decimal-year `time` after the data.
    public func cumulativeProbability(of value: Double, at time: Double) -> Double {
        predictiveDistribution(at: time).cdf(value)
    }

    /// Forecasts over a horizon (the next `n` years, or through a target year).
    /// - Throws: ``ForecastingError/invalidLevel(_:)`` for a level outside (0, 100) and horizon errors.
    public func forecast(_ horizon: ForecastHorizon, levels: [Double] = ModelDefaults.levels) throws(ForecastingError)
        -> Forecast
    {
        try ModelDefaults.validate(levels: levels)
        let periods = try series.forecastPeriods(horizon)
        let times = periods.map { $0.time(anchor: series.anchor) }
        let (mean, intervals) = predict(at: times, levels: levels)
        return Forecast(seriesID: series.id, model: modelName, periods: periods, mean: mean, intervals: intervals)
    }
}
