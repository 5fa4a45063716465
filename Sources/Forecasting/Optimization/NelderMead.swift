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
    /// Convergence tolerance on the spread of the simplex's values, relative to the best.
    public var relativeTolerance: Double
    /// The cap on objective evaluations (the search then stops unconverged).
    public var maximumEvaluations: Int

    /// An optimiser with R's default tolerance √ε and an evaluation cap.
    public init(relativeTolerance: Double = Double.ulpOfOne.squareRoot(), maximumEvaluations: Int = 2000) {
        self.relativeTolerance = relativeTolerance
        self.maximumEvaluations = maximumEvaluations
    }

    /// The result of a minimisation.
    public struct Result: Sendable {
        /// The best point found.
        public let point: [Double]
        /// The objective at ``point``.
        public let value: Double
        /// Evaluations made.
        public let evaluations: Int
        /// Whether the tolerance was met before the cap.
        public let converged: Bool
    }

    /// Minimises `objective` starting from `start`; `steps` (one per coordinate) replaces the initial simplex's rule,
    /// for a start already near the minimum whose coordinates differ in scale.
    public func minimize(_ start: [Double], steps: [Double]? = nil, _ objective: ([Double]) -> Double) -> Result {
        let n = start.count
        let big = 1.0e35
        @inline(__always) func f(_ x: [Double]) -> Double {
            let v = objective(x)
            return v.isFinite ? v : big
        }
        guard n > 0 else { return Result(point: start, value: f(start), evaluations: 1, converged: true) }
        // A start that is not finite (data near the top of the Double range give infinite initial states) has no
        // simplex around it: report it as not minimised rather than search.
        guard start.allSatisfy(\.isFinite) else {
            return Result(point: start, value: big, evaluations: 0, converged: false)
        }
        // Vertex j occupies simplex[j*n ..< (j+1)*n].
        var simplex = [Double](repeating: 0, count: (n + 1) * n)
        var values = [Double](repeating: 0, count: n + 1)
        var point = start
        var evaluations = 0
        for j in 0...n { for i in 0..<n { simplex[j * n + i] = start[i] } }
        values[0] = f(start)
        evaluations += 1
        let convergence = relativeTolerance * (abs(values[0]) + relativeTolerance)
        var size = 0.0
        for x in start { size = max(size, 0.1 * abs(x)) }
        if size == 0 { size = 0.1 }
        var simplexSize = 0.0
        for j in 1...n {
            var trialStep = steps.map { $0[j - 1] } ?? size, tries = 0
            while simplex[j * n + j - 1] == start[j - 1] && tries < 64 {
                simplex[j * n + j - 1] = start[j - 1] + trialStep
                trialStep *= 10
                tries += 1
            }
            simplexSize += trialStep
            for i in 0..<n { point[i] = simplex[j * n + i] }
            values[j] = f(point)
            evaluations += 1
        }
        var converged = false
        var centroid = [Double](repeating: 0, count: n)
        var reflected = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        var iterations = 0
        while evaluations < maximumEvaluations {
            // The series' time limit (``SeriesDeadline``), asked every 32 steps: past it the search stops unconverged
            // and the caller reports the series as timed out.
            iterations += 1
            if iterations & 31 == 0 && SeriesDeadline.passed() { break }
            var low = 0, high = 0
            for j in 1...n {
                if values[j] < values[low] { low = j }
                if values[j] > values[high] { high = j }
            }
            if values[high] <= values[low] + convergence {
                converged = true
                break
            }
            let h = high * n
            simplex.withUnsafeBufferPointer { v in
                for i in 0..<n {
                    var s = 0.0
                    for j in 0...n where j != high { s += v[j * n + i] }
                    centroid[i] = s / Double(n)
                }
                // Reflection.
                for i in 0..<n { reflected[i] = 2 * centroid[i] - v[h + i] }
            }
            let fr = f(reflected)
            evaluations += 1
            if fr < values[low] {
                // Expansion.
                for i in 0..<n { trial[i] = 2 * reflected[i] - centroid[i] }
                let fe = f(trial)
                evaluations += 1
                let accepted = fe < fr ? trial : reflected
                for i in 0..<n { simplex[h + i] = accepted[i] }
                values[high] = min(fe, fr)
                continue
            }
            let previousHigh = values[high]
            if fr < previousHigh {
                for i in 0..<n { simplex[h + i] = reflected[i] }
                values[high] = fr
            }
            // Contraction towards the centroid.
            for i in 0..<n { trial[i] = 0.5 * centroid[i] + 0.5 * simplex[h + i] }
            let fc = f(trial)
            evaluations += 1
            if fc < values[high] {
                for i in 0..<n { simplex[h + i] = trial[i] }
                values[high] = fc
            } else if fr >= previousHigh {
                // Shrink towards the best vertex; stop when the simplex no longer gets smaller.
                var shrunk = 0.0
                let l = low * n
                for j in 0...n where j != low {
                    for i in 0..<n {
                        simplex[j * n + i] = 0.5 * (simplex[j * n + i] - simplex[l + i]) + simplex[l + i]
                        shrunk += abs(simplex[j * n + i] - simplex[l + i])
                        point[i] = simplex[j * n + i]
                    }
                    values[j] = f(point)
                    evaluations += 1
                }
                if shrunk < simplexSize { simplexSize = shrunk } else { break }
            }
        }
        var best = 0
        for j in 1...n where values[j] < values[best] { best = j }
        return Result(
            point: Array(simplex[(best * n)..<((best + 1) * n)]), value: values[best],
            evaluations: evaluations, converged: converged)
    }
}
