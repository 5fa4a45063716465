import Foundation

/// One pass of the ETS recursions over the data.
enum ETSRecursion {
    struct Pass {
        var likelihoodCriterion: Double
        var level: Double
        var trend: Double
        var residuals: [Double]
        var fitted: [Double]
    }

    /// The optimiser's objective without storing anything: R's `lik` and the mean squared one-step error.
    ///
    /// The recursion is carried in terms of the one-step forecast q and the trend b, which shortens the chain of
    /// dependent operations per observation (the update is linear in (q, b)):
    ///   q' = (1 − α − φβ)·q + (α + φβ)·y + φ²·b,   b' = φ·b + β·(y − q),
    /// the same numbers as l' = q + α(y − q), b' = φb + β(y − q), q' = l' + φb' up to rounding.
    /// Σ log|ŷ| is accumulated as the logarithm of a running product kept in range by its binary exponent,
    /// so it costs one `log` per pass instead of one per observation.
    @inline(__always)
    static func objective(
        _ form: ETSForm, _ y: UnsafeBufferPointer<Double>, _ alpha: Double, _ beta: Double,
        _ phi: Double, _ l0: Double, _ b0: Double
    ) -> (likelihood: Double, meanSquaredError: Double) {
        let trend = form.hasTrend
        let f = trend ? phi : 0, bb = trend ? beta : 0
        var b = trend ? b0 : 0
        var q = l0 + f * b
        let a = 1 - alpha - f * bb, c = alpha + f * bb, d2 = f * f
        var sse = 0.0, sumSquaredOneStep = 0.0
        if form.error == .additive {
            for v in y {
                let d = v - q
                sumSquaredOneStep += d * d
                let qNext = a * q + (c * v + d2 * b)
                b = f * b + bb * d
                q = qNext
            }
            let n = Double(y.count)
            return (n * log(sumSquaredOneStep), sumSquaredOneStep / n)
        }
        var product = 1.0, exponent = 0
        for v in y {
            let d = v - q
            sumSquaredOneStep += d * d
            let e = d / q
            sse += e * e
            product *= abs(q)
            // exponent > 64 ⟺ product ≥ 2⁶⁵ and exponent < −64 ⟺ product < 2⁻⁶⁴ (product ≥ 0); 0, ∞ and NaN are left
            // alone (the likelihood is then not finite, and the optimiser steps away).
            if (product >= 0x1p65 || product < 0x1p-64) && product.isFinite && product != 0 {
                exponent += Int(product.exponent)
                product = Double(sign: .plus, exponent: 0, significand: product.significand)
            }
            let qNext = a * q + (c * v + d2 * b)
            b = f * b + bb * d
            q = qNext
        }
        let n = Double(y.count)
        return (n * log(sse) + 2 * (log(product) + Double(exponent) * M_LN2), sumSquaredOneStep / n)
    }

    /// The same recursion, keeping the one-step forecasts and errors (e = y − ŷ for additive errors,
    /// (y − ŷ)/ŷ for multiplicative ones) and the final states.
    static func run(
        _ form: ETSForm, _ y: [Double], _ alpha: Double, _ beta: Double, _ phi: Double,
        _ l0: Double, _ b0: Double
    ) -> Pass {
        var l = l0, b = b0
        var sse = 0.0, sumLogF = 0.0
        var residuals: [Double] = [], fitted: [Double] = []
        residuals.reserveCapacity(y.count)
        fitted.reserveCapacity(y.count)
        let multiplicative = form.error == .multiplicative
        let update = StateUpdate(form, alpha: alpha, beta: beta, phi: phi)
        for v in y {
            let phib = update.dampedTrend(b)
            let q = l + phib
            let e = multiplicative ? (v - q) / q : v - q
            sse += e * e
            if multiplicative { sumLogF += log(abs(q)) }
            residuals.append(e)
            fitted.append(q)
            (l, b) = update.next(level: l, trend: b, dampedTrend: phib, forecast: q, observation: v)
        }
        let n = Double(y.count)
        return Pass(
            likelihoodCriterion: n * log(sse) + (multiplicative ? 2 * sumLogF : 0),
            level: l, trend: b, residuals: residuals, fitted: fitted)
    }

    /// The state update of a non-seasonal form in error-correction form, with r = β/α (Hyndman et al. 2008, §2.5):
    /// ŷ = ℓ + φb, ℓ' = ŷ + α(y − ŷ), b' = φb + r(ℓ' − ℓ − φb) — the one statement of the recursion that the fit
    /// (``run``) and the simulated paths use. (The optimiser's ``objective`` runs the same recursion rewritten in
    /// (ŷ, b), algebraically equal and shorter per step.)
    struct StateUpdate {
        let alpha: Double
        let ratio: Double
        /// φ for a damped trend, 1 for an additive one.
        let phi: Double
        let hasTrend: Bool

        init(_ form: ETSForm, alpha: Double, beta: Double, phi: Double) {
            self.alpha = alpha
            hasTrend = form.hasTrend
            ratio = hasTrend ? beta / alpha : 0
            self.phi = form.trend == .damped ? phi : 1
        }

        /// φb (0 without trend).
        @inline(__always)
        func dampedTrend(_ b: Double) -> Double { hasTrend ? phi * b : 0 }

        /// The level and trend after observing `y` with one-step forecast `q` = ℓ + φb.
        @inline(__always)
        func next(level l: Double, trend b: Double, dampedTrend phib: Double, forecast q: Double, observation y: Double)
            -> (level: Double, trend: Double)
        {
            let newLevel = q + alpha * (y - q)
            return (newLevel, hasTrend ? phib + ratio * (newLevel - l - phib) : b)
        }
    }
}
