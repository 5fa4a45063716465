import Foundation

/// Complex exponential smoothing (Svetunkov, Kourentzes & Ord 2022, "Complex exponential smoothing"; statsforecast's
/// `AutoCES` for non-seasonal data), `ces`.
///
/// The level ℓ and an "information potential" c are smoothed with one complex parameter a₀ + i·a₁:
///
///   Yₜ = ℓₜ₋₁ + εₜ,   ℓₜ = ℓₜ₋₁ − (1 − a₁)cₜ₋₁ + (a₀ − a₁)εₜ,   cₜ = ℓₜ₋₁ + (1 − a₀)cₜ₋₁ + (a₀ + a₁)εₜ,
///
/// which can follow a level, a trend or a curve without choosing between them. As statsforecast: the initial state is
/// the mean of the first ten values (c₀ = ℓ₀/1.1), refined by backcasting (the recursion run forward, back over the
/// reversed data, and forward again), and a₀ ∈ [0.01, 1.8], a₁ ∈ [0.01, 1.9] minimise the squared one-step errors of
/// the last forward pass — among invertible models only (R `smooth`'s admissible region, which statsforecast does not
/// impose: there its estimates can sit in narrow spurious minima where the backcast explodes). The fit works on the data divided by their mean absolute value (the estimates do not depend
/// on the unit) and searches a grid of the two parameters before a compass search refines the best point, so it finds the
/// minimum where statsforecast's Nelder–Mead from (1.3, 1) can stop short of it.
///
/// The model is linear with one source of error, xₜ = F xₜ₋₁ + g εₜ with F = [[1, a₁ − 1], [1, 1 − a₀]] and
/// g = (a₀ − a₁, a₀ + a₁), so the h-step forecast is Normal with variance σ²(1 + Σⱼ₌₁ʰ⁻¹ (w′Fʲ⁻¹g)²), w = (1, 0), the
/// exact law (statsforecast perturbs the final state once instead, and its bands barely widen with the horizon).
/// σ² is the mean squared one-step error on its degrees of freedom after the two parameters and the two initial
/// states (n − 4, as statsforecast); on 7 or fewer values, which leave 3 or fewer, the random walk's mean squared
/// change from one value to the next, the larger of the two when both exist.
public struct ComplexSmoothingModel: ForecastModel {
    /// Complex exponential smoothing.
    public init() {}
    /// `ces`.
    public var name: String { "ces" }
    /// Three observations at least (statsforecast's: more than the two parameters).
    public var minimumObservations: Int { 3 }

    /// Fits the series; an unequally spaced one is fitted on its yearly grid, with a note.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let (regular, notes) = series.preparedForFit(minimum: minimumObservations, screen: nil)
        return Annotated.appending(notes, try fitCES(regular))
    }

    func fitCES(_ series: Series) throws(ForecastingError) -> FittedComplexSmoothing {
        try requireObservations(series)
        let (scale, y) = try series.dividedByMeanAbsoluteValue(model: name)
        guard let (a0, a1) = CESRecursion.leastSquares(y) else {
            throw .numerical(series: series.id, model: name, detail: "the squared errors could not be minimised")
        }
        let run = CESRecursion(a0: a0, a1: a1).backcastRun(y)
        let sse = run.errors.reduce(0) { $0 + $1 * $1 }, freedom = y.count - 4
        let own = freedom > 0 ? sse / Double(freedom) : 0
        let sigma2 = freedom > 3 ? own : max(randomWalkVariance(y), own)
        return FittedComplexSmoothing(
            series: series, scale: scale, a0: a0, a1: a1, initial: run.initial, final: run.final,
            fittedScaled: run.fitted, sigma2Scaled: sigma2)
    }
}

/// The CES recursion on data already divided by their scale.
struct CESRecursion: Sendable {
    let a0: Double
    let a1: Double

    /// The level ℓ and the information potential c.
    struct State: Sendable, Equatable {
        var level: Double
        var potential: Double
    }

    /// The state after a value with one-step error `e`.
    @inline(__always)
    func update(_ s: State, error e: Double) -> State {
        State(
            level: s.level - (1 - a1) * s.potential + (a0 - a1) * e,
            potential: s.level + (1 - a0) * s.potential + (a0 + a1) * e)
    }

    /// The state after running over `y` from `start`, the squared errors summed, and the state one error-free step on.
    func pass<C: Collection<Double>>(_ y: C, from start: State) -> (final: State, sse: Double, propagated: State) {
        var s = start, sse = 0.0
        for v in y {
            let e = v - s.level
            sse += e * e
            s = update(s, error: e)
        }
        return (s, sse, update(s, error: 0))
    }

    /// The starting state as statsforecast's: the mean of the first ten values, c₀ = ℓ₀/1.1.
    static func start(_ y: [Double]) -> State {
        let k = min(10, y.count)
        let mean = y.prefix(k).reduce(0, +) / Double(k)
        return State(level: mean, potential: mean / 1.1)
    }

    /// The backcast initial state: forward from ``start(_:)``, back over the reversed data from one step past the end,
    /// and one step past the beginning.
    func backcast(_ y: [Double]) -> State {
        let forward = pass(y, from: Self.start(y))
        return pass(y.reversed(), from: forward.propagated).propagated
    }

    /// The criterion: the squared one-step errors of the forward pass from the backcast state.
    func criterion(_ y: [Double]) -> Double {
        pass(y, from: backcast(y)).sse
    }

    /// The fitted values, errors, initial and final states of the forward pass from the backcast state.
    func backcastRun(_ y: [Double]) -> (fitted: [Double], errors: [Double], initial: State, final: State) {
        let initial = backcast(y)
        var s = initial
        var fitted: [Double] = [], errors: [Double] = []
        fitted.reserveCapacity(y.count)
        errors.reserveCapacity(y.count)
        for v in y {
            fitted.append(s.level)
            errors.append(v - s.level)
            s = update(s, error: v - s.level)
        }
        return (fitted, errors, initial, s)
    }

