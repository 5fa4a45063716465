import Foundation

/// Prediction intervals calibrated on the series' own history (`--intervals calibrated`).
///
/// The model is refitted at the last `origins` forecast origins inside the data (each fit sees only the data before
/// its origin) and forecasts the values that followed, up to `horizon` steps. Each outcome is turned into a normal
/// score z = Φ⁻¹(F(y)), F the refitted model's predictive CDF: a well-calibrated model gives |z| distributed as
/// |N(0,1)|. For a level L the interval around the point forecast is widened (or narrowed) by
/// s_L = q_L(|z|) / Φ⁻¹((1 + L)/2), q_L the split-conformal quantile of the |z| (the ⌈(m + 1)L⌉-th smallest of m,
/// each horizon weighing the same; the largest |z| times (1 + 1/m) when that rank is beyond m), so that L of the
/// held-back outcomes would have fallen inside. Assumptions: the errors at the recent origins are exchangeable with the future ones, and the
/// model's shape (not its scale) is right. With fewer than 6 scores the model's own intervals are kept, with a note.
///
/// With `strength` w below 1 the factors are shrunk toward 1 on the log scale, s_L^w: `auto` calibrates the intervals
/// of long series halfway (``AutomaticModel/longSeriesCalibration``), where ten past origins' quantiles are too noisy
/// to trust in full. With a `tailPrior` c (for validation, `auto:tail=C`) the exponent depends on the level: w_L =
/// n_L/(n_L + c), n_L = m(1 − L) the number of scores beyond the level's quantile, so a factor read from few tail
/// scores (the 95% one: about 2 of 45) is shrunk more than one read from many (the 80% one: about 9). Whatever the
/// factors, the rescaled bands are the quantiles of one law, whose CDF inverts them.
public struct CalibratedModel: ForecastModel {
    /// The model whose intervals are calibrated.
    public let base: any ForecastModel
    /// Past forecast origins refitted.
    public let origins: Int
    /// Steps ahead scored from each origin.
    public let horizon: Int
    /// The exponent w of the applied factors s_L^w (1: in full; 0: the model's own intervals), unless `tailPrior`
    /// is set.
    public let strength: Double
    /// The prior weight c of the level-dependent exponent w_L = n_L/(n_L + c) (nil: `strength` at every level).
    public let tailPrior: Double?

    /// Calibration of `base` (with its own intervals, ``ForecastModel/withOwnIntervals()``: a model that calibrates
    /// some intervals itself is not calibrated twice) at the last `origins` origins over `horizon` steps, its factors
    /// applied to the power `strength` (clamped to 0…1) or, with a `tailPrior` c ≥ 0, to the level's power
    /// n_L/(n_L + c).
    public init(
        base: any ForecastModel, origins: Int = ModelDefaults.calibrationOrigins,
        horizon: Int = ModelDefaults.calibrationHorizon, strength: Double = 1, tailPrior: Double? = nil
    ) {
        self.base = base.withOwnIntervals()
        self.origins = max(1, origins)
        self.horizon = max(1, horizon)
        self.strength = strength.isFinite ? min(1, max(0, strength)) : 1
        self.tailPrior = tailPrior.flatMap { $0.isFinite ? max(0, $0) : nil }
    }

    /// The base model's name.
    public var name: String { base.name }
    /// The base model on the scale the caller chose, calibrated.
    public func onGivenScale() -> any ForecastModel {
        CalibratedModel(
            base: base.onGivenScale(), origins: origins, horizon: horizon, strength: strength, tailPrior: tailPrior)
    }
    /// The base model's minimum.
    public var minimumObservations: Int { base.minimumObservations }

    /// Fits the model and scores its refits at the past origins.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let fitted = try base.fit(series)
        let n = series.count
        var scored: [(score: Double, step: Int)] = []
        var used = 0
        let firstOrigin = max(max(base.minimumObservations, 4), n - origins)
        if firstOrigin < n {
            for t in firstOrigin..<n {
                guard
                    let prefix = try? Series(
                        id: series.id, periods: Array(series.periods[0..<t]), values: Array(series.values[0..<t]),
                        anchor: series.anchor, name: series.name, unit: series.unit),
                    let model = try? base.fit(prefix)
                else { continue }
                let end = min(n, t + horizon)
                let laws = model.predictiveDistributions(at: Array(series.times[t..<end]))
                used += 1
                for (k, law) in laws.enumerated() {
                    let u = law.cdf(series.values[t + k])
                    guard u.isFinite else { continue }
                    scored.append((abs(Normal.quantile(min(1 - 1e-9, max(1e-9, u)))), k))
                }
            }
        }
        // Each horizon weighs the same (recent origins give more one-step than six-step outcomes).
        var perStep: [Int: Int] = [:]
        for x in scored { perStep[x.step, default: 0] += 1 }
        let weighted = scored.map { (score: $0.score, weight: 1 / Double(perStep[$0.step] ?? 1)) }.sorted {
            $0.score < $1.score
        }
        return FittedCalibrated(
            base: fitted, scores: weighted.map(\.score), weights: weighted.map(\.weight), origins: used,
            strength: strength, tailPrior: tailPrior)
    }
}

