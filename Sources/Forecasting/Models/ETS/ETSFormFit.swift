import Foundation

/// One exponential-smoothing form fitted to one series by maximum likelihood (R's `ets` for a given form).
public struct ETSFormFit: LikelihoodFit {
    public let series: Series
    public let form: ETSForm
    public let alpha: Double
    public let beta: Double
    public let phi: Double
    public let initialLevel: Double
    public let initialTrend: Double
    /// Whether the initial states were estimated (false on very short series, where they are fixed).
    public let statesEstimated: Bool
    /// Final level and trend.
    public let level: Double
    public let trend: Double
    public let fittedValues: [Double]
    /// One-step errors: y − ŷ for additive errors, (y − ŷ)/ŷ for multiplicative ones (as R).
    public let residuals: [Double]
    /// σ² = Σe²/(n − k), k the estimated smoothing parameters and initial states (as R).
    public let residualVariance: Double
    /// R's `e$lik`: n·log(SSE) (+ 2Σlog|ŷ|).
    public let rLikelihoodCriterion: Double
    /// Estimated smoothing parameters and initial states (R's `length(par)`).
    public let estimatedParameters: Int
    /// Seed and number of the simulated paths (multiplicative errors).
    let seed: UInt64
    let simulationPaths: Int

    public var modelName: String { form.description }
    public var parameterCount: Int { estimatedParameters + 1 }
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
    public var rAICc: Double {
        let n = Double(series.count), k = Double(parameterCount)
        return n - k - 1 > 0 ? rAIC + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }

    /// The estimates.
    public var estimates: ETSParameters {
        ETSParameters(form: form, alpha: alpha, beta: beta, phi: phi, initialLevel: initialLevel, initialTrend: initialTrend,
                      statesEstimated: statesEstimated, sigma2: residualVariance)
    }
    public var parameters: FittedParameters { .exponentialSmoothing(estimates) }

    /// The form's own forecast: a mixture of one law.
    public func predictive(at times: [Double]) -> PredictiveForecast {
        FittedETS(lead: self, modelName: modelName, note: nil).predictive(at: times)
    }

    /// The point forecasts ℓ + (φ + … + φʰ)·b of this form at horizons 1…maxH.
    func pointPath(maxH: Int) -> [Double] { (1...max(1, maxH)).map { level + trendMultiplier($0) * trend } }

    /// φ + φ² + … + φʰ (h for an undamped trend, 0 without trend).
    func trendMultiplier(_ h: Int) -> Double {
        switch form.trend {
        case .none: return 0
        case .additive: return Double(h)
        case .damped:
            var s = 0.0, p = 1.0
            for _ in 0..<h { p *= phi; s += p }
            return s
        }
    }

    /// The law of this form's forecasts at horizons 1…maxH; with `onLogs` (a form fitted to the logarithms of the
    /// data) the law of their exponentials.
    func law(maxH: Int, paths: Int, onLogs: Bool = false) -> ETSLaw {
        switch form.error {
        case .additive:
            // Class 1: v_h = σ²(1 + Σ_{j<h} c_j²), c_j = α + β·(φ + … + φʲ).
            var sd: [Double] = []
            var sum = 0.0
            for h in 1...max(1, maxH) {
                sd.append((residualVariance * (1 + sum)).squareRoot())
                let c = alpha + beta * trendMultiplier(h)
                sum += c * c
            }
            return onLogs ? .logNormal(mean: pointPath(maxH: maxH), sd: sd) : .normal(mean: pointPath(maxH: maxH), sd: sd)
        case .multiplicative:
            let sorted = simulate(horizon: max(1, maxH), paths: paths)
            return .sample(sorted: onLogs ? sorted.map { $0.map { exp($0) } } : sorted)
        }
    }
}
