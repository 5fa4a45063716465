import Foundation

/// The optimised Theta methods of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler (2016), "Models for optimising
/// the theta method and their relationship to state space models" (the models behind statsforecast's
/// `OptimizedTheta` and `DynamicOptimizedTheta`), for non-seasonal data.
///
/// The state-space form: Yₜ = μₜ + εₜ with
///
///   μₜ = ℓₜ₋₁ + (1 − 1/θ)·(Aₜ₋₁(1 − α)ᵗ + Bₜ₋₁(1 − (1 − α)ᵗ⁺¹)/α),   ℓₜ = αYₜ + (1 − α)ℓₜ₋₁,
///
/// where Aₜ, Bₜ are the intercept and slope of the least-squares line through the data: fixed at the whole sample's
/// (`otm`), or updated as each value arrives (`dotm`: Ȳₜ = (tȲₜ₋₁ + Yₜ)/(t + 1),
/// Bₜ = ((t − 1)Bₜ₋₁ + 6(Yₜ − Ȳₜ₋₁)/(t + 1))/(t + 2), Aₜ = Ȳₜ − Bₜ(t + 2)/2, t counted from 0). The initial level ℓ₀,
/// α ∈ [0.1, 0.99] and θ ≥ 1 minimise the squared one-step errors from the fourth value on (statsforecast's
/// criterion), on the data divided by their mean absolute value so the estimates do not depend on the unit. For a
/// given α the errors are affine in ℓ₀ and in w = 1 − 1/θ ∈ [0, 1), so those two are least squares (with w kept in its
/// range) and only α is searched: a grid of 90 values, then golden sections about the best — the global minimum,
/// where statsforecast's Nelder–Mead on all three can stop on the long flat ridges of this criterion.
///
/// Forecasts run the recursion on with μ in place of the unobserved values. The recursion is linear in the data, so
/// each forecast is μ̂(h) plus a linear combination of the future errors; its Normal law has variance
/// σ²·Σⱼ c²ₕⱼ with the exact impulse responses cₕⱼ (statsforecast samples 200 paths instead), σ² the mean squared one-step
/// error from the fourth value on, on its degrees of freedom after the three estimates (on 6 or fewer values, which
/// those estimates fit exactly, the random walk's: the mean squared change from one value to the next).
public struct OptimizedThetaModel: ForecastModel {
    /// Whether the line's intercept and slope are the whole sample's or updated with each value.
    public enum Variant: Sendable {
        /// `otm`: the whole sample's line (statsforecast `OptimizedTheta`).
        case optimized
        /// `dotm`: the line updated as each value arrives (statsforecast `DynamicOptimizedTheta`).
        case dynamic
    }
    /// The variant fitted.
    public let variant: Variant
    /// κ ≥ 0 of the ridge κ·Σg²·(w − ½)² added to the squared errors (for validation, `dotm~K`; 0: none), which draws
    /// θ toward 2, the standard Theta method's.
    public let shrinkage: Double
    /// The optimised Theta method of `variant`.
    public init(variant: Variant = .dynamic, shrinkage: Double = 0) {
        self.variant = variant
        self.shrinkage = shrinkage.isFinite ? max(0, shrinkage) : 0
    }
    /// `otm` or `dotm`.
    public var name: String { variant == .dynamic ? "dotm" : "otm" }
    /// Four observations at least (three parameters are estimated from the errors after the third).
    public var minimumObservations: Int { 4 }

    /// Fits the series; an unequally spaced one is fitted on its yearly grid, with a note.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let (regular, notes) = series.preparedForFit(minimum: minimumObservations, screen: nil)
        return Annotated.appending(notes, try fitTheta(regular))
    }

    func fitTheta(_ series: Series) throws(ForecastingError) -> FittedOptimizedTheta {
        try requireObservations(series)
        let (scale, y) = try series.dividedByMeanAbsoluteValue(model: name)
        let recursion = ThetaRecursion(dynamic: variant == .dynamic)
        guard let (alpha, level, weight) = recursion.leastSquares(y, shrinkage: shrinkage) else {
            throw .numerical(series: series.id, model: name, detail: "the squared errors could not be minimised")
        }
        let theta = 1 / (1 - weight)
        let run = recursion.run(y, level: level, alpha: alpha, theta: theta)
        // The error variance of the errors the criterion counts, on their degrees of freedom after the three
        // estimates (statsforecast divides by one fewer than their number, which understates it on short series).
        // On 6 or fewer values the three estimates fit the errors they are chosen on exactly (σ² would be 0, a band of
        // no width), and the start-up errors before them grow without bound with θ: σ² is then the random walk's, the
        // mean squared change from one value to the next (never more than the squared range).
        let tail = Array(run.errors.dropFirst(3))
        let sigma2: Double
        if tail.count > 3 {
            sigma2 = tail.reduce(0) { $0 + $1 * $1 } / Double(tail.count - 3)
        } else {
            sigma2 = randomWalkVariance(y)
        }
        return FittedOptimizedTheta(
            series: series, name: name, recursion: recursion, scale: scale, initialLevel: level, alpha: alpha,
            theta: theta, final: run.final, fittedScaled: run.fitted, sigma2Scaled: sigma2)
    }
}

