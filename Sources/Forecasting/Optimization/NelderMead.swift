/// Derivative-free minimisation by the Nelder–Mead simplex method, in the variant of Nash's *Compact
/// Numerical Methods* (algorithm 19) that R's `optim` and `forecast::ets` use: reflection 1, contraction ½,
/// expansion 2, an initial simplex stepping each coordinate by 10% of the largest coordinate, convergence when
/// the spread of function values falls below `relativeTolerance · (|f₀| + relativeTolerance)`.
///
/// Non-finite objective values (a parameter outside its admissible region) count as +1e35, so the simplex
/// steps back inside.
///
/// One optimiser serves every model family that estimates by likelihood (ETS, ARIMA). It runs either as a loop
/// over a closure (``minimize(_:_:)``) or step by step (``Search``: it proposes a point, the caller evaluates it), which
/// lets a caller advance several searches together and evaluate their points in one pass.
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
        var search = Search(start: start, settings: self)
        while !search.isFinished { search.tell(objective(search.point)) }
        return search.result
    }

    /// One minimisation advanced by the caller: read ``point``, evaluate the objective there, pass the value to
    /// ``tell(_:)``; repeat until ``isFinished``. The sequence of points is exactly that of ``minimize(_:_:)``.
    public struct Search: Sendable {
        /// The point whose objective value the search needs next.
        public private(set) var point: [Double]
        public private(set) var isFinished = false
        let n: Int
        let maximumEvaluations: Int
        let relativeTolerance: Double
        let start: [Double]
        /// Vertex j occupies simplex[j*n ..< (j+1)*n].
        var simplex: [Double]
        var values: [Double]
        var centroid: [Double]
        var reflected: [Double]
        var evaluations = 0
        var convergence = 0.0
        var size = 0.0
        var simplexSize = 0.0
        var converged = false
        var low = 0, high = 0
        var reflectedValue = 0.0, previousHigh = 0.0, shrunk = 0.0
        var phase = Phase.initial(0)

        enum Phase: Sendable {
            /// Evaluating vertex j of the initial simplex.
            case initial(Int)
            case reflection, expansion, contraction
            /// Evaluating vertex j of the shrunk simplex.
            case shrink(Int)
        }

        public init(start: [Double], settings: NelderMead) {
            n = start.count
            maximumEvaluations = settings.maximumEvaluations
            relativeTolerance = settings.relativeTolerance
            self.start = start
            point = start
            simplex = [Double](repeating: 0, count: (n + 1) * n)
            for j in 0...n { for i in 0..<n { simplex[j * n + i] = start[i] } }
            values = [Double](repeating: 0, count: n + 1)
            centroid = [Double](repeating: 0, count: n)
            reflected = [Double](repeating: 0, count: n)
        }

        /// The best vertex once finished.
        public var result: Result {
            guard n > 0 else { return Result(point: start, value: values[0], evaluations: evaluations, converged: true) }
            var best = 0
            for j in 1...n where values[j] < values[best] { best = j }
            return Result(point: Array(simplex[(best * n)..<((best + 1) * n)]), value: values[best],
                          evaluations: evaluations, converged: converged)
        }

        /// Takes the objective's value at ``point`` and moves to the next point (or finishes).
        public mutating func tell(_ raw: Double) {
            guard !isFinished else { return }
            let value = raw.isFinite ? raw : 1.0e35
            evaluations += 1
            switch phase {
            case let .initial(j):
                values[j] = value
                if j == 0 {
                    guard n > 0 else { converged = true; isFinished = true; return }
                    convergence = relativeTolerance * (abs(values[0]) + relativeTolerance)
                    for x in start { size = max(size, 0.1 * abs(x)) }
                    if size == 0 { size = 0.1 }
                }
                if j < n {
                    proposeInitialVertex(j + 1)
                } else {
                    iterate()
                }
            case .reflection:
                reflectedValue = value
                if value < values[low] {
                    // Expansion.
                    for i in 0..<n { point[i] = 2 * reflected[i] - centroid[i] }
                    phase = .expansion
                    return
                }
                previousHigh = values[high]
                let h = high * n
                if value < previousHigh {
                    for i in 0..<n { simplex[h + i] = reflected[i] }
                    values[high] = value
                }
                // Contraction towards the centroid.
                for i in 0..<n { point[i] = 0.5 * centroid[i] + 0.5 * simplex[h + i] }
                phase = .contraction
            case .expansion:
                let h = high * n
                if value < reflectedValue {
                    for i in 0..<n { simplex[h + i] = point[i] }
                } else {
                    for i in 0..<n { simplex[h + i] = reflected[i] }
                }
                values[high] = min(value, reflectedValue)
                iterate()
            case .contraction:
                if value < values[high] {
                    let h = high * n
                    for i in 0..<n { simplex[h + i] = point[i] }
                    values[high] = value
                    iterate()
                } else if reflectedValue >= previousHigh {
                    // Shrink towards the best vertex; stop when the simplex no longer gets smaller.
                    shrunk = 0
                    proposeShrunkVertex(after: -1)
                } else {
                    iterate()
                }
            case let .shrink(j):
                values[j] = value
                proposeShrunkVertex(after: j)
            }
        }

        mutating func proposeInitialVertex(_ j: Int) {
            var trialStep = size
            while simplex[j * n + j - 1] == start[j - 1] {
                simplex[j * n + j - 1] = start[j - 1] + trialStep
                trialStep *= 10
            }
            simplexSize += trialStep
            for i in 0..<n { point[i] = simplex[j * n + i] }
            phase = .initial(j)
        }

        /// The next vertex (other than the best) of the shrink step, or the end of the step.
        mutating func proposeShrunkVertex(after previous: Int) {
            var j = previous + 1
            if j == low { j += 1 }
            guard j <= n else {
                if shrunk < simplexSize {
                    simplexSize = shrunk
                    iterate()
                } else {
                    isFinished = true
                }
                return
            }
            let l = low * n
            for i in 0..<n {
                simplex[j * n + i] = 0.5 * (simplex[j * n + i] - simplex[l + i]) + simplex[l + i]
                shrunk += abs(simplex[j * n + i] - simplex[l + i])
                point[i] = simplex[j * n + i]
            }
            phase = .shrink(j)
        }

        /// Starts an iteration: checks convergence and the budget, then proposes the reflected point.
        mutating func iterate() {
            guard evaluations < maximumEvaluations else {
                isFinished = true
                return
            }
            low = 0
            high = 0
            for j in 1...n {
                if values[j] < values[low] { low = j }
                if values[j] > values[high] { high = j }
            }
            if values[high] <= values[low] + convergence {
                converged = true
                isFinished = true
                return
            }
            let h = high * n
            let count = n
            simplex.withUnsafeBufferPointer { v in
                centroid.withUnsafeMutableBufferPointer { c in
                    reflected.withUnsafeMutableBufferPointer { r in
                        for i in 0..<count {
                            var s = 0.0
                            var j = 0
                            while j <= count {
                                if j != high { s += v[j &* count &+ i] }
                                j &+= 1
                            }
                            c[i] = s / Double(count)
                        }
                        // Reflection.
                        for i in 0..<count { r[i] = 2 * c[i] - v[h &+ i] }
                    }
                }
            }
            for i in 0..<n { point[i] = reflected[i] }
            phase = .reflection
        }
    }
}