    /// Point forecasts for 1…h steps after `state`: the level carried on by the error-free recursion.
    func path(from state: State, steps h: Int) -> [Double] {
        var s = state
        return (0..<h).map { _ in
            let mean = s.level
            s = update(s, error: 0)
            return mean
        }
    }

    /// 1 + Σⱼ₌₁ʰ⁻¹ (w′Fʲ⁻¹g)² for h = 1…steps: the h-step variance per unit error variance.
    func varianceFactors(steps h: Int) -> [Double] {
        // The response of the state to a unit error, carried on by F.
        var response = State(level: a0 - a1, potential: a0 + a1)
        var total = 1.0
        return (0..<h).map { j in
            if j > 0 {
                total += response.level * response.level
                response = update(response, error: 0)
            }
            return total
        }
    }

    static let bounds = (a0: 0.01...1.8, a1: 0.01...1.9)

    /// Whether the model is invertible: the discount matrix D = F − g·w′ (how a past error lives on in the state) has
    /// both eigenvalues inside the unit circle (|det D| < 1 and |trace D| < 1 + det D), R `smooth`'s "admissible"
    /// bounds. Outside, the backcast amplifies the data and the criterion has spurious narrow minima.
    var isAdmissible: Bool {
        let d11 = 1 - (a0 - a1), d12 = a1 - 1, d21 = 1 - (a0 + a1), d22 = 1 - a0
        let det = d11 * d22 - d12 * d21, trace = d11 + d22
        return abs(det) < 1 && abs(trace) < 1 + det
    }

    /// The admissible a₀, a₁ in ``bounds`` with the least ``criterion(_:)``: the best of a 30 × 30 grid, refined by a compass
    /// search inside the bounds (nil: no finite criterion).
    static func leastSquares(_ y: [Double]) -> (a0: Double, a1: Double)? {
        func f(_ a0: Double, _ a1: Double) -> Double {
            let recursion = CESRecursion(a0: a0, a1: a1)
            guard bounds.a0.contains(a0), bounds.a1.contains(a1), recursion.isAdmissible else { return .infinity }
            let v = recursion.criterion(y)
            return v.isFinite ? v : .infinity
        }
        let count = 30
        func node(_ r: ClosedRange<Double>, _ k: Int) -> Double {
            r.lowerBound + (r.upperBound - r.lowerBound) * Double(k) / Double(count - 1)
        }
        var best = (a0: 1.3, a1: 1.0, value: f(1.3, 1.0))
        for i in 0..<count {
            for j in 0..<count {
                let a0 = node(bounds.a0, i), a1 = node(bounds.a1, j)
                let v = f(a0, a1)
                if v < best.value { best = (a0, a1, v) }
            }
        }
        guard best.value.isFinite else { return nil }
        // Compass search from the best node, kept inside the bounds (where the optimum often lies, a₀ = 1.8): try a
        // step either way along each parameter, taking each improvement; halve the step when none improves by more
        // than rounding; at most 2,000 rounds (the criterion can fall by ulps along a flat ridge indefinitely).
        var step = (
            a0: (bounds.a0.upperBound - bounds.a0.lowerBound) / Double(count - 1),
            a1: (bounds.a1.upperBound - bounds.a1.lowerBound) / Double(count - 1)
        )
        var rounds = 0
        while step.a0 > 1e-10, rounds < 2000 {
            rounds += 1
            var moved = false
            for (d0, d1) in [(step.a0, 0.0), (-step.a0, 0), (0, step.a1), (0, -step.a1)] {
                let a0 = min(max(best.a0 + d0, bounds.a0.lowerBound), bounds.a0.upperBound)
                let a1 = min(max(best.a1 + d1, bounds.a1.lowerBound), bounds.a1.upperBound)
                let v = f(a0, a1)
                if v < best.value {
                    moved = moved || v < best.value * (1 - 1e-12)
                    best = (a0, a1, v)
                }
            }
            if !moved { step = (step.a0 / 2, step.a1 / 2) }
        }
        return (best.a0, best.a1)
    }
}

/// A fitted ``ComplexSmoothingModel``.
struct FittedComplexSmoothing: FittedModel {
    let series: Series
    /// The values were divided by this before the fit.
    let scale: Double
    let a0: Double
    let a1: Double
    let initial: CESRecursion.State
    let final: CESRecursion.State
    let fittedScaled: [Double]
    let sigma2Scaled: Double

    var modelName: String { "ces" }
    var fittedValues: [Double] { fittedScaled.map { $0 * scale } }
    var residuals: [Double] { zip(series.values, fittedValues).map { $0 - $1 } }
    var residualVariance: Double { sigma2Scaled * scale * scale }
    var parameters: FittedParameters {
        .complexSmoothing(
            a0: a0, a1: a1, initialLevel: initial.level * scale, initialPotential: initial.potential * scale,
            sigma2: residualVariance)
    }

    /// Normal laws about the recursion's forecasts with the exact linear variance.
    func predictive(at times: [Double]) -> PredictiveForecast {
        let steps = series.stepsAhead(times)
        let h = steps.max() ?? 1
        let recursion = CESRecursion(a0: a0, a1: a1)
        let means = recursion.path(from: final, steps: h).map { $0 * scale }
        let factors = recursion.varianceFactors(steps: h)
        let mean = steps.map { means[$0 - 1] }
        let sd = steps.map { (residualVariance * factors[$0 - 1]).squareRoot() }
        return PredictiveForecast(mean: mean, laws: zip(mean, sd).map { GriddedLaw(center: $0, sigma: $1) })
    }
}
