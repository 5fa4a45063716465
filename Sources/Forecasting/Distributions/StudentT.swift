import Foundation

/// Student's t distribution with `ν` degrees of freedom.
public enum StudentT {
    /// P(T ≤ t) through the regularized incomplete beta function:
    /// P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * IncompleteBeta.regularized(x, a: 0.5 * nu, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The density of T at t.
    public static func density(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let logC = lgamma(0.5 * (nu + 1)) - lgamma(0.5 * nu) - 0.5 * log(nu * Double.pi)
        return exp(logC - 0.5 * (nu + 1) * log1p(t * t / nu))
    }

    /// The p-quantile of T, to about 1e-13 relative.
    ///
    /// Closed forms for ν = 1 (Cauchy) and ν = 2; otherwise a Cornish–Fisher start from the normal quantile
    /// (Abramowitz & Stegun 26.7.5) refined by safeguarded Newton steps on the upper-tail probability.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p > 0, p < 1, nu > 0 else { return p == 0 ? -.infinity : (p == 1 ? .infinity : .nan) }
        if p == 0.5 { return 0 }
        // Work with t > 0 and restore the sign at the end. q is the upper-tail probability P(T > t).
        let q = p < 0.5 ? p : 1 - p
        let sign = p < 0.5 ? -1.0 : 1.0
        if nu == 1 { return sign * (q < 0.25 ? 1 / tan(Double.pi * q) : tan(Double.pi * (0.5 - q))) }
        if nu == 2 { return sign * (1 - 2 * q) / (2 * q * (1 - q)).squareRoot() }
        if nu > 1e7 { return sign * Normal.quantile(1 - q) }
        // Cornish–Fisher start.
        let z = q < 0.25 ? -Normal.quantile(q) : Normal.quantile(1 - q)
        let z2 = z * z
        var t =
            z + (z2 * z + z) / (4 * nu)
            + (5 * z2 * z2 * z + 16 * z2 * z + 3 * z) / (96 * nu * nu)
            + (3 * pow(z, 7) + 19 * pow(z, 5) + 17 * z2 * z - 15 * z) / (384 * nu * nu * nu)
        if !(t > 0) || !t.isFinite { t = z }
        // Far from the centre solve P(T > t) = q; near it solve P(0 < T ≤ t) = 0.5 − q, whose incomplete-beta
        // form I_{t²/(ν+t²)}(1/2, ν/2) has no cancellation for small t.
        let useTail = q < 0.25
        let target = useTail ? q : 0.5 - q
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<200 {
            let f: Double  // increasing in t
            if useTail {
                f = target - 0.5 * IncompleteBeta.regularized(nu / (nu + t * t), a: 0.5 * nu, b: 0.5)
            } else {
                f = 0.5 * IncompleteBeta.regularized(t * t / (nu + t * t), a: 0.5, b: 0.5 * nu) - target
            }
            if f < 0 { lo = t } else { hi = t }
            var next = t - f / density(t, degreesOfFreedom: nu)
            if !(next > lo && next < hi) || !next.isFinite {
                next = hi.isFinite ? 0.5 * (lo + hi) : 2 * t
            }
            if abs(next - t) <= 1e-15 * abs(t) { t = next; break }
            t = next
        }
        return sign * t
    }
}

/// The regularized incomplete beta function I_x(a, b).
public enum IncompleteBeta {
    /// I_x(a, b) by its continued fraction (modified Lentz), using the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
    public static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a, b) / a
        }
        let logFrontSwapped = b * log1p(-x) + a * log(x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
        return 1 - exp(logFrontSwapped) * continuedFraction(1 - x, b, a) / b
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
