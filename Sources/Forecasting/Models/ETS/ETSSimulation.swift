extension ETSFormFit {
    /// The seed of one form's simulated paths: the model's seed, the series id and the form, so the same seed gives
    /// every series and form its own, reproducible stream (FNV-1a 64 of the UTF-8 bytes, ``stableHash(_:)``).
    static func pathSeed(_ seed: UInt64, seriesID: String, form: ETSForm) -> UInt64 {
        seed ^ stableHash(seriesID) ^ stableHash(form.code)
    }

    /// Sorted simulated values for each horizon: y = μ(1 + ε), ε ~ N(0, σ²), states updated along the path by
    /// ``ETSRecursion/StateUpdate``.
    ///
    /// The draws are Latin-hypercube stratified: at every step the paths' standardised errors are a random
    /// permutation of the normal quantiles at (i + ½)/N, so each step's errors have exactly the normal
    /// marginal and the simulated quantiles are far less noisy than with independent draws.
    func simulate(horizon: Int, paths: Int) -> [[Double]] {
        var generator = SeededGenerator(seed: Self.pathSeed(seed, seriesID: series.id, form: form))
        let table = StratifiedNormals.table(paths)
        var order = Array(0..<paths)
        var levelState = [Double](repeating: level, count: paths)
        var trendState = [Double](repeating: trend, count: paths)
        var values = [[Double]](repeating: [], count: horizon)
        let sigma = residualVariance.squareRoot()
        let update = ETSRecursion.StateUpdate(form, alpha: alpha, beta: beta, phi: phi)
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: paths)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * paths + 1)
        defer {
            scratch.deallocate()
            counts.deallocate()
        }
        table.withUnsafeBufferPointer { normals in
            order.withUnsafeMutableBufferPointer { perm in
                levelState.withUnsafeMutableBufferPointer { levels in
                    trendState.withUnsafeMutableBufferPointer { trends in
                        for h in 0..<horizon {
                            // Fresh permutation of the strata for this step (Fisher–Yates with Lemire's
                            // multiply-shift for a uniform index in 0…i without a division). At the first step
                            // every path starts from the same state, so the strata are taken in order (and the
                            // values come out sorted).
                            for i in stride(from: paths - 1, to: 0, by: -1) where h > 0 {
                                let j = Int(((generator.next() >> 32) &* UInt64(i + 1)) >> 32)
                                perm.swapAt(i, j)
                            }
                            var column = [Double](unsafeUninitializedCapacity: paths) { out, count in
                                for p in 0..<paths {
                                    let l = levels[p], b = trends[p]
                                    let phib = update.dampedTrend(b)
                                    let q = l + phib
                                    let y = q * (1 + sigma * normals[perm[p]])
                                    out[p] = y
                                    (levels[p], trends[p]) = update.next(
                                        level: l, trend: b, dampedTrend: phib, forecast: q,
                                        observation: y)
                                }
                                count = paths
                            }
                            column.withUnsafeMutableBufferPointer {
                                SmallSort.sort($0, scratch: scratch, counts: counts)
                            }
                            values[h] = column
                        }
                    }
                }
            }
        }
        return values
    }
}
