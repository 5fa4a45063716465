import CLapack

/// Least squares for very many response vectors that share one small design matrix — the shape of
/// "fit a trend to 100,000 series observed on the same years".
///
/// The design `X` (`n × p`) is factored once with the rank-revealing QR (``QRFactorization``) and the
/// solution operator `P = R⁻¹·Q₁ᵀ` (`p × n`, rows in the original column order) is formed with one
/// triangular solve. Responses are then processed in cache-sized blocks of columns with two `dgemm` calls:
/// `B = P·Y_block` gives the coefficients, and `E = Y_block − X·B` the residuals, whose squared column norms
/// are the residual sums of squares (computed from the residuals themselves, so without the cancellation of
/// `yᵀy − ŷᵀŷ`). Each response is read from memory once; the block's residuals stay in cache.
///
/// Complexity: about 4·n·p flops per response (against 2·n² for applying the full `Qᵀ`), memory traffic
/// one read of the responses.
public struct SharedDesignLeastSquares: Sendable {
    /// Rows of the design (observations per response).
    public let observations: Int
    /// Columns of the design (coefficients per response).
    public let parameters: Int
    /// `(XᵀX)⁻¹`, shared by every response.
    public let inverseGram: Matrix
    /// The design.
    let design: Matrix
    /// `P = (XᵀX)⁻¹Xᵀ`, computed as `R⁻¹Q₁ᵀ` and un-pivoted.
    let solutionOperator: Matrix
    /// `P` row by row (`P[a, i]` at `a·n + i`), for the fused pass.
    let operatorRows: [Double]

    /// Columns per block: `n × blockColumns` doubles of residual scratch stay in the L1/L2 cache.
    static let blockColumns = 512

    /// Factors `design`.
    /// - Throws: ``LinearAlgebraError/rankDeficient(rank:columns:)`` for a collinear design, or when there
    ///   are fewer rows than columns.
    public init(design: Matrix) throws(LinearAlgebraError) {
        let qr = try QRFactorization(design)
        guard qr.hasFullColumnRank, design.rows >= design.columns else {
            throw .rankDeficient(rank: qr.rank, columns: design.columns)
        }
        let n = design.rows, p = design.columns
        observations = n
        parameters = p
        self.design = design
        // Q₁ᵀ: the first p rows of Qᵀ.
        let qt = try qr.q(transposed: true)
        var q1t = Matrix(rows: p, columns: n)
        for j in 0..<n { for i in 0..<p { q1t[i, j] = qt[i, j] } }
        let pivoted = try qr.r.solveTriangular(q1t, upper: true)
        var operatorMatrix = Matrix(rows: p, columns: n)
        for j in 0..<n { for i in 0..<p { operatorMatrix[qr.pivot[i], j] = pivoted[i, j] } }
        solutionOperator = operatorMatrix
        operatorRows = operatorMatrix.transposed.storage
        inverseGram = try qr.inverseGram()
    }

    /// Solves for `count` responses stored column-major in `responses` (`observations × count` values).
    ///
    /// - Parameters:
    ///   - responses: `observations × count` values, column-major.
    ///   - count: the number of responses.
    ///   - coefficients: receives `parameters × count` values, column `j` for response `j`.
    ///   - residualSumOfSquares: receives `count` values.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` when a buffer is too small.
    public func solve(
        responses: UnsafeBufferPointer<Double>, count: Int,
        coefficients: UnsafeMutableBufferPointer<Double>,
        residualSumOfSquares: UnsafeMutableBufferPointer<Double>
    ) throws(LinearAlgebraError) {
        let n = observations, p = parameters
        guard responses.count >= n * count, coefficients.count >= p * count, residualSumOfSquares.count >= count else {
            throw .dimensionMismatch(
                operation: "shared-design least squares",
                expected: "\(n)×\(count) responses, \(p)×\(count) coefficients",
                got: "\(responses.count) and \(coefficients.count)")
        }
        guard count > 0, let y = responses.baseAddress, let c = coefficients.baseAddress else { return }
        if p <= 4 {
            solveFused(y, count, c, residualSumOfSquares)
            return
        }
        let ln = try lapackInt(n, "dgemm"), lp = try lapackInt(p, "dgemm")
        let block = Self.blockColumns
        var scratch = [Double](repeating: 0, count: n * block)
        solutionOperator.storage.withUnsafeBufferPointer { op in
            design.storage.withUnsafeBufferPointer { x in
                scratch.withUnsafeMutableBufferPointer { e in
                    guard let residuals = e.baseAddress else { return }
                    var start = 0
                    while start < count {
                        let width = min(block, count - start)
                        let lw = Int32(width)
                        let yBlock = y + start * n, cBlock = c + start * p
                        // B = P · Y
                        cblas_dgemm(
                            CblasColMajor, CblasNoTrans, CblasNoTrans, lp, lw, ln, 1.0,
                            op.baseAddress, lp, yBlock, ln, 0.0, cBlock, lp)
                        // E = Y − X · B
                        residuals.update(from: yBlock, count: n * width)
                        cblas_dgemm(
                            CblasColMajor, CblasNoTrans, CblasNoTrans, ln, lw, lp, -1.0,
                            x.baseAddress, ln, cBlock, lp, 1.0, residuals, ln)
                        for j in 0..<width {
                            let column = residuals + j * n
                            var s = 0.0
                            for i in 0..<n { s += column[i] * column[i] }
                            residualSumOfSquares[start + j] = s
                        }
                        start += width
                    }
                }
            }
        }
    }

