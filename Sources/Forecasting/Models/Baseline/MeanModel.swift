import Foundation

/// The mean method: every forecast equals the sample mean.
///
/// Matches R `forecast::meanf()`: s² is the sample variance (denominator n − 1), the forecast standard error
/// is s·√(1 + 1/n), and intervals use Student-t quantiles with n − 1 degrees of freedom.
public struct MeanModel: ForecastModel {
    /// The mean method.
    public init() {}
    /// `mean`.
    public var name: String { "mean" }
    /// Two observations at least (one residual degree of freedom).
    public var minimumObservations: Int { 2 }

    /// Fits the sample mean and variance.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let n = series.count
        try requireObservations(series)
        let mean = series.values.reduce(0, +) / Double(n)
        let ss = series.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let s2 = ss / Double(n - 1)
        let mle = ss / Double(n)
        let logLik = mle > 0 ? -0.5 * Double(n) * (log(2 * Double.pi * mle) + 1) : .infinity
        return FittedMean(series: series, mean: mean, residualVariance: s2, logLikelihood: logLik)
    }
}

struct FittedMean: LikelihoodFit {
    var modelName: String { "mean" }
    let series: Series
    let mean: Double
    let residualVariance: Double
    let logLikelihood: Double
    var parameterCount: Int { 2 }
    var effectiveObservations: Int { series.count }
    var fittedValues: [Double] { Array(repeating: mean, count: series.count) }
    var residuals: [Double] { series.values.map { $0 - mean } }

    var parameters: FittedParameters { .mean(mean: mean, sigma2: residualVariance) }

    /// Student-t laws (n − 1 degrees of freedom) with standard error s·√(1 + 1/n).
    func predictive(at times: [Double]) -> PredictiveForecast {
        let n = Double(series.count)
        let se = (residualVariance * (1 + 1 / n)).squareRoot()
        let law = GriddedLaw(center: mean, sigma: se, standard: .studentT(degreesOfFreedom: n - 1))
        return PredictiveForecast(mean: Array(repeating: mean, count: times.count), laws: times.map { _ in law })
    }
}
