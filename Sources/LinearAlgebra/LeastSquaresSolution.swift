import CLapack

/// The solution of `min ‖X·b − y‖₂` for every column `y` of a response matrix `Y`.
public struct LeastSquaresSolution: Sendable {
    /// Coefficients, `columns(X) × columns(Y)`: column `k` holds the coefficients for response `k`.
    public let coefficients: Matrix
    /// Residual sum of squares for each response.
    public let residualSumOfSquares: [Double]
    /// Numerical rank of the design.
    public let rank: Int
    /// Residual degrees of freedom, `rows(X) − rank`.
    public let residualDegreesOfFreedom: Int
    /// `(XᵀX)⁻¹`, the unscaled covariance of the coefficients (shared by every response).
    public let inverseGram: Matrix

    /// Unbiased residual variance `RSS / (n − p)` for response `k`; `nil` without residual degrees of freedom.
    public func residualVariance(_ k: Int) -> Double? {
        residualDegreesOfFreedom > 0 ? residualSumOfSquares[k] / Double(residualDegreesOfFreedom) : nil
    }
}

/// Least squares with many right-hand sides.
public enum LeastSquares {
    /// Solves `min ‖X·b − y‖₂` for every column of `responses` with one QR factorization of `design`
    /// (`dgeqp3`) and one application of `Qᵀ` to all responses (`dormqr`), then one triangular solve
    /// with all right-hand sides (`dtrtrs`).
    ///
    /// Residual sums of squares are the squared norms of the trailing `n − p` rows of `Qᵀy`, which avoids
    /// the cancellation of `yᵀy − ŷᵀŷ`.
    ///
    /// Complexity: O(n·p²) for the factorization plus O(n·p·k) for `k` responses.
    /// - Throws: ``LinearAlgebraError/rankDeficient(rank:columns:)`` for a collinear design;
    ///   ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` when the row counts differ.
    public static func solve(design: Matrix, responses: Matrix) throws(LinearAlgebraError) -> LeastSquaresSolution {
        guard design.rows == responses.rows else {
            throw .dimensionMismatch(
                operation: "least squares", expected: "\(design.rows) response rows",
                got: "\(responses.rows)")
        }
        guard responses.isFinite else { throw .nonFinite(operation: "least squares") }
        let qr = try QRFactorization(design)
        return try solve(qr, responses: responses)
    }

    /// Solves with an existing factorization (reuse it when many batches share a design).
    public static func solve(_ qr: QRFactorization, responses: Matrix) throws(LinearAlgebraError)
        -> LeastSquaresSolution
    {
        guard qr.hasFullColumnRank else { throw .rankDeficient(rank: qr.rank, columns: qr.columns) }
        guard qr.rows >= qr.columns else {
            throw .dimensionMismatch(
                operation: "least squares", expected: "at least \(qr.columns) observations",
                got: "\(qr.rows)")
        }
        let n = qr.rows, p = qr.columns, k = responses.columns
        let qty = try qr.applyingQTranspose(to: responses)
        var top = Matrix(rows: p, columns: k)
        var rss = [Double](repeating: 0, count: k)
        for j in 0..<k {
            let base = j * n
            for i in 0..<p { top.storage[i + j * p] = qty.storage[base + i] }
            var s = 0.0
            for i in p..<n { let v = qty.storage[base + i]; s += v * v }
            rss[j] = s
        }
        let solvedPivoted = try qr.r.solveTriangular(top, upper: true)
        var coefficients = Matrix(rows: p, columns: k)
        for j in 0..<k {
            for i in 0..<p { coefficients[qr.pivot[i], j] = solvedPivoted[i, j] }
        }
        return LeastSquaresSolution(
            coefficients: coefficients, residualSumOfSquares: rss, rank: p,
            residualDegreesOfFreedom: n - p, inverseGram: try qr.inverseGram())
    }

    /// The minimum-norm least-squares solution through the SVD (LAPACK `dgelsd`), defined for any rank.
    ///
    /// Use it when a rank-deficient design is expected and any solution of minimal norm will do.
    /// - Parameters:
    ///   - design: the design matrix X (`m × n`).
    ///   - responses: the responses Y (`m × k`), one column per right-hand side.
    ///   - rcond: singular values below `rcond · σ_max` count as zero; `nil` uses `max(m, n) · ε`.
    /// - Returns: the `p × k` coefficients, the effective rank and the singular values of `design`.
    public static func minimumNorm(design: Matrix, responses: Matrix, rcond: Double? = nil)
        throws(LinearAlgebraError) -> (coefficients: Matrix, rank: Int, singularValues: [Double])
    {
        guard design.rows == responses.rows else {
            throw .dimensionMismatch(
                operation: "least squares", expected: "\(design.rows) response rows",
                got: "\(responses.rows)")
        }
        guard design.rows > 0, design.columns > 0 else { throw .emptyMatrix(operation: "least squares") }
        guard design.isFinite, responses.isFinite else { throw .nonFinite(operation: "least squares") }
        let m = design.rows, n = design.columns, k = responses.columns
        let ldb = max(m, n)
        // dgelsd needs B with max(m, n) rows.
        var b = Matrix(rows: ldb, columns: k)
        for j in 0..<k { for i in 0..<m { b[i, j] = responses[i, j] } }
        var a = design
        var s = [Double](repeating: 0, count: min(m, n))
        var rank: LapackInt = 0
        let lm = try lapackInt(m, "dgelsd"), ln = try lapackInt(n, "dgelsd")
        let lk = try lapackInt(max(k, 1), "dgelsd"), lldb = try lapackInt(ldb, "dgelsd")
        let cutoff = rcond ?? Double(max(m, n)) * Double.ulpOfOne
        var query = 0.0
        var iworkQuery: LapackInt = 0
        var info = a.storage.withUnsafeMutableBufferPointer { ap in
            b.storage.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dgelsd_work(
                    LAPACK_COL_MAJOR, lm, ln, lk, ap.baseAddress, lm, bp.baseAddress, lldb,
                    &s, cutoff, &rank, &query, -1, &iworkQuery)
            }
        }
        try checkArguments(info, "dgelsd")
        var work = [Double](repeating: 0, count: max(1, Int(query)))
        var iwork = [LapackInt](repeating: 0, count: max(1, Int(iworkQuery)))
        let lwork = try lapackInt(work.count, "dgelsd")
        info = a.storage.withUnsafeMutableBufferPointer { ap in
            b.storage.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dgelsd_work(
                    LAPACK_COL_MAJOR, lm, ln, lk, ap.baseAddress, lm, bp.baseAddress, lldb,
                    &s, cutoff, &rank, &work, lwork, &iwork)
            }
        }
        try checkArguments(info, "dgelsd")
        if info > 0 { throw .noConvergence(routine: "dgelsd", info: Int(info)) }
        var x = Matrix(rows: n, columns: k)
        for j in 0..<k { for i in 0..<n { x[i, j] = b[i, j] } }
        return (x, Int(rank), s)
    }
}