/// A fitted model whose intervals are rescaled by ``CalibratedModel``'s factors.
struct FittedCalibrated: WrappingFittedModel {
    let base: any FittedModel
    /// Sorted |z| scores of the held-back outcomes and their weights (equal total weight per horizon).
    let scores: [Double]
    let weights: [Double]
    /// Past origins the scores come from.
    let origins: Int
    /// The exponent of the applied factors (when `tailPrior` is nil).
    var strength: Double = 1
    /// The prior weight c of the level-dependent exponent n_L/(n_L + c).
    var tailPrior: Double? = nil
    static let minimumScores = 6

    var note: String? {
        let own =
            scores.count >= Self.minimumScores
            ? "intervals calibrated\(shrinkage) on \(scores.count) forecasts from \(origins) past origins (80% scale \(String(format: "%.2f", scale(80))), 95% scale \(String(format: "%.2f", scale(95))))"
            : "too few past forecasts (\(scores.count)) to calibrate the intervals: the model's own are shown"
        return base.note.map { $0 + "; " + own } ?? own
    }

    /// How the factors are shrunk, for the note.
    private var shrinkage: String {
        if tailPrior != nil {
            let w80 = String(format: "%.2f", exponent(80)), w95 = String(format: "%.2f", exponent(95))
            return
                " partly (the factors to the power \(w80) at 80%, \(w95) at 95%: fewer past forecasts beyond the wider band)"
        }
        guard strength < 1 else { return "" }
        return strength == 0.5 ? " halfway (the square root of the factors)" : " to the power \(strength)"
    }

    /// The exponent w applied to the factor of level L in percent: `strength`, or with a tail prior c, n/(n + c) with
    /// n = m(1 − L) the number of the m scores beyond the level's quantile (levels below 50% as 50%).
    func exponent(_ level: Double) -> Double {
        guard let c = tailPrior else { return strength }
        let n = Double(scores.count) * (1 - min(max(level, 50), 100) / 100)
        return n + c > 0 ? n / (n + c) : 1
    }

    /// s_L^w for level L in percent (1 when there are too few scores): s_L is the weighted split-conformal quantile of
    /// the |z| (the smallest score whose cumulative weight reaches L·(W + w̄), W the total weight and w̄ the mean one,
    /// the weighted form of the ⌈(m + 1)L⌉-th of m; the largest score times (1 + 1/m) beyond it) over Φ⁻¹((1 + L)/2),
    /// w the exponent (``exponent(_:)``). Levels below 50% take the 50% factor: as L → 0 both the quantile and
    /// Φ⁻¹((1 + L)/2) vanish and their ratio is noise (at L = 0 a division by zero), while the median must stay near
    /// the point forecast.
    func scale(_ level: Double) -> Double {
        let full = fullScale(max(level, 50))
        let w = exponent(level)
        return w == 1 ? full : Foundation.pow(full, w)
    }

    private func fullScale(_ level: Double) -> Double {
        let m = scores.count
        guard m >= Self.minimumScores else { return 1 }
        let l = level / 100
        let total = weights.reduce(0, +)
        let needed = l * (total + total / Double(m))
        var cumulative = 0.0
        var q = scores[m - 1] * (1 + 1 / Double(m))
        for (score, w) in zip(scores, weights) {
            cumulative += w
            if cumulative >= needed - 1e-12 { q = score; break }
        }
        return max(q / Normal.quantile(0.5 + l / 2), 1e-3)
    }

    func predictive(at times: [Double]) -> PredictiveForecast {
        let forecast = base.predictive(at: times)
        let scales = Rescaled.levels.map(scale)  // once for every step
        return PredictiveForecast(
            mean: forecast.mean,
            laws: zip(forecast.mean, forecast.laws).map {
                Rescaled(base: $1, center: $0, scales: scales)
            })
    }

