/// Derivative-free minimisation by the Nelder–Mead simplex method, in the variant of Nash's *Compact
/// Numerical Methods* (algorithm 19) that R's `optim` and `forecast::ets` use: reflection 1, contraction ½,
/// expansion 2, an initial simplex stepping each coordinate by 10% of the largest coordinate, convergence when
/// the spread of function values falls below `relativeTolerance · (|f₀| + relativeTolerance)`.
///
/// Non-finite objective values (a parameter outside its admissible region) count as +1e35, so the simplex
/// steps back inside.
///
/// One optimiser serves every model family that estimates by likelihood (ETS now; others later).
public struct NelderMead: Sendable {
    public var relativeTolerance: Double
    public var maximumEvaluations: Int

    public init(relativeTolerance: Double = Double.ulpOfOne.squareRoot(), maximumEvaluations: Int = 2000) {
        self.relativeTolerance = relativeTolerance
        self.maximumEvaluations = maximumEvaluations
    }

    /// The result of a minimisation.
    public struct Result: Sendable {
        public let point: [Double]
        public let value: Double
        public let evaluations: Int
        public let converged: Bool
    }

    /// Minimises `objective` starting from `start`.
    public func minimize(_ start: [Double], _ objective: ([Double]) -> Double) -> Result {
        let n = start.count
        let big = 1.0e35
        func f(_ x: [Double]) -> Double {
            let v = objective(x)
            return v.isFinite ? v : big
        }
        guard n > 0 else { return Result(point: start, value: f(start), evaluations: 1, converged: true) }
        var evaluations = 0
        var simplex = [[Double]](repeating: start, count: n + 1)
        var values = [Double](repeating: 0, count: n + 1)
        values[0] = f(start)
        evaluations += 1
        let convergence = relativeTolerance * (abs(values[0]) + relativeTolerance)
        var size = 0.0
        for x in start { size = max(size, 0.1 * abs(x)) }
        if size == 0 { size = 0.1 }
        var simplexSize = 0.0
        for j in 1...n {
            var trial = size
            while simplex[j][j - 1] == start[j - 1] {
                simplex[j][j - 1] = start[j - 1] + trial
                trial *= 10
            }
            simplexSize += trial
            values[j] = f(simplex[j])
            evaluations += 1
        }
        var converged = false
        var centroid = [Double](repeating: 0, count: n)
        var reflected = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        while evaluations < maximumEvaluations {
            var low = 0, high = 0
            for j in 1...n {
                if values[j] < values[low] { low = j }
                if values[j] > values[high] { high = j }
            }
            if values[high] <= values[low] + convergence {
                converged = true
                break
            }
            for i in 0..<n {
                var s = 0.0
                for j in 0...n where j != high { s += simplex[j][i] }
                centroid[i] = s / Double(n)
            }
            // Reflection.
            for i in 0..<n { reflected[i] = 2 * centroid[i] - simplex[high][i] }
            let fr = f(reflected)
            evaluations += 1
            if fr < values[low] {
                // Expansion.
                for i in 0..<n { trial[i] = 2 * reflected[i] - centroid[i] }
                let fe = f(trial)
                evaluations += 1
                if fe < fr {
                    swap(&simplex[high], &trial); values[high] = fe
                } else {
                    for i in 0..<n { simplex[high][i] = reflected[i] }
                    values[high] = fr
                }
                continue
            }
            let previousHigh = values[high]
            if fr < previousHigh {
                for i in 0..<n { simplex[high][i] = reflected[i] }
                values[high] = fr
            }
            // Contraction towards the centroid.
            for i in 0..<n { trial[i] = 0.5 * centroid[i] + 0.5 * simplex[high][i] }
            let fc = f(trial)
            evaluations += 1
            if fc < values[high] {
                swap(&simplex[high], &trial); values[high] = fc
            } else if fr >= previousHigh {
                // Shrink towards the best vertex; stop when the simplex no longer gets smaller.
                var size = 0.0
                for j in 0...n where j != low {
                    for i in 0..<n {
                        simplex[j][i] = 0.5 * (simplex[j][i] - simplex[low][i]) + simplex[low][i]
                        size += abs(simplex[j][i] - simplex[low][i])
                    }
                    values[j] = f(simplex[j])
                    evaluations += 1
                }
                if size < simplexSize { simplexSize = size } else { break }
            }
        }
        var best = 0
        for j in 1...n where values[j] < values[best] { best = j }
        return Result(point: simplex[best], value: values[best], evaluations: evaluations, converged: converged)
    }
}
