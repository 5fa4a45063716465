import Foundation

/// One form's point forecasts and predictive laws (Hyndman et al. 2008, class 1 variances for additive errors;
/// simulated paths for multiplicative ones, ``simulate(horizon:paths:)``).
extension ETSFormFit {
    /// The form's own forecast: a mixture of one law.
    public func predictive(at times: [Double]) -> PredictiveForecast {
        let steps = series.stepsAhead(times)
        let maxH = steps.max() ?? 1
        let law = law(maxH: maxH, paths: simulationPaths)
        let path = pointPath(maxH: maxH)
        return PredictiveForecast(
            mean: steps.map { path[$0 - 1] }, laws: steps.map { Mixture([law], [1], step: $0 - 1) })
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
            return onLogs
                ? .logNormal(mean: pointPath(maxH: maxH), sd: sd) : .normal(mean: pointPath(maxH: maxH), sd: sd)
        case .multiplicative:
            let sorted = simulate(horizon: max(1, maxH), paths: paths)
            return .sample(sorted: onLogs ? sorted.map { $0.map { exp($0) } } : sorted)
        }
    }
}