/// The Theta state recursion of ``OptimizedThetaModel`` on data already divided by their scale.
struct ThetaRecursion: Sendable {
    /// Whether the line's intercept and slope are updated with each value.
    let dynamic: Bool

    /// The state after a value: level ℓ, running mean Ȳ, intercept A, slope B.
    struct State: Sendable {
        var level: Double
        var mean: Double
        var intercept: Double
        var slope: Double
    }

    /// The one-step forecast at (0-based) time `i` from the state after time i − 1.
    @inline(__always)
    func forecast(_ s: State, at i: Int, alpha: Double, theta: Double) -> Double {
        let decay = pow(1 - alpha, Double(i))
        return s.level + (1 - 1 / theta) * (s.intercept * decay + s.slope * (1 - decay * (1 - alpha)) / alpha)
    }

    /// The state after value `v` arrives at time `i` (≥ 1).
    @inline(__always)
    func update(_ s: State, with v: Double, at i: Int, alpha: Double) -> State {
        var next = s
        next.level = alpha * v + (1 - alpha) * s.level
        let t = Double(i)
        next.mean = (t * s.mean + v) / (t + 1)
        if dynamic {
            next.slope = ((t - 1) * s.slope + 6 * (v - s.mean) / (t + 1)) / (t + 2)
            next.intercept = next.mean - next.slope * (t + 2) / 2
        }
        return next
    }

    /// The state after the first value, and its one-step forecast μ₀.
    func initial(_ y: [Double], level: Double, alpha: Double, theta: Double) -> (State, Double) {
        if dynamic {
            return (State(level: alpha * y[0] + (1 - alpha) * level, mean: y[0], intercept: y[0], slope: 0), y[0])
        }
        let n = Double(y.count)
        var sum = 0.0, weighted = 0.0
        for (i, v) in y.enumerated() {
            sum += v
            weighted += Double(i + 1) * v
        }
        let mean = sum / n
        let slope = 6 * (2 * weighted / n - (n + 1) * mean) / (n * n - 1)
        let intercept = mean - (n + 1) * slope / 2
        let state = State(level: alpha * y[0] + (1 - alpha) * level, mean: y[0], intercept: intercept, slope: slope)
        return (state, level + (1 - 1 / theta) * (intercept + slope))
    }

    /// The α, ℓ₀ and w = 1 − 1/θ with the least squared errors from the fourth value on (nil: fewer than 4 values, or
    /// no finite minimum).
    func leastSquares(_ y: [Double], shrinkage: Double = 0) -> (alpha: Double, level: Double, weight: Double)? {
        guard y.count >= 4 else { return nil }
        // The errors' parts, rewritten for each α (allocated once).
        let counted = y.count - 3
        var zs = [Double](repeating: 0, count: counted), ls = zs, gs = zs
        func profile(_ alpha: Double) -> (sse: Double, level: Double, weight: Double) {
            // With ℓ₀ = 0 and w = 0 the level is plain exponential smoothing from αy₀; the error at t is then
            // z − (1 − α)ᵗ·ℓ₀ − w·g with g the line's part of the forecast.
            var (state, _) = initial(y, level: 0, alpha: alpha, theta: 1)
            for i in 1..<y.count {
                if i >= 3 {
                    let decay = pow(1 - alpha, Double(i))
                    zs[i - 3] = y[i] - state.level
                    ls[i - 3] = decay
                    gs[i - 3] = state.intercept * decay + state.slope * (1 - decay * (1 - alpha)) / alpha
                }
                state = update(state, with: y[i], at: i, alpha: alpha)
            }
            var sll = 0.0, sgg = 0.0, slg = 0.0, szl = 0.0, szg = 0.0
            for k in 0..<counted {
                sll += ls[k] * ls[k]
                sgg += gs[k] * gs[k]
                slg += ls[k] * gs[k]
                szl += zs[k] * ls[k]
                szg += zs[k] * gs[k]
            }
            // The squared errors summed directly (not from the sums of products, which cancel on a close fit), with
            // the ridge on w.
            let ridge = shrinkage * sgg
            func sse(_ level: Double, _ weight: Double) -> Double {
                var total = ridge * (weight - 0.5) * (weight - 0.5)
                for k in 0..<counted {
                    let e = zs[k] - ls[k] * level - gs[k] * weight
                    total += e * e
                }
                return total
            }
            let upper = 1 - 1e-10
            var best = (sse: Double.infinity, level: 0.0, weight: 0.0)
            func consider(_ level: Double, _ weight: Double) {
                let v = sse(level, weight)
                if v < best.sse { best = (v, level, weight) }
            }
            let pgg = sgg + ridge, pzg = szg + ridge * 0.5
            let det = sll * pgg - slg * slg
            if det > 1e-14 * max(sll * pgg, .leastNormalMagnitude) {
                let level = (szl * pgg - pzg * slg) / det, weight = (pzg * sll - szl * slg) / det
                if weight >= 0, weight <= upper { consider(level, weight) }
            }
            // On the bounds of w: ℓ₀ alone by least squares.
            for weight in [0, upper] { consider(sll > 0 ? (szl - weight * slg) / sll : 0, weight) }
            return best
        }
        let lower = 0.1, upper = 0.99, count = 90
        let grid = (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
        let values = grid.map { profile($0).sse }
        guard let k = values.indices.min(by: { values[$0] < values[$1] }), values[k].isFinite else { return nil }
        // Golden sections on the bracket about the best grid value.
        var a = grid[max(0, k - 1)], b = grid[min(count - 1, k + 1)]
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = profile(c).sse, fd = profile(d).sse
        for _ in 0..<60 where b - a > 1e-10 {
            if fc < fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = profile(c).sse
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = profile(d).sse
            }
        }
        var alpha = (a + b) / 2
        var best = profile(alpha)
        if values[k] < best.sse {
            alpha = grid[k]
            best = profile(alpha)
        }
        guard best.sse.isFinite, best.level.isFinite else { return nil }
        return (alpha, best.level, best.weight)
    }

