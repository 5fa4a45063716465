import Foundation
import LinearAlgebra

extension ARIMAEstimator {
    /// Whether every AR and MA root lies at least 1.01 outside the unit circle (R's `auto.arima` check).
    static func rootsClearOfUnitCircle(_ fit: FittedARIMA) -> Bool {
        for coefficients in [fit.ar, fit.ma.map { -$0 }] where !coefficients.isEmpty {
            let k = coefficients.count
            var companion = Matrix(rows: k, columns: k)
            for j in 0..<k { companion[0, j] = coefficients[j] }
            for i in 1..<max(1, k) { companion[i, i - 1] = 1 }
            guard let moduli = try? Eigenvalues.moduli(of: companion) else { return false }
            // Roots of the polynomial are the reciprocals of the companion's eigenvalues.
            if let largest = moduli.max(), largest > 1 / 1.01 { return false }
        }
        return true
    }

    /// `forecast::auto.arima` for non-seasonal data, stepwise, with at most `maxDifferences` differences.
    static func automatic(_ series: Series, maxDifferences: Int = 2) throws(ForecastingError) -> FittedARIMA {
        let y = series.values
        let d = differencesNeeded(y, maximum: maxDifferences)
        let w = difference(y, d)
        let allowConstant = d <= 1
        if let first = w.first, w.allSatisfy({ $0 == first }) {
            // A polynomial: the constant fixed at the common difference.
            let order = ARIMAOrder(p: 0, d: d, q: 0, constant: allowConstant)
            guard let f = fit(series, order) else {
                throw .numerical(series: series.id, model: "arima", detail: "no model could be fitted")
            }
            return f
        }
        let maxP = 5, maxQ = 5, maxOrder = 5
        // The search compares AICc values, which a loose tolerance gets right; the chosen order is then refitted to
        // full precision (validation on the M3 training data: unchanged accuracy, about a fifth less time).
        let searchTolerance = 1e-6
        let used = w.count
        // As R's auto.arima, a series of 3 or fewer points is compared by AIC (its AICc is not finite).
        let useAIC = y.count <= 3
        // Without differencing, a model with zero mean is a candidate only when the mean could be zero: on data whose
        // mean lies more than two standard errors away from 0 (every positive series of sales or filings) it
        // forecasts 0, which short series chose for their smaller AICc penalty (sMAPE 200 on 3-point series).
        let zeroMeanPlausible: Bool = {
            guard d == 0, w.count >= 2 else { return true }
            let mean = w.reduce(0, +) / Double(w.count)
            let variance = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count - 1)
            return abs(mean) <= 2 * (variance / Double(w.count)).squareRoot()
        }()
        var cache: [ARIMAOrder: (FittedARIMA?, Double)] = [:]
        func score(_ p: Int, _ q: Int, _ c: Bool) -> Double {
            let order = ARIMAOrder(p: p, d: d, q: q, constant: c && allowConstant)
            if let hit = cache[order] { return hit.1 }
            var result: (FittedARIMA?, Double) = (nil, .infinity)
            if p + q <= maxOrder && used - order.parameterCount - (useAIC ? 0 : 1) > 0,
                order.constant || !allowConstant || zeroMeanPlausible,
                let f = fit(series, order, tolerance: searchTolerance, restart: false), rootsClearOfUnitCircle(f)
            {
                result = (f, useAIC ? f.aic : f.aicc)
            }
            cache[order] = result
            return result.1
        }
        var p = min(2, maxP), q = min(2, maxQ)
        if y.count < 10 { p = min(p, 1); q = min(q, 1) }
        var constant = allowConstant
        var best = score(p, q, constant)
        if score(0, 0, constant) < best { best = score(0, 0, constant); p = 0; q = 0 }
        if score(1, 0, constant) < best { best = score(1, 0, constant); p = 1; q = 0 }
        if score(0, 1, constant) < best { best = score(0, 1, constant); p = 0; q = 1 }
        // As R: when the model without constant wins here, the search goes on from it with the constant still
        // on (the last move toggles it), so the search visits the same models as auto.arima.
        var bestConstant = constant
        if constant && score(0, 0, false) < best { best = score(0, 0, false); p = 0; q = 0; bestConstant = false }
        var improved = true
        while improved && !SeriesDeadline.passed() {
            improved = false
            let moves: [(Int, Int, Bool)] =
                [
                    (p - 1, q, constant), (p, q - 1, constant), (p + 1, q, constant), (p, q + 1, constant),
                    (p - 1, q - 1, constant), (p - 1, q + 1, constant), (p + 1, q - 1, constant),
                    (p + 1, q + 1, constant),
                ] + (allowConstant ? [(p, q, !constant)] : [])
            for (np, nq, nc) in moves where np >= 0 && nq >= 0 && np <= maxP && nq <= maxQ {
                let order = ARIMAOrder(p: np, d: d, q: nq, constant: nc && allowConstant)
                guard cache[order] == nil else { continue }  // R tries each model once
                let s = score(np, nq, nc)
                if s < best {
                    best = s
                    p = np; q = nq; constant = nc; bestConstant = nc
                    improved = true
                    break
                }
            }
        }
        let chosen = ARIMAOrder(p: p, d: d, q: q, constant: bestConstant && allowConstant)
        if var f = cache[chosen]?.0 {
            if let refit = fit(series, chosen), refit.logLikelihood >= f.logLikelihood, rootsClearOfUnitCircle(refit) {
                f = refit
            }
            // The runner-up: the best-scored order of the search other than the one chosen.
            if let second = cache.filter({ $0.key != chosen && $0.value.1.isFinite }).min(by: { a, b in
                (a.value.1, a.key.description) < (b.value.1, b.key.description)
            }) {
                f.runnerUp = runnerUpText(
                    "\(second.key)", criterion: useAIC ? "AIC" : "AICc", gap: second.value.1 - best)
            }
            return f
        }
        // Nothing could be scored (a very short series): the random walk or white noise, with or without constant.
        for order in [
            ARIMAOrder(p: 0, d: d, q: 0, constant: allowConstant), ARIMAOrder(p: 0, d: d, q: 0, constant: false),
        ] {
            if let f = fit(series, order) {
                var annotated = f
                annotated.note = "too few observations to compare ARIMA orders: \(order) was used"
                return annotated
            }
        }
        throw .numerical(series: series.id, model: "arima", detail: "no ARIMA model could be fitted")
    }
}
