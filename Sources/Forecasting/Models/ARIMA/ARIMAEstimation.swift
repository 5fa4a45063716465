import Foundation

extension ARIMAEstimator {
    /// Fits one order; nil when the likelihood cannot be evaluated.
    static func fit(_ series: Series, _ order: ARIMAOrder, tolerance: Double = 1e-10, restart: Bool = true)
        -> FittedARIMA?
    {
        let w = difference(series.values, order.d)
        let n = w.count
        guard n >= 1 else { return nil }
        let p = order.p, q = order.q
        if p == 0 && q == 0, let first = w.first, w.allSatisfy({ $0 == first }) {
            // A polynomial (as R's auto.arima): the constant is the common difference and nothing is left over.
            let mu = order.constant ? first : 0
            let sigma2 = w.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(n)
            return FittedARIMA(
                series: series, order: order, ar: [], ma: [], mean: mu, residualVariance: sigma2,
                logLikelihood: sigma2 > 0 ? -0.5 * Double(n) * (log(2 * Double.pi * sigma2) + 1) : .nan,
                innovations: w.map { $0 - mu }, state: [0], stateCovariance: [1],
                note: sigma2 == 0 ? "the differenced series is constant: a polynomial trend without spread" : nil)
        }
        let mean0 = order.constant ? w.reduce(0, +) / Double(n) : 0
        var sd = 0.0
        for x in w { sd += (x - mean0) * (x - mean0) }
        sd = max((sd / Double(max(1, n - 1))).squareRoot(), 1e-8 * max(1, abs(mean0)))
        let meanScale = sd / Double(n).squareRoot()
        // The mean from the raw parameters (its own scale, so the simplex steps it as much as the coefficients).
        func mean(_ x: [Double]) -> Double { order.constant ? mean0 + meanScale * x[p + q] : 0 }
        func unpack(_ x: [Double]) -> (ar: [Double], ma: [Double], mean: Double) {
            (coefficients(x[0..<p]), coefficients(x[p..<(p + q)]).map { -$0 }, mean(x))
        }
        let dimension = p + q + (order.constant ? 1 : 0)
        // Conditional sum of squares for starting values, in buffers allocated once for the search (the arithmetic of
        // `unpack`: the optimiser calls it up to 100 times per parameter).
        let cssAR = UnsafeMutablePointer<Double>.allocate(capacity: max(1, p))
        let cssMA = UnsafeMutablePointer<Double>.allocate(capacity: max(1, q))
        let cssWork = UnsafeMutablePointer<Double>.allocate(capacity: max(1, p, q))
        let cssErrors = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { for buffer in [cssAR, cssMA, cssWork, cssErrors] { buffer.deallocate() } }
        func css(_ x: [Double]) -> Double {
            x.withUnsafeBufferPointer { raw in
                guard let base = raw.baseAddress else { return }
                partialAutocorrelationsToCoefficients(base, p, cssAR, cssWork, sign: 1)
                partialAutocorrelationsToCoefficients(base + p, q, cssMA, cssWork, sign: -1)
            }
            let mu = mean(x)
            let e = cssErrors
            e.update(repeating: 0, count: n)
            var s = 0.0
            for t in p..<n {
                var v = w[t] - mu
                for i in 0..<p { v -= cssAR[i] * (w[t - 1 - i] - mu) }
                for j in 0..<q where t - 1 - j >= p { v -= cssMA[j] * e[t - 1 - j] }
                e[t] = v
                s += v * v
            }
            return 0.5 * log(s / Double(max(1, n - p)))
        }
        let workspace = Workspace(r: max(p, q + 1))
        func exact(_ x: [Double]) -> Double {
            let mu = mean(x)
            guard let f = likelihoodSums(w, mean: mu, raw: x, arCount: p, maCount: q, workspace) else {
                return .infinity
            }
            return 0.5 * log(f.ssq / Double(n)) + 0.5 * f.sumLog / Double(n)
        }
        var x = [Double](repeating: 0, count: dimension)
        if dimension > 0 {
            let optimiser = NelderMead(relativeTolerance: tolerance, maximumEvaluations: 400 * dimension)
            if p + q > 0 && n - p > p + q + 1 {
                // Starting values only: a loose tolerance is enough.
                let start = NelderMead(relativeTolerance: 1e-4, maximumEvaluations: 100 * dimension).minimize(x, css)
                if start.value.isFinite && start.point.allSatisfy({ abs($0) < 5 }) { x = start.point }
            }
            var best = optimiser.minimize(x, exact)
            if restart {
                // For fixed orders, where the estimates themselves are the answer: also from the origin (white
                // noise), and restarted from the best point until it stops improving.
                if x.contains(where: { $0 != 0 }) {
                    let fromOrigin = optimiser.minimize([Double](repeating: 0, count: dimension), exact)
                    if fromOrigin.value < best.value { best = fromOrigin }
                }
                for _ in 0..<8 {
                    let again = optimiser.minimize(best.point, exact)
                    let gain = best.value - again.value
                    if again.value < best.value { best = again }
                    if !(gain > 1e-10) { break }
                }
            }
            x = best.point
        }
        let (ar, ma, mu) = unpack(x)
        guard let f = filter(w, mean: mu, ar: ar, ma: ma) else { return nil }
        let sigma2 = f.ssq / Double(n)
        let loglik = -0.5 * (Double(n) * (log(2 * Double.pi * sigma2) + 1) + f.sumLog)
        guard loglik.isFinite || sigma2 == 0 else { return nil }
        // The intervals use σ² with the coefficients' degrees of freedom, Σ residuals²/(n − k), as forecast::Arima;
        // the likelihood uses the maximum-likelihood σ² = Σ/n.
        let unbiased = n - dimension > 0 ? f.ssq / Double(n - dimension) : sigma2
        return FittedARIMA(
            series: series, order: order, ar: ar, ma: ma, mean: mu, residualVariance: unbiased,
            logLikelihood: loglik, innovations: f.innovations, state: f.state,
            stateCovariance: f.covariance, note: nil)
    }

}