    /// The same computation for designs of at most four columns (every trend model) in one fused pass per
    /// response: β = P·y and r = y − X·β with four-wide vector accumulators while y is in registers, so each
    /// response is read once and only β and the RSS are written. The O(n·p) work per response is too small for
    /// a BLAS call to pay; the operator P still comes from LAPACK's QR.
    private func solveFused(
        _ y: UnsafePointer<Double>, _ count: Int, _ c: UnsafeMutablePointer<Double>,
        _ rss: UnsafeMutableBufferPointer<Double>
    ) {
        let n = observations, p = parameters
        let chunks = n / 4, tail = n % 4
        // Operator rows P[a, ·] and, in the column-major design, columns X[·, a] are contiguous.
        operatorRows.withUnsafeBufferPointer { pr in
            design.storage.withUnsafeBufferPointer { xc in
                guard let rows = pr.baseAddress, let designBase = xc.baseAddress else { return }
                let raw = UnsafeRawPointer(rows), rawX = UnsafeRawPointer(designBase)
                for j in 0..<count {
                    let column = y + j * n, beta = c + j * p
                    let rawY = UnsafeRawPointer(column)
                    if p == 2 {
                        // Both coefficients in one sweep (the linear trend, the common case).
                        var acc0 = SIMD4<Double>(repeating: 0), acc1 = SIMD4<Double>(repeating: 0)
                        for k in 0..<chunks {
                            let yv = rawY.loadUnaligned(fromByteOffset: k * 32, as: SIMD4<Double>.self)
                            acc0 += yv * raw.loadUnaligned(fromByteOffset: k * 32, as: SIMD4<Double>.self)
                            acc1 += yv * raw.loadUnaligned(fromByteOffset: (n + k * 4) * 8, as: SIMD4<Double>.self)
                        }
                        var s0 = acc0.sum(), s1 = acc1.sum()
                        for i in (n - tail)..<n { s0 += rows[i] * column[i]; s1 += rows[n + i] * column[i] }
                        beta[0] = s0
                        beta[1] = s1
                    } else {
                        for a in 0..<p {
                            var acc = SIMD4<Double>(repeating: 0)
                            for k in 0..<chunks {
                                let yv = rawY.loadUnaligned(fromByteOffset: k * 32, as: SIMD4<Double>.self)
                                acc +=
                                    yv * raw.loadUnaligned(fromByteOffset: (a * n + k * 4) * 8, as: SIMD4<Double>.self)
                            }
                            var sum = acc.sum()
                            for i in (n - tail)..<n { sum += rows[a * n + i] * column[i] }
                            beta[a] = sum
                        }
                    }
                    var acc = SIMD4<Double>(repeating: 0)
                    for k in 0..<chunks {
                        var r = rawY.loadUnaligned(fromByteOffset: k * 32, as: SIMD4<Double>.self)
                        for a in 0..<p {
                            r -=
                                rawX.loadUnaligned(fromByteOffset: (a * n + k * 4) * 8, as: SIMD4<Double>.self)
                                * beta[a]
                        }
                        acc += r * r
                    }
                    var total = acc.sum()
                    for i in (n - tail)..<n {
                        var r = column[i]
                        for a in 0..<p { r -= designBase[a * n + i] * beta[a] }
                        total += r * r
                    }
                    rss[j] = total
                }
            }
        }
    }
}
