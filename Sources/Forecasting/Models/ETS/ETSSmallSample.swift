import Foundation

extension ExponentialSmoothing {
    /// Whether a requested form is too short to estimate by likelihood, by R's rule in `ets()`: n ≤ k + 4, k the
    /// smoothing parameters and initial states of the form (2 for ANN, 4 for AAN, 5 for AAdN).
    static func isSmallSample(_ form: ETSForm, count n: Int) -> Bool {
        n <= form.smoothingParameterCount + form.stateCount + 4
    }

    /// R's small-sample fit of a requested form (`ets()` hands such series to `HoltWintersZZ`): the additive
    /// form with the same trend, undamped, its initial states fixed at the first value and the first difference,
    /// α (and β) by least squares within [0, 1], σ² the mean squared residual. `ses()`, `holt()` and `thetaf()`
    /// in R fit short series this way.
    func smallSampleFit(_ requested: ETSForm, _ series: Series) -> FittedETS? {
        let y = series.values
        guard y.count >= 2 else { return nil }
        let form = ETSForm(error: .additive, trend: requested.hasTrend ? .additive : .none)
        let l0 = y[0], b0 = form.hasTrend ? y[1] - y[0] : 0
        let hasTrend = form.hasTrend
        let start = hasTrend ? [0.2, 0.02] : [0.2]  // R's initparam: α = 0.2, β = α/10
        let lo = Self.lower.alpha, hi = Self.upper.alpha
        let result = y.withUnsafeBufferPointer { data in
            NelderMead().minimize(start) { p in
                let alpha = p[0], beta = hasTrend ? p[1] : 0
                guard alpha >= lo && alpha <= hi && (!hasTrend || (beta >= lo && beta <= hi)) else { return .infinity }
                let pass = ETSRecursion.objective(form, data, alpha, beta, 1, l0, b0)
                return pass.meanSquaredError.isFinite ? pass.meanSquaredError : .infinity
            }
        }
        guard result.value.isFinite else { return nil }
        let alpha = result.point[0], beta = hasTrend ? result.point[1] : 0
        let pass = ETSRecursion.run(form, y, alpha, beta, 1, l0, b0)
        let sse = pass.residuals.reduce(0) { $0 + $1 * $1 }
        guard sse.isFinite, pass.level.isFinite, pass.trend.isFinite else { return nil }
        let lead = ETSFormFit(
            series: series, form: form, alpha: alpha, beta: beta, phi: 1, initialLevel: l0, initialTrend: b0,
            statesEstimated: false, level: pass.level, trend: pass.trend, fittedValues: pass.fitted,
            residuals: pass.residuals, residualVariance: sse / Double(y.count),
            rLikelihoodCriterion: pass.likelihoodCriterion, estimatedParameters: form.smoothingParameterCount,
            seed: seed, simulationPaths: simulationPaths)
        let changed = form != requested ? " (\(form) in place of \(requested))" : ""
        return FittedETS(
            lead: lead, modelName: name,
            note:
                "\(y.count) observations are too few to estimate \(requested) by likelihood: fitted as R does for so few, initial states fixed at the first value\(hasTrend ? " and the first difference" : ""), smoothing by least squares\(changed)"
        )
    }
}
