import Foundation

/// The minimum of a function of one variable on [a, b] by Brent's method (golden sections and parabolic steps,
/// Brent 1973, *Algorithms for Minimization without Derivatives*, ch. 5), with R's `optimize()` conventions: the
/// first point a golden section into the interval, tolerance `tol` (R's default `.Machine$double.eps^0.25`) plus
/// √ε·|x|, so that the same function gives the same abscissa as R.
public enum BrentMinimum {
    /// R's default tolerance.
    public static let defaultTolerance = pow(Double.ulpOfOne, 0.25)

    /// The abscissa of the minimum found.
    public static func minimize(
        _ lower: Double, _ upper: Double, tolerance: Double = defaultTolerance, _ f: (Double) -> Double
    ) -> Double {
        let golden = (3 - 5.0.squareRoot()) / 2
        let rootEps = Double.ulpOfOne.squareRoot()
        var a = lower, b = upper
        var x = a + golden * (b - a)
        var (w, v) = (x, x)
        var fx = f(x)
        var (fw, fv) = (fx, fx)
        var d = 0.0, e = 0.0
        let third = tolerance / 3
        while true {
            let middle = (a + b) / 2
            let tol1 = rootEps * abs(x) + third, tol2 = 2 * tol1
            if abs(x - middle) <= tol2 - (b - a) / 2 { break }
            var p = 0.0, q = 0.0, r = 0.0
            if abs(e) > tol1 {
                // A parabola through x, w and v.
                r = (x - w) * (fx - fv)
                q = (x - v) * (fx - fw)
                p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                r = e
                e = d
            }
            if abs(p) >= abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x) {
                // Golden section into the larger part.
                e = x < middle ? b - x : a - x
                d = golden * e
            } else {
                d = p / q
                let u = x + d
                // Not too close to the ends.
                if u - a < tol2 || b - u < tol2 { d = x >= middle ? -tol1 : tol1 }
            }
            // Not too close to x.
            let u = abs(d) >= tol1 ? x + d : (d > 0 ? x + tol1 : x - tol1)
            let fu = f(u)
            if fu <= fx {
                if u < x { b = x } else { a = x }
                (v, fv) = (w, fw)
                (w, fw) = (x, fx)
                (x, fx) = (u, fu)
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    (v, fv) = (w, fw)
                    (w, fw) = (u, fu)
                } else if fu <= fv || v == x || v == w {
                    (v, fv) = (u, fu)
                }
            }
        }
        return x
    }
}