    /// The base law with its bands stretched about the point forecast c by each level's factor s_L, made a law.
    ///
    /// On a grid of levels from 50% (``levels``) each bound's distance from c is the base law's times s_L. Where a
    /// level's factor is so much smaller than a lower level's that its bound would not reach beyond the lower level's
    /// (the factors' exponents fall with the level under a tail prior), its distance is the lower level's plus s_L
    /// times the base law's step between the two levels: it takes the lower band in and reaches beyond it. Between
    /// two levels of the grid the distance is interpolated linearly in the base law's own distance, beyond the last it
    /// grows in proportion to it, and below 50% the base law is stretched by s₅₀: the bounds are then the quantiles of one law (the p-quantile the lower bound at level
    /// 100(1 − 2p), the upper one at 100(2p − 1)), exact at the grid's levels. Its CDF inverts them by bisection, so
    /// an attainment probability read at a band's bound is that band's tail probability at every level.
    struct Rescaled: PredictiveDistribution {
        /// The grid of levels, in percent.
        static let levels: [Double] = [50, 60, 70, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9]
        let base: any PredictiveDistribution
        let center: Double
        /// s_L at the grid's levels.
        let scales: [Double]
        /// The base law's distances from c to its lower and upper bounds at the grid's levels, and the calibrated ones.
        let ownBelow: [Double]
        let ownAbove: [Double]
        let below: [Double]
        let above: [Double]

        init(base: any PredictiveDistribution, center: Double, scales: [Double]) {
            self.base = base
            self.center = center
            self.scales = scales
            var ownBelow: [Double] = [], ownAbove: [Double] = [], below: [Double] = [], above: [Double] = []
            for (level, s) in zip(Self.levels, scales) {
                let (lower, upper) = base.interval(level: level)
                below.append(Self.reach(s, center - lower, lowerOwn: ownBelow.last, lowerCalibrated: below.last))
                above.append(Self.reach(s, upper - center, lowerOwn: ownAbove.last, lowerCalibrated: above.last))
                ownBelow.append(center - lower)
                ownAbove.append(upper - center)
            }
            (self.ownBelow, self.ownAbove, self.below, self.above) = (ownBelow, ownAbove, below, above)
        }

        /// A level's calibrated distance: the base law's `own` times the level's factor `s`, unless that does not
        /// reach beyond the next lower level's; then the lower level's plus `s` times the base law's step between
        /// them (so the bounds keep increasing with the level).
        private static func reach(_ s: Double, _ own: Double, lowerOwn: Double?, lowerCalibrated: Double?) -> Double {
            let stretched = s * own
            guard let lowerOwn, let lowerCalibrated, (own - lowerOwn).isFinite, lowerCalibrated.isFinite else {
                return stretched
            }
            return stretched > lowerCalibrated ? stretched : lowerCalibrated + s * Swift.max(0, own - lowerOwn)
        }

        func cdf(_ x: Double) -> Double {
            guard x.isFinite else { return base.cdf(x) }
            var low = 0.0
            var high = 1.0
            for _ in 0..<52 {
                let p = 0.5 * (low + high)
                let q = quantile(p)
                guard !q.isNaN else { return base.cdf(center + (x - center) / scales[0]) }
                if q <= x { low = p } else { high = p }
            }
            return 0.5 * (low + high)
        }

        func interval(level: Double) -> (lower: Double, upper: Double) {
            let (lower, upper) = base.interval(level: level)
            return (
                center - stretchedDistance(center - lower, level: level, own: ownBelow, calibrated: below),
                center + stretchedDistance(upper - center, level: level, own: ownAbove, calibrated: above)
            )
        }

        /// The calibrated distance of a bound whose base distance is `d` at `level`.
        private func stretchedDistance(_ d: Double, level: Double, own: [Double], calibrated: [Double]) -> Double {
            let grid = Self.levels
            guard d.isFinite, level > grid[0] else { return scales[0] * d }
            guard let k = grid.lastIndex(where: { $0 <= level }), k + 1 < grid.count else {
                let last = grid.count - 1
                return own[last] > 0 ? calibrated[last] * d / own[last] : calibrated[last] + (d - own[last])
            }
            let span = own[k + 1] - own[k]
            guard span.isFinite, span > 0, calibrated[k].isFinite, calibrated[k + 1].isFinite else {
                return Swift.max(scales[k] * d, calibrated[k])
            }
            let t = Swift.min(1, Swift.max(0, (d - own[k]) / span))
            return calibrated[k] + t * (calibrated[k + 1] - calibrated[k])
        }
    }
}
