import Foundation
import LinearAlgebra

/// Ordinary least squares of the series on a polynomial in time: `linear` (y = a + b·t), `quadratic`
/// (y = a + b·t + c·t²) and `loglinear` (log y = a + b·t, a constant growth rate).
///
/// Matches R `forecast(tslm(y ~ trend))`, `tslm(y ~ trend + I(trend^2))` and `tslm(y ~ trend, lambda = 0)`:
/// σ² = RSS/(n − p), forecast variance σ²·(1 + x₀ᵀ(XᵀX)⁻¹x₀), Student-t quantiles with n − p degrees of
/// freedom; the log model's mean and bounds are exponentiated (so its point forecast is the median).
/// Time enters centred and scaled, which changes the coefficients' parametrisation but not a single fitted
/// value or forecast, and keeps the design well conditioned for years such as 2025.
///
/// The fit goes through ``TrendRegressionBatch``, the multi-series path, so one series and 100,000 series on
/// one grid produce identical numbers.
public struct TrendRegression: ForecastModel {
    /// Polynomial degree in time (1 or 2).
    public let degree: Int
    /// Whether the model is fitted to log y.
    public let logScale: Bool

    /// A polynomial trend of `degree` (1…3), on log y when `logScale`.
    public init(degree: Int, logScale: Bool = false) {
        self.degree = min(max(degree, 0), 3)
        self.logScale = logScale
    }

    /// `linear`: y = a + b·t.
    public static let linear = TrendRegression(degree: 1)
    /// `quadratic`: y = a + b·t + c·t².
    public static let quadratic = TrendRegression(degree: 2)
    /// `loglinear`: log y = a + b·t, a constant growth rate.
    public static let loglinear = TrendRegression(degree: 1, logScale: true)

    /// `linear`, `quadratic`, `loglinear` (`polyK` / `logpolyK` otherwise).
    public var name: String {
        switch (degree, logScale) {
        case (1, false): return "linear"
        case (2, false): return "quadratic"
        case (1, true): return "loglinear"
        default: return logScale ? "logpoly\(degree)" : "poly\(degree)"
        }
    }

    /// Number of coefficients.
    public var coefficientCount: Int { degree + 1 }
    /// At least one residual degree of freedom.
    public var minimumObservations: Int { degree + 2 }

    /// Fits the series by least squares (through the batch path).
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        try requireObservations(series)
        let y = try modelScaleValues(series)
        let batch = try TrendRegressionBatch(model: self, times: series.times, seriesLabel: series.id)
        let (coefficients, rss) = try y.withUnsafeBufferPointer { (p) throws(ForecastingError) in
            try batch.fit(p, count: 1, seriesLabel: series.id)
        }
        return FittedTrendRegression(
            series: series, batch: batch, coefficients: coefficients, rss: rss[0],
            transformedValues: y)
    }
}

extension TrendRegression {
    /// The values the regression is fitted to: as they are, or their logarithms for the log model.
    /// - Throws: ``ForecastingError/nonPositive(series:model:period:value:)`` for a log model on data ≤ 0.
    func modelScaleValues(_ series: Series) throws(ForecastingError) -> [Double] {
        guard logScale else { return series.values }
        var y = series.values
        for (i, v) in y.enumerated() {
            guard v > 0 else {
                throw .nonPositive(series: series.id, model: name, period: series.periods[i].description, value: v)
            }
            y[i] = log(v)
        }
        return y
    }
}

/// The trend regression of many series observed at the same times, fitted in one pass (the hot path).
public struct TrendRegressionBatch: Sendable {
    /// The regression fitted.
    public let model: TrendRegression
    /// The shared observation times.
    public let times: [Double]
    let centre: Double
    let scale: Double
    let solver: SharedDesignLeastSquares

    /// Factors the design for `times`.
    /// - Throws: ``ForecastingError/numerical(series:model:detail:)`` when the times cannot identify the
    ///   trend (fewer distinct times than coefficients).
    public init(model: TrendRegression, times: [Double], seriesLabel: String = "") throws(ForecastingError) {
        self.model = model
        self.times = times
        let lo = times.min() ?? 0, hi = times.max() ?? 0
        centre = 0.5 * (lo + hi)
        scale = hi > lo ? 0.5 * (hi - lo) : 1
        var design = Matrix(rows: times.count, columns: model.coefficientCount)
        for (i, t) in times.enumerated() {
            let u = (t - centre) / scale
            var power = 1.0
            for j in 0..<model.coefficientCount { design[i, j] = power; power *= u }
        }
        do {
            solver = try SharedDesignLeastSquares(design: design)
        } catch {
            throw .numerical(
                series: seriesLabel, model: model.name,
                detail: "the observation times cannot identify a degree-\(model.degree) trend (\(error))")
        }
    }

    /// Residual degrees of freedom n − p.
    public var residualDegreesOfFreedom: Int { times.count - model.coefficientCount }

    /// Fits `count` series whose (already transformed) values are stored column-major, `times.count` per series.
    /// - Returns: coefficients (`p` per series, on the centred time scale) and residual sums of squares.
    public func fit(_ values: UnsafeBufferPointer<Double>, count: Int, seriesLabel: String = "")
        throws(ForecastingError) -> (coefficients: [Double], rss: [Double])
    {
        let p = model.coefficientCount
        var coefficients = [Double](repeating: 0, count: p * count)
        var rss = [Double](repeating: 0, count: count)
        do {
            try coefficients.withUnsafeMutableBufferPointer { (c) throws(LinearAlgebraError) in
                try rss.withUnsafeMutableBufferPointer { (r) throws(LinearAlgebraError) in
                    try solver.solve(responses: values, count: count, coefficients: c, residualSumOfSquares: r)
                }
            }
        } catch {
            throw .numerical(series: seriesLabel, model: model.name, detail: String(describing: error))
        }
        return (coefficients, rss)
    }

