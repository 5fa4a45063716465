import Foundation

extension ExponentialSmoothing {
    /// A form to estimate, with or without its initial states, optionally with β fixed at 0.
    struct Candidate {
        let form: ETSForm
        let estimateStates: Bool
        /// β fixed at 0 (a constant slope): simple exponential smoothing with drift.
        var constantSlope = false
        var parameterCount: Int {
            form.smoothingParameterCount - (constantSlope ? 1 : 0) + (estimateStates ? form.stateCount : 0)
        }
    }

    static let lower = (alpha: 1e-4, beta: 1e-4, phi: 0.8)
    static let upper = (alpha: 0.9999, beta: 0.9999, phi: 0.98)

    /// Maximum-likelihood estimation of one candidate.
    func estimate(_ c: Candidate, _ series: Series, warmStart: ETSFormFit? = nil) -> ETSFormFit? {
        let y = series.values
        let form = c.form
        let ratioBound = trendRatioBound
        // Starting values as R's initparam / initstate.
        let alpha0 = Self.lower.alpha + 0.2 * (Self.upper.alpha - Self.lower.alpha)
        let beta0 = Self.lower.beta + 0.1 * (min(Self.upper.beta, alpha0 * ratioBound) - Self.lower.beta)
        let phi0 = Self.lower.phi + 0.99 * (Self.upper.phi - Self.lower.phi)
        // Fixed states (short series): the first value without trend; with trend, R's least-squares start.
        let states0 = c.estimateStates || form.hasTrend ? Self.initialStates(y, trend: form.hasTrend) : (y[0], 0)
        var start = [alpha0]
        let estimateBeta = form.hasTrend && !c.constantSlope
        if estimateBeta { start.append(beta0) }
        if form.trend == .damped { start.append(phi0) }
        if c.estimateStates {
            start.append(states0.0)
            if form.hasTrend { start.append(states0.1) }
        }
        if let warm = warmStart, c.estimateStates {
            // The additive-error fit of the same trend: the multiplicative-error optimum is usually near it, so the
            // simplex starts there, moved just inside the bounds.
            start = [min(max(warm.alpha, 0.01), 0.95)]
            if estimateBeta { start.append(min(max(warm.beta, 0.001), 0.5 * start[0] * ratioBound)) }
            if form.trend == .damped { start.append(min(max(warm.phi, 0.81), 0.975)) }
            start.append(warm.estimates.initialLevel)
            if form.hasTrend { start.append(warm.estimates.initialTrend) }
        }
        // From a warm start the simplex steps each coordinate by 10% of its own value (R's rule, 10% of the largest
        // coordinate, steps α by a tenth of the level: every first vertex is then outside the bounds).
        let warmSteps: [Double]? =
            warmStart == nil || !c.estimateStates
            ? nil
            : start.enumerated().map { i, x in
                i < start.count - form.stateCount ? 0.1 * max(0.01, x) : 0.1 * max(1, abs(x))
            }
        let fixedStates = states0
        let hasTrend = form.hasTrend, damped = form.trend == .damped, estimateStates = c.estimateStates
        @inline(__always) func unpack(_ p: [Double]) -> (Double, Double, Double, Double, Double) {
            var k = 1
            let alpha = p[0]
            var beta = 0.0, phi = 1.0, l0 = fixedStates.0, b0 = hasTrend ? fixedStates.1 : 0
            if estimateBeta { beta = p[k]; k += 1 }
            if damped { phi = p[k]; k += 1 }
            if estimateStates {
                l0 = p[k]; k += 1
                if hasTrend { b0 = p[k] }
            }
            return (alpha, beta, phi, l0, b0)
        }
        let criterion = self.criterion
        if selection == .automatic, criterion == .likelihood, form.error == .additive, estimateStates {
            return estimateConcentrated(c, series, start: Array(start.prefix(start.count - form.stateCount)))
        }
        // The combination needs the likelihoods only to ~1e-5 relative (an error of 0.002 in −2 log L moves an
        // Akaike weight by 0.1%); the single-form fits keep R's tolerance so that they reach R's optimum.
        let optimizer = selection == .automatic ? NelderMead(relativeTolerance: 1e-5) : NelderMead()
        let result = y.withUnsafeBufferPointer { data in
            optimizer.minimize(start, steps: warmSteps) { p in
                let (alpha, beta, phi, l0, b0) = unpack(p)
                guard Self.parametersAllowed(form, alpha, beta, phi, ratioBound: ratioBound, betaFixed: !estimateBeta)
                else { return .infinity }
                let pass = ETSRecursion.objective(form, data, alpha, beta, phi, l0, b0)
                switch criterion {
                case .likelihood:
                    return pass.likelihood.isNaN ? .infinity : max(pass.likelihood, -1e10)
                case .meanSquaredError:
                    return pass.meanSquaredError.isNaN ? .infinity : pass.meanSquaredError
                }
            }
        }
        guard result.value < 1e30 else { return nil }
        let (alpha, beta, phi, l0, b0) = unpack(result.point)
        return fitted(c, series, alpha, beta, phi, l0, b0)
    }