    /// The one-step fitted values, errors and the final state.
    func run(_ y: [Double], level: Double, alpha: Double, theta: Double) -> (
        fitted: [Double], errors: [Double], final: State
    ) {
        var (state, first) = initial(y, level: level, alpha: alpha, theta: theta)
        var fitted = [first], errors = [y[0] - first]
        for i in 1..<y.count {
            let f = forecast(state, at: i, alpha: alpha, theta: theta)
            fitted.append(f)
            errors.append(y[i] - f)
            state = update(state, with: y[i], at: i, alpha: alpha)
        }
        return (fitted, errors, state)
    }

    /// Point forecasts for 1…h steps after the last of `n` values, from its state.
    func path(from state: State, after n: Int, steps h: Int, alpha: Double, theta: Double) -> [Double] {
        var s = state
        return (0..<h).map { j in
            let mu = forecast(s, at: n + j, alpha: alpha, theta: theta)
            s = update(s, with: mu, at: n + j, alpha: alpha)
            return mu
        }
    }

    /// Σⱼ c²ₕⱼ for h = 1…steps: the variance of the h-step value per unit error variance, from the impulse responses
    /// of the linear recursion (an error at step j enters the value at step j with weight 1 and the later ones through
    /// the level, the mean and the line).
    func varianceFactors(after n: Int, steps h: Int, alpha: Double, theta: Double) -> [Double] {
        var factors = [Double](repeating: 0, count: h)
        for j in 0..<h {
            // Deviation of the state from the error-free path: zero until the error at step j.
            var s = State(level: 0, mean: 0, intercept: 0, slope: 0)
            for k in j..<h {
                // The deviation of the value at step k: of its forecast, plus the error itself at k = j.
                let value = forecast(s, at: n + k, alpha: alpha, theta: theta) + (k == j ? 1 : 0)
                factors[k] += value * value
                s = update(s, with: value, at: n + k, alpha: alpha)
            }
        }
        return factors
    }
}

/// A fitted ``OptimizedThetaModel``.
struct FittedOptimizedTheta: FittedModel {
    let series: Series
    let name: String
    let recursion: ThetaRecursion
    /// The values were divided by this before the fit.
    let scale: Double
    let initialLevel: Double
    let alpha: Double
    let theta: Double
    let final: ThetaRecursion.State
    let fittedScaled: [Double]
    let sigma2Scaled: Double

    var modelName: String { name }
    var fittedValues: [Double] { fittedScaled.map { $0 * scale } }
    var residuals: [Double] { zip(series.values, fittedValues).map { $0 - $1 } }
    var residualVariance: Double { sigma2Scaled * scale * scale }
    var note: String? { nil }
    var parameters: FittedParameters {
        .optimizedTheta(
            initialLevel: initialLevel * scale, alpha: alpha, theta: theta, dynamic: recursion.dynamic,
            sigma2: residualVariance)
    }

    /// Normal laws about the recursion's forecasts with the exact linear variance.
    func predictive(at times: [Double]) -> PredictiveForecast {
        let steps = series.stepsAhead(times)
        let h = steps.max() ?? 1
        let n = series.count
        let means = recursion.path(from: final, after: n, steps: h, alpha: alpha, theta: theta).map { $0 * scale }
        let factors = recursion.varianceFactors(after: n, steps: h, alpha: alpha, theta: theta)
        let mean = steps.map { means[$0 - 1] }
        let sd = steps.map { (residualVariance * factors[$0 - 1]).squareRoot() }
        return PredictiveForecast(mean: mean, laws: zip(mean, sd).map { GriddedLaw(center: $0, sigma: $1) })
    }
}
