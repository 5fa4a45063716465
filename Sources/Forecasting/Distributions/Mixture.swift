import Foundation

/// A finite mixture Σ wᵢFᵢ of predictive laws — the one mixture type of the engine: the forms of automatic ETS
/// (normal laws, log-normal laws of forms fitted to the logarithms, simulated samples) and the members of a
/// combination (any ``PredictiveDistribution``).
///
/// Components are laid out by kind for repeated evaluation (a quantile search evaluates the CDF a few times per
/// bound). One quantile solver serves every mixture: it brackets the quantile between the components' own quantiles
/// and then takes safeguarded Newton steps on F(x) − p from their weighted mean when every component has a density
/// (normal, log-normal, sample), or false-position steps with the Illinois modification when some component has a
/// CDF only — both keep the bracket, so the result always lies between the components' quantiles.
public struct Mixture: PredictiveDistribution {
    struct Parametric: Sendable {
        let mean: Double, sd: Double, weight: Double
    }
    struct Sample: Sendable {
        let sorted: [Double]
        let weight: Double
    }
    var normals: [Parametric] = []
    var logNormals: [Parametric] = []
    var samples: [Sample] = []
    /// Components known by their CDF and intervals only, equally weighted (a combination's members).
    var members: [any PredictiveDistribution] = []

    /// The equal-weight mixture of `members` (a combination of models).
    public init(equallyWeighted members: [any PredictiveDistribution]) {
        self.members = members
    }

    /// F(x) = Σ wᵢFᵢ(x) (the equal-weight mean for a combination's members).
    public func cdf(_ x: Double) -> Double {
        if !members.isEmpty { return members.reduce(0) { $0 + $1.cdf(x) } / Double(members.count) }
        guard x.isFinite else { return .nan }
        return min(1, max(0, evaluate(x, density: false).0))
    }

    /// F(x) and F'(x) of the parametric and sampled components: normal and log-normal laws exactly, samples by
    /// ``SampleLaw/cdfAndDensity(_:_:)``.
    func cdfAndDensity(_ x: Double) -> (Double, Double) { evaluate(x, density: true) }

    /// F(x), and F'(x) when `density` (the CDF alone, asked for by combinations and attainment probabilities,
    /// skips the densities' exponentials).
    @inline(__always)
    private func evaluate(_ x: Double, density wanted: Bool) -> (Double, Double) {
        var f = 0.0, d = 0.0
        for law in normals {
            if law.sd > 0 {
                let z = (x - law.mean) / law.sd
                f += law.weight * Normal.cdf(z)
                if wanted { d += law.weight * Normal.density(z) / law.sd }
            } else if x >= law.mean {
                f += law.weight
            }
        }
        if !logNormals.isEmpty && x > 0 {
            let lx = log(x)
            for law in logNormals {
                if law.sd > 0 {
                    let z = (lx - law.mean) / law.sd
                    f += law.weight * Normal.cdf(z)
                    if wanted { d += law.weight * Normal.density(z) / (law.sd * x) }
                } else if lx >= law.mean {
                    f += law.weight
                }
            }
        }
        for law in samples {
            let (cdf, density) = SampleLaw.cdfAndDensity(law.sorted, x)
            f += law.weight * cdf
            d += law.weight * density
        }
        return (f, d)
    }

    /// The mixture's quantiles at 0.5 ∓ L/200, by the solver described above.
    public func interval(level: Double) -> (lower: Double, upper: Double) {
        let pLow = 0.5 - level / 200, pHigh = 0.5 + level / 200
        if members.isEmpty {
            return (quantile(pLow, z: Normal.quantile(pLow)), quantile(pHigh, z: Normal.quantile(pHigh)))
        }
        let parts = members.map { $0.interval(level: level) }
        let lows = parts.map(\.lower), highs = parts.map(\.upper)
        return (
            bracketedQuantile(pLow, lows.min() ?? .nan, lows.max() ?? .nan),
            bracketedQuantile(pHigh, highs.min() ?? .nan, highs.max() ?? .nan)
        )
    }

    /// The p-quantile (`z` = Φ⁻¹(p)) of a mixture of parametric and sampled components: Newton's method on
    /// F(x) − p from the weighted mean of the components' own quantiles, kept inside the bracket of those quantiles
    /// (bisection when a step would leave it).
    func quantile(_ p: Double, z: Double) -> Double {
        var lo = Double.infinity, hi = -Double.infinity, x = 0.0
        func include(_ q: Double, _ w: Double) {
            lo = min(lo, q)
            hi = max(hi, q)
            x += w * q
        }
        for law in normals { include(law.mean + z * law.sd, law.weight) }
        for law in logNormals { include(exp(law.mean + z * law.sd), law.weight) }
        for law in samples { include(SampleLaw.quantile(law.sorted, p), law.weight) }
        // Tolerances relative to the bracket's magnitude when it is below 1 (a law in units of 10⁻⁴⁰ is solved as one
        // in units), as before above it.
        let unit = min(1, max(abs(lo), abs(hi)))
        if hi - lo <= 1e-12 * max(unit, abs(lo)) { return lo }
        if !(x > lo && x < hi) { x = 0.5 * (lo + hi) }
        for _ in 0..<60 {
            let (f, slope) = cdfAndDensity(x)
            let g = f - p
            if g < 0 { lo = x } else { hi = x }
            var next = slope > 0 ? x - g / slope : 0.5 * (lo + hi)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 1e-10 * max(unit, abs(x)) || hi - lo <= 1e-10 * max(unit, abs(x)) { return next }
            x = next
        }
        return 0.5 * (lo + hi)
    }

    /// The p-quantile within [lo, hi] (where the CDF crosses p, the components' own quantiles): false position
    /// with the Illinois modification, which keeps the bracket and converges superlinearly on these smooth CDFs.
    func bracketedQuantile(_ p: Double, _ lo: Double, _ hi: Double) -> Double {
        guard lo.isFinite, hi.isFinite else { return .nan }
        let unit = min(1, max(abs(lo), abs(hi)))
        if hi - lo <= 1e-12 * max(unit, abs(lo)) { return lo }
        var a = lo, b = hi
        var fa = cdf(a) - p, fb = cdf(b) - p
        if fa >= 0 { return a }
        if fb <= 0 { return b }
        var side = 0
        for _ in 0..<100 {
            let x = fb - fa > 0 ? (a * fb - b * fa) / (fb - fa) : 0.5 * (a + b)
            let fx = cdf(x) - p
            if abs(fx) < 1e-12 || b - a <= 1e-10 * max(unit, abs(x)) { return x }
            if fx < 0 {
                a = x; fa = fx
                if side == -1 { fb *= 0.5 }
                side = -1
            } else {
                b = x; fb = fx
                if side == 1 { fa *= 0.5 }
                side = 1
            }
        }
        return 0.5 * (a + b)
    }
}
