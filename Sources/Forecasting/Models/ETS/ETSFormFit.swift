import Foundation

/// One exponential-smoothing form fitted to one series by maximum likelihood (R's `ets` for a given form).
public struct ETSFormFit: LikelihoodFit {
    /// The series the form was fitted to.
    public let series: Series
    /// The form with its smoothing parameters and initial states (σ² is ``residualVariance``).
    public let estimates: ETSParameters
    /// The form.
    public var form: ETSForm { estimates.form }
    /// α, β (0 without trend or for a constant slope) and φ (1 without damping).
    public var alpha: Double { estimates.alpha }
    /// β.
    public var beta: Double { estimates.beta }
    /// φ.
    public var phi: Double { estimates.phi }
    /// Final level and trend.
    public let level: Double
    /// Final trend b_n.
    public let trend: Double
    /// One-step forecasts ŷ_t.
    public let fittedValues: [Double]
    /// One-step errors: y − ŷ for additive errors, (y − ŷ)/ŷ for multiplicative ones (as R).
    public let residuals: [Double]
    /// σ² = Σe²/(n − k), k the estimated smoothing parameters and initial states (as R).
    public let residualVariance: Double
    /// Whether the errors are relative (multiplicative errors).
    public var residualsAreUnitFree: Bool { form.error == .multiplicative }
    /// R's `e$lik`: n·log(SSE) (+ 2Σlog|ŷ|).
    public let rLikelihoodCriterion: Double
    /// Estimated smoothing parameters and initial states (R's `length(par)`).
    public let estimatedParameters: Int
    /// Seed and number of the simulated paths (multiplicative errors).
    let seed: UInt64
    let simulationPaths: Int

    init(
        series: Series, form: ETSForm, alpha: Double, beta: Double, phi: Double, initialLevel: Double,
        initialTrend: Double, statesEstimated: Bool, level: Double, trend: Double, fittedValues: [Double],
        residuals: [Double], residualVariance: Double, rLikelihoodCriterion: Double, estimatedParameters: Int,
        seed: UInt64, simulationPaths: Int
    ) {
        self.series = series
        estimates = ETSParameters(
            form: form, alpha: alpha, beta: beta, phi: phi, initialLevel: initialLevel, initialTrend: initialTrend,
            statesEstimated: statesEstimated, sigma2: residualVariance)
        self.level = level
        self.trend = trend
        self.fittedValues = fittedValues
        self.residuals = residuals
        self.residualVariance = residualVariance
        self.rLikelihoodCriterion = rLikelihoodCriterion
        self.estimatedParameters = estimatedParameters
        self.seed = seed
        self.simulationPaths = simulationPaths
    }

    /// The form, as `ETS(A,Ad,N)`.
    public var modelName: String { form.description }
    /// Estimated parameters and states, σ² included.
    public var parameterCount: Int { estimatedParameters + 1 }
    /// Every observation.
    public var effectiveObservations: Int { series.count }

    /// R's `ets` log-likelihood, −½·lik (it omits the constant −n/2·(1 + log(2π/n))).
    public var rLogLikelihood: Double { -0.5 * rLikelihoodCriterion }
    /// The full Gaussian log-likelihood at the concentrated σ² = SSE/n (comparable across model families).
    public var logLikelihood: Double {
        let n = Double(series.count)
        return rLogLikelihood - 0.5 * n * (1 + log(2 * Double.pi / n))
    }
    /// R's `aic` and `aicc` for ETS (from `rLogLikelihood`); the ranking equals that of ``aicc``.
    public var rAIC: Double { rLikelihoodCriterion + 2 * Double(parameterCount) }
    /// R's AICc for ETS; infinite when n ≤ k + 1.
    public var rAICc: Double {
        let n = Double(series.count), k = Double(parameterCount)
        return n - k - 1 > 0 ? rAIC + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }

    /// The form's estimates.
    public var parameters: FittedParameters { .exponentialSmoothing(estimates) }
}