    /// Regressor row for time `t`.
    func regressors(_ t: Double) -> [Double] {
        let u = (t - centre) / scale
        var row = [Double](repeating: 1, count: model.coefficientCount)
        for j in 1..<max(1, model.coefficientCount) { row[j] = row[j - 1] * u }
        return row
    }

    /// `√(1 + x₀ᵀ(XᵀX)⁻¹x₀)` for each forecast time: the forecast standard error in units of σ.
    func standardErrorFactors(_ forecastTimes: [Double]) -> [Double] {
        let g = solver.inverseGram, p = model.coefficientCount
        return forecastTimes.map { t in
            let x = regressors(t)
            var q = 0.0
            for a in 0..<p { for b in 0..<p { q += x[a] * g[a, b] * x[b] } }
            return (1 + q).squareRoot()
        }
    }

    /// Forecasts `count` fitted series at `forecastTimes`.
    ///
    /// Returns the means (`mean[j*h + s]`, back-transformed for the log model), each series' residual standard
    /// deviation σ_j, and the half-width factors `halfWidth[s*L + l]` = t-quantile · √(1 + x₀ᵀ(XᵀX)⁻¹x₀): the
    /// bound of series j is mean ± halfWidth·σ_j on the model's scale. Complexity: O(k·h·p), one pass.
    public func forecast(
        coefficients: [Double], rss: [Double], count: Int, at forecastTimes: [Double],
        levels: [Double]
    ) -> (mean: [Double], sigma: [Double], halfWidth: [Double]) {
        let h = forecastTimes.count, p = model.coefficientCount
        let flatRows = forecastTimes.flatMap(regressors)  // [s*p + i]
        let factors = standardErrorFactors(forecastTimes)
        let df = Double(residualDegreesOfFreedom)
        let quantiles = levels.map { StudentT.quantile(0.5 + $0 / 200, degreesOfFreedom: df) }
        let halfWidth = factors.flatMap { f in quantiles.map { $0 * f } }  // [s*L + l]
        let logScale = model.logScale
        let inverseDF = 1 / df
        let total = h * count
        let sigma = rss.prefix(count).map { ($0 * inverseDF).squareRoot() }
        let mean = [Double](unsafeUninitializedCapacity: total) { m, initialized in
            coefficients.withUnsafeBufferPointer { beta in
                flatRows.withUnsafeBufferPointer { x in
                    for j in 0..<count {
                        for s in 0..<h {
                            var f = 0.0
                            for i in 0..<p { f += x[s * p + i] * beta[j * p + i] }
                            m[j * h + s] = logScale ? exp(f) : f
                        }
                    }
                }
            }
            initialized = total
        }
        return (mean, sigma, halfWidth)
    }
}

/// A trend regression fitted to one series.
struct FittedTrendRegression: LikelihoodFit {
    let series: Series
    let batch: TrendRegressionBatch
    let coefficients: [Double]
    let rss: Double
    let transformedValues: [Double]

    var modelName: String { batch.model.name }
    var parameterCount: Int { batch.model.coefficientCount + 1 }
    var effectiveObservations: Int { series.count }
    var residualVariance: Double { rss / Double(batch.residualDegreesOfFreedom) }

    private var fittedOnModelScale: [Double] {
        series.times.map { t in zip(batch.regressors(t), coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
    }
    var fittedValues: [Double] {
        batch.model.logScale ? fittedOnModelScale.map { exp($0) } : fittedOnModelScale
    }
    var residuals: [Double] { zip(transformedValues, fittedOnModelScale).map { $0 - $1 } }
    var residualsAreUnitFree: Bool { batch.model.logScale }

    /// R's `logLik.lm`: −n/2·(log 2π + 1 − log n + log RSS); the log model adds the Jacobian −Σ log y so the
    /// likelihood is on the data's scale.
    var logLikelihood: Double {
        let n = Double(series.count)
        let base = -0.5 * n * (log(2 * Double.pi) + 1 - log(n) + log(rss))
        return batch.model.logScale ? base - transformedValues.reduce(0, +) : base
    }

    var parameters: FittedParameters {
        .trendRegression(
            coefficients: coefficients, centre: batch.centre, scale: batch.scale, logScale: batch.model.logScale,
            sigma2: residualVariance)
    }

    /// Student-t laws (n − p degrees of freedom) with standard error σ·√(1 + x₀ᵀ(XᵀX)⁻¹x₀), exponentiated for the
    /// log model.
    func predictive(at times: [Double]) -> PredictiveForecast {
        let r = batch.forecast(coefficients: coefficients, rss: [rss], count: 1, at: times, levels: [])
        let factors = batch.standardErrorFactors(times)
        let standard = GriddedLaw.Standard.studentT(degreesOfFreedom: Double(batch.residualDegreesOfFreedom))
        let logScale = batch.model.logScale, sigma = r.sigma[0]
        return PredictiveForecast(
            mean: r.mean,
            laws: times.indices.map {
                GriddedLaw(
                    center: r.mean[$0], sigma: sigma, factor: factors[$0], standard: standard, logScale: logScale)
            })
    }
}
