import Foundation

extension ETSRecursion {
    /// The additive-error criterion with the initial states concentrated out: for given α, β and φ, the one-step
    /// errors are affine in (ℓ₀, b₀), so the states that minimise the sum of squared errors solve a 2 × 2 (1 × 1
    /// without trend) least-squares problem, and the optimiser searches over the smoothing parameters alone.
    ///
    /// The recursion in (ŷ, b) of ``objective(_:_:_:_:_:_:_:)`` is linear: started from (`l0` + φ`b0`, `b0`) it gives the
    /// particular errors r_t; started from (1, 0) and (φ, 1) without data (the homogeneous recursion
    /// ŷ' = (1 − α − φβ)ŷ + φ²b, b' = φb − βŷ) it gives g_t and h_t, the errors' sensitivities to a change of ℓ₀
    /// and b₀. The three chains are independent, so they run side by side at little more than the cost of one.
    /// Starting the particular chain from R's initial states keeps the residual sum r small, so the subtraction
    /// Σr² − (ℓ, b)·(Σrg, Σrh) loses few digits.
    ///
    /// Returns the minimised sum of squared errors and the states that attain it.
    @inline(__always)
    static func concentrated(
        _ form: ETSForm, _ y: UnsafeBufferPointer<Double>, _ alpha: Double, _ beta: Double,
        _ phi: Double, _ l0: Double, _ b0: Double
    ) -> (sse: Double, l0: Double, b0: Double) {
        guard form.hasTrend else {
            // ŷ' = (1 − α)ŷ + αy; g' = (1 − α)g.
            let a = 1 - alpha
            var q = l0, g = 1.0
            var srr = 0.0, srg = 0.0, sgg = 0.0
            for v in y {
                let r = v - q
                srr += r * r
                srg += r * g
                sgg += g * g
                q = a * q + alpha * v
                g *= a
            }
            let shift = srg / sgg
            return (max(0, srr - shift * srg), l0 + shift, 0)
        }
        let f = phi, bb = beta
        let a = 1 - alpha - f * bb, c = alpha + f * bb, d2 = f * f
        var q = l0 + f * b0, b = b0
        var gq = 1.0, gb = 0.0, hq = f, hb = 1.0
        var srr = 0.0, srg = 0.0, srh = 0.0, sgg = 0.0, sgh = 0.0, shh = 0.0
        for v in y {
            let r = v - q
            srr += r * r
            srg += r * gq
            srh += r * hq
            sgg += gq * gq
            sgh += gq * hq
            shh += hq * hq
            let qNext = a * q + (c * v + d2 * b)
            b = f * b + bb * r
            q = qNext
            let gNext = a * gq + d2 * gb
            gb = f * gb - bb * gq
            gq = gNext
            let hNext = a * hq + d2 * hb
            hb = f * hb - bb * hq
            hq = hNext
        }
        let det = sgg * shh - sgh * sgh
        guard det > 1e-12 * sgg * shh else {
            // g and h (nearly) collinear: move the level alone.
            let shift = srg / sgg
            return (max(0, srr - shift * srg), l0 + shift, b0)
        }
        let dl = (shh * srg - sgh * srh) / det
        let db = (sgg * srh - sgh * srg) / det
        return (max(0, srr - dl * srg - db * srh), l0 + dl, b0 + db)
    }
}
