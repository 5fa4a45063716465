import Foundation

/// The standard normal distribution.
public enum Normal {
    /// Φ(x), accurate to full relative precision in both tails (through `erfc`).
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// φ(x).
    public static func density(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }

    /// Φ⁻¹(p) for 0 < p < 1, to about 1e-15 relative.
    ///
    /// Starts from Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4) and refines with Halley steps on
    /// Φ(x) − p, which converge cubically; returns ∓∞ at p = 0 or 1 and NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : (p == 1 ? .infinity : .nan) }
        if p == 0.5 { return 0 }
        let tail = min(p, 1 - p)
        let t = (-2 * log(tail)).squareRoot()
        let upper =
            t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t)
        var x = p < 0.5 ? -upper : upper
        for _ in 0..<4 {
            // Φ(x) − p, evaluated through the smaller tail for accuracy.
            let e = x < 0 ? cdf(x) - p : (1 - p) - 0.5 * erfc(x / 2.0.squareRoot())
            let u = e * (2 * Double.pi).squareRoot() * exp(0.5 * x * x)
            let step = u / (1 + 0.5 * x * u)
            x -= step
            if abs(step) <= 1e-16 * max(1, abs(x)) { break }
        }
        return x
    }
}
