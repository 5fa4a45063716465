import Foundation

/// A location–scale law with closed-form intervals — centre ∓ q(L)·factor·σ, q the normal or Student-t quantile
/// at 0.5 + L/200, optionally on the log scale — whose CDF is read off those intervals on a grid of normal scores
/// z = −6…6 (step 0.1), interpolated linearly in z. The grid is exact for normal laws and within 1e-4 for
/// Student-t ones with 2 or more degrees of freedom (the naive, drift, mean, Theta and trend-regression laws).
public struct GriddedLaw: PredictiveDistribution {
    /// The standard law whose quantiles scale the intervals.
    public enum Standard: Sendable, Hashable {
        case normal
        case studentT(degreesOfFreedom: Double)

        /// The quantile at 0.5 + level/200.
        func quantile(level: Double) -> Double {
            switch self {
            case .normal: return Normal.quantile(0.5 + level / 200)
            case let .studentT(nu): return StudentT.quantile(0.5 + level / 200, degreesOfFreedom: nu)
            }
        }
    }

    /// The point forecast (the median; on the data's scale also for a log-scale law).
    public let center: Double
    /// The forecast standard error in units of ``sigma`` (1 unless the model keeps the two apart).
    public let factor: Double
    /// The scale σ of the law (the residual standard deviation for the regressions).
    public let sigma: Double
    /// The standard law whose quantiles scale the intervals.
    public let standard: Standard
    /// Whether the intervals are formed on the log scale and exponentiated.
    public let logScale: Bool

    /// A law centred at `center` with intervals `center` ∓ q(L)·`factor`·`sigma` (exponentiated when `logScale`).
    public init(center: Double, sigma: Double, factor: Double = 1, standard: Standard = .normal, logScale: Bool = false)
    {
        self.center = center
        self.factor = factor
        self.sigma = sigma
        self.standard = standard
        self.logScale = logScale
        table = StandardGrid.quantiles(standard)
    }

    /// The standard law's quantiles at the grid's positive levels (shared by every law of that standard law).
    private let table: [Double]

    /// The quantile at grid index `k` (0…120: the lower bounds from the widest level in, the centre, the upper
    /// bounds out to the widest), computed when asked: the grid is never stored.
    @inline(__always)
    private func gridQuantile(_ k: Int) -> Double {
        let n = table.count
        if k == n { return center }
        return k < n
            ? Self.bound(center, -(table[n - 1 - k] * factor) * sigma, logScale)
            : Self.bound(center, (table[k - n - 1] * factor) * sigma, logScale)
    }

    /// A bound `half` away from `center` on the law's scale.
    @inline(__always)
    static func bound(_ center: Double, _ half: Double, _ logScale: Bool) -> Double {
        logScale ? exp(log(center) + half) : center + half
    }

    /// centre ∓ q(L)·factor·σ on the law's scale, q the standard law's quantile at 0.5 + L/200.
    public func interval(level: Double) -> (lower: Double, upper: Double) {
        let half = standard.quantile(level: level) * factor
        return (Self.bound(center, -half * sigma, logScale), Self.bound(center, half * sigma, logScale))
    }

    /// F(x): linear interpolation in z between the grid's quantiles, then Φ(z). The grid is monotone, so it is
    /// finite when its two ends are.
    public func cdf(_ x: Double) -> Double {
        let scores = StandardGrid.scores
        let last = 2 * table.count
        let lowest = gridQuantile(0), highest = gridQuantile(last)
        guard x.isFinite, lowest.isFinite, highest.isFinite, center.isFinite else { return .nan }
        if x < lowest { return 0 }
        if x >= highest { return 1 }
        var lo = 0, hi = last  // q[lo] <= x < q[hi]
        var qLo = lowest, qHi = highest
        while hi - lo > 1 {
            let mid = (lo + hi) / 2, q = gridQuantile(mid)
            if q <= x { lo = mid; qLo = q } else { hi = mid; qHi = q }
        }
        let gap = qHi - qLo
        let z = scores[lo] + (gap > 0 ? (x - qLo) / gap : 0) * (scores[hi] - scores[lo])
        return Normal.cdf(z)
    }
}

/// The normal-score grid of ``GriddedLaw`` and the standard laws' quantiles at its levels (cached per law).
enum StandardGrid {
    /// Normal scores −6, −5.9, …, 6.
    static let scores: [Double] = (0...120).map { Double($0 - 60) / 10 }
    /// Interval levels whose bounds are the quantiles at the positive scores 0.1…6.
    static let levels: [Double] = scores.filter { $0 > 0 }.map { 100 * (2 * Normal.cdf($0) - 1) }
    private static let normal: [Double] = levels.map { GriddedLaw.Standard.normal.quantile(level: $0) }
    private static let cache = StandardGridCache()

    /// The standard law's quantiles at 0.5 + level/200 for each of ``levels``.
    static func quantiles(_ standard: GriddedLaw.Standard) -> [Double] {
        switch standard {
        case .normal: return normal
        case .studentT: return cache.quantiles(standard)
        }
    }
}

/// Student-t grid tables by degrees of freedom (a model family has a handful of them).
private final class StandardGridCache: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [GriddedLaw.Standard: [Double]] = [:]

    func quantiles(_ standard: GriddedLaw.Standard) -> [Double] {
        lock.lock()
        if let hit = tables[standard] { lock.unlock(); return hit }
        lock.unlock()
        let table = StandardGrid.levels.map { standard.quantile(level: $0) }
        lock.lock()
        if tables.count < 4096 { tables[standard] = table }
        lock.unlock()
        return table
    }
}