    /// An additive-error candidate of the automatic combination, its initial states concentrated out
    /// (``ETSRecursion/concentrated(_:_:_:_:_:_:_:)``): the optimiser searches over α (β, φ) alone — Brent's method for
    /// one parameter, Nelder–Mead for two or three — and the states are the least-squares ones for the parameters found.
    /// This reaches at least the likelihood of the joint search over parameters and states (which R's `ets` does, and
    /// which the single-form fits keep for parity), in fewer evaluations of a smaller simplex.
    private func estimateConcentrated(_ c: Candidate, _ series: Series, start: [Double]) -> ETSFormFit? {
        let y = series.values
        let form = c.form
        let ratioBound = trendRatioBound
        let (l0Start, b0Start) = Self.initialStates(y, trend: form.hasTrend)
        let estimateBeta = form.hasTrend && !c.constantSlope, damped = form.trend == .damped
        @inline(__always) func unpack(_ p: [Double]) -> (Double, Double, Double) {
            var k = 1
            var beta = 0.0, phi = 1.0
            if estimateBeta { beta = p[k]; k += 1 }
            if damped { phi = p[k] }
            return (p[0], beta, phi)
        }
        let n = Double(y.count)
        let (alpha, beta, phi): (Double, Double, Double) = y.withUnsafeBufferPointer { data in
            @inline(__always) func criterion(_ alpha: Double, _ beta: Double, _ phi: Double) -> Double {
                guard Self.parametersAllowed(form, alpha, beta, phi, ratioBound: ratioBound, betaFixed: !estimateBeta)
                else { return .infinity }
                let sse = ETSRecursion.concentrated(form, data, alpha, beta, phi, l0Start, b0Start).sse
                let value = n * log(sse)
                return value.isNaN ? .infinity : max(value, -1e10)
            }
            if start.count == 1 {
                // Brent never evaluates the ends of the interval, where a trending series puts α: the bounds
                // are candidates too.
                let interior = BrentMinimum.minimize(Self.lower.alpha, Self.upper.alpha, tolerance: 1e-7) { a in
                    min(criterion(a, 0, 1), 1e35)
                }
                let alpha = [interior, Self.lower.alpha, Self.upper.alpha].min {
                    criterion($0, 0, 1) < criterion($1, 0, 1)
                }
                return (alpha ?? interior, 0, 1)
            }
            let result = NelderMead(relativeTolerance: 1e-5).minimize(start) { p in
                let (alpha, beta, phi) = unpack(p)
                return criterion(alpha, beta, phi)
            }
            return unpack(result.point)
        }
        let states = y.withUnsafeBufferPointer {
            ETSRecursion.concentrated(form, $0, alpha, beta, phi, l0Start, b0Start)
        }
        guard states.sse.isFinite, states.l0.isFinite, states.b0.isFinite,
            Self.parametersAllowed(form, alpha, beta, phi, ratioBound: ratioBound, betaFixed: !estimateBeta)
        else { return nil }
        return fitted(c, series, alpha, beta, phi, states.l0, form.hasTrend ? states.b0 : 0)
    }

    /// The fit of `c` at the estimates: one pass of the recursion for the states, errors and likelihood.
    private func fitted(
        _ c: Candidate, _ series: Series, _ alpha: Double, _ beta: Double, _ phi: Double, _ l0: Double, _ b0: Double
    ) -> ETSFormFit? {
        let y = series.values
        let pass = ETSRecursion.run(c.form, y, alpha, beta, phi, l0, b0)
        guard pass.likelihoodCriterion.isFinite else { return nil }
        let parameters = c.parameterCount
        let sse = pass.residuals.reduce(0) { $0 + $1 * $1 }
        return ETSFormFit(
            series: series, form: c.form, alpha: alpha, beta: beta, phi: phi, initialLevel: l0,
            initialTrend: b0, statesEstimated: c.estimateStates, level: pass.level, trend: pass.trend,
            fittedValues: pass.fitted, residuals: pass.residuals,
            residualVariance: sse / Double(max(1, y.count - parameters)),
            rLikelihoodCriterion: pass.likelihoodCriterion, estimatedParameters: parameters,
            seed: seed, simulationPaths: simulationPaths)
    }

    /// R's `initstate`: a least-squares line through the first min(10, n) points (x = 1…maxn) gives the level
    /// (intercept) and trend (slope); without trend, their mean is the level.
    static func initialStates(_ y: [Double], trend: Bool) -> (Double, Double) {
        let m = min(10, y.count)
        let head = Array(y[0..<m])
        if !trend { return (head.reduce(0, +) / Double(m), 0) }
        let xbar = Double(m + 1) / 2, ybar = head.reduce(0, +) / Double(m)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in head.enumerated() {
            let dx = Double(i + 1) - xbar
            sxy += dx * (v - ybar)
            sxx += dx * dx
        }
        var b = sxx > 0 ? sxy / sxx : 0
        var l = ybar - b * xbar
        if abs(l + b) < 1e-8 { l *= 1.001; b *= 0.999 }
        return (l, b)
    }

    /// The usual region (with β ≤ `ratioBound`·α) and the admissible region (R's `bounds = "both"`).
    static func parametersAllowed(
        _ form: ETSForm, _ alpha: Double, _ beta: Double, _ phi: Double,
        ratioBound: Double = 1, betaFixed: Bool = false
    ) -> Bool {
        guard alpha >= lower.alpha && alpha <= upper.alpha else { return false }
        if form.hasTrend && !betaFixed {
            guard beta >= lower.beta && beta <= alpha * ratioBound && beta <= upper.beta else { return false }
        }
        if form.trend == .damped {
            guard phi >= lower.phi && phi <= upper.phi else { return false }
        }
        // Admissible region for non-seasonal models.
        guard alpha >= 1 - 1 / phi && alpha <= 1 + 1 / phi else { return false }
        if form.hasTrend {
            guard beta >= alpha * (phi - 1) && beta <= (1 + phi) * (2 - alpha) else { return false }
        }
        return true
    }
}
