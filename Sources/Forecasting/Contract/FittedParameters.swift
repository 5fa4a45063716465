/// A fitted model's estimates, by family: read α of an ETS fit or the AR coefficients of an ARIMA fit without a
/// downcast (`if case let .exponentialSmoothing(p) = fitted.parameters { p.alpha }`).
public enum FittedParameters: Sendable {
    /// One exponential-smoothing form.
    case exponentialSmoothing(ETSParameters)
    /// A weighted combination of exponential-smoothing forms (automatic ETS): the forms on the data's scale and on
    /// the logarithms, each with its weight in the mixture.
    case formMixture([WeightedForm])
    case arima(ARIMAParameters)
    /// The Theta method: simple exponential smoothing plus half the slope of a linear trend.
    case theta(smoothing: ETSParameters, drift: Double)
    /// An optimised Theta method (``OptimizedThetaModel``): initial level ℓ₀, α, θ, whether the line is updated with
    /// each value, and the one-step error variance, on the data's scale.
    case optimizedTheta(initialLevel: Double, alpha: Double, theta: Double, dynamic: Bool, sigma2: Double)
    /// Complex exponential smoothing (``ComplexSmoothingModel``): the complex smoothing parameter a₀ + i·a₁, the
    /// backcast initial level ℓ₀ and information potential c₀, and the one-step error variance, on the data's scale.
    case complexSmoothing(a0: Double, a1: Double, initialLevel: Double, initialPotential: Double, sigma2: Double)
    /// A random walk (the naive method: drift nil) in continuous time.
    case randomWalk(drift: Double?, driftVariance: Double, sigma2: Double)
    /// The mean of the data, with a Student-t interval.
    case mean(mean: Double, sigma2: Double)
    /// Least squares on a polynomial in time (time enters as (t − centre)/scale), on the log scale
    /// for `loglinear`.
    case trendRegression(coefficients: [Double], centre: Double, scale: Double, logScale: Bool, sigma2: Double)
    /// A combination of models: every member with its weight in the predictive mixture, and how the members' point
    /// forecasts are combined.
    case combination([WeightedMember], point: PointRule)
    /// A model fitted on a transformed scale.
    indirect case transformed(Transform, FittedParameters)
    /// Nothing estimated (one observation).
    case none

    /// Whether nothing was estimated (one observation), on whatever scale: such a fit has no intervals.
    public var estimatesNothing: Bool {
        switch self {
        case .none: return true
        case let .transformed(_, inner): return inner.estimatesNothing
        default: return false
        }
    }

    /// An exponential-smoothing form in a mixture.
    public struct WeightedForm: Sendable {
        /// The form's estimates.
        public let parameters: ETSParameters
        /// The weight in the whole mixture (the weights sum to 1).
        public let weight: Double
        /// Whether the form was fitted to the logarithms of the data.
        public let onLogarithms: Bool
    }

    /// How a combination forms its point forecast from its members'.
    public enum PointRule: String, Sendable, Hashable {
        /// Their mean (`combo`, as R's combination of ets, auto.arima and thetaf).
        case mean
        /// Their median (`auto`: the middle member of an odd number, the mean of the middle two of an even one).
        case median
        /// The mean of all but the highest and the lowest (with five or more members; the median with fewer).
        case trimmed

        /// The rule applied to `values` (NaN when a value is NaN).
        func combine(_ values: [Double]) -> Double {
            switch self {
            case .mean: return values.reduce(0, +) / Double(values.count)
            case .median: return values.contains(where: \.isNaN) ? .nan : OutlierScreen.median(values)
            case .trimmed:
                guard values.count >= 5 else { return PointRule.median.combine(values) }
                guard !values.contains(where: \.isNaN) else { return .nan }
                let inner = values.sorted().dropFirst().dropLast()
                return inner.reduce(0, +) / Double(inner.count)
            }
        }
    }

    /// A member of a combination of models.
    public struct WeightedMember: Sendable {
        /// The member's fitted model name.
        public let modelName: String
        /// Its weight in the combination's predictive mixture (the weights sum to 1).
        public let weight: Double
        /// The member's own estimates.
        public let parameters: FittedParameters
    }
}

/// The estimates of one exponential-smoothing form (Hyndman et al. 2008 notation).
public struct ETSParameters: Sendable, Equatable {
    /// The form: error type and trend.
    public let form: ETSForm
    /// Level smoothing parameter α.
    public let alpha: Double
    /// β (0 without trend or for a constant slope).
    public let beta: Double
    /// φ (1 without damping).
    public let phi: Double
    /// Initial level ℓ₀ (estimated or fixed).
    public let initialLevel: Double
    /// Initial trend b₀ (0 without trend).
    public let initialTrend: Double
    /// Whether the initial states were estimated (false on very short series, where they are fixed).
    public let statesEstimated: Bool
    /// Residual variance σ² = Σe²/(n − k), as R.
    public let sigma2: Double
    /// The closest form the selection passed over and how much worse its criterion was (`ETS(A,Ad,N), AICc higher
    /// by 0.52`); nil when no selection was made.
    public var runnerUp: String? = nil
}

/// A runner-up as the model report names it: `ETS(A,Ad,N), AICc higher by 0.52`.
func runnerUpText(_ name: String, criterion: String, gap: Double) -> String {
    "\(name), \(criterion) higher by \(String(format: "%.2f", gap))"
}

/// The estimates of an ARIMA fit.
public struct ARIMAParameters: Sendable, Equatable {
    /// The order (p, d, q) and whether a constant is fitted.
    public let order: ARIMAOrder
    /// AR coefficients φ₁…φ_p.
    public let ar: [Double]
    /// MA coefficients θ₁…θ_q.
    public let ma: [Double]
    /// The mean of the differenced series (the intercept when d = 0, the drift when d = 1; 0 without constant).
    public let mean: Double
    /// Innovation variance σ² with the coefficients' degrees of freedom, Σ residuals²/(n − k), as `forecast::Arima`.
    public let sigma2: Double
    /// The closest order the automatic search passed over and how much worse its criterion was (`ARIMA(1,1,0), AICc
    /// higher by 1.20`); nil for a fixed order.
    public var runnerUp: String? = nil
}
