import CLapack

/// A rank-revealing QR factorization `X·P = Q·R` with column pivoting (LAPACK `dgeqp3`).
///
/// The numerical rank is the number of diagonal entries of `R` with `|R_ii| > tolerance · |R_11|`; the
/// default tolerance is `max(m, n) · ε`, the rule LAPACK's `dgelsy` and MATLAB's `rank` use. A collinear
/// design is therefore reported as rank deficient instead of yielding huge, meaningless coefficients
/// (plain `dgels` returns `info = 0` with ±1e16 coefficients on such a design).
///
/// Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §5.4.2.
public struct QRFactorization: Sendable {
    /// Rows of the factored matrix (observations).
    public let rows: Int
    /// Columns of the factored matrix (regressors).
    public let columns: Int
    /// LAPACK's compact representation: `R` in the upper triangle, Householder vectors below.
    let factors: Matrix
    /// Householder scalars.
    let tau: [Double]
    /// Column permutation, zero-based: column `j` of `X·P` is column `pivot[j]` of `X`.
    public let pivot: [Int]
    /// Numerical rank.
    public let rank: Int

    /// Factors `matrix`.
    /// - Parameters:
    ///   - matrix: the matrix to factor (`m × n`, finite entries).
    ///   - relativeTolerance: the rank cut-off relative to `|R_11|`; `nil` uses `max(m, n) · ε`.
    /// - Throws: ``LinearAlgebraError/nonFinite(operation:)`` for NaN or infinite entries.
    public init(_ matrix: Matrix, relativeTolerance: Double? = nil) throws(LinearAlgebraError) {
        guard matrix.rows > 0, matrix.columns > 0 else { throw .emptyMatrix(operation: "QR factorization") }
        guard matrix.isFinite else { throw .nonFinite(operation: "QR factorization") }
        let m = try lapackInt(matrix.rows, "dgeqp3"), n = try lapackInt(matrix.columns, "dgeqp3")
        var a = matrix
        var jpvt = [LapackInt](repeating: 0, count: matrix.columns)
        var tau = [Double](repeating: 0, count: min(matrix.rows, matrix.columns))
        var query = 0.0
        var info = a.storage.withUnsafeMutableBufferPointer { ap in
            LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, m, n, ap.baseAddress, m, &jpvt, &tau, &query, -1)
        }
        try checkArguments(info, "dgeqp3")
        var work = [Double](repeating: 0, count: max(1, Int(query)))
        let lwork = try lapackInt(work.count, "dgeqp3")
        info = a.storage.withUnsafeMutableBufferPointer { ap in
            LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, m, n, ap.baseAddress, m, &jpvt, &tau, &work, lwork)
        }
        try checkArguments(info, "dgeqp3")

        let diagonalCount = min(matrix.rows, matrix.columns)
        let largest = abs(a[0, 0])
        let tolerance = (relativeTolerance ?? Double(max(matrix.rows, matrix.columns)) * Double.ulpOfOne) * largest
        var rank = 0
        if largest > 0 {
            while rank < diagonalCount && abs(a[rank, rank]) > tolerance { rank += 1 }
        }
        self.rows = matrix.rows
        self.columns = matrix.columns
        self.factors = a
        self.tau = tau
        self.pivot = jpvt.map { Int($0) - 1 }
        self.rank = rank
    }

    /// Whether the factored matrix has full column rank.
    public var hasFullColumnRank: Bool { rank == columns }

    /// The `columns × columns` upper-triangular factor `R` (of the pivoted matrix).
    public var r: Matrix {
        var result = Matrix(rows: columns, columns: columns)
        for j in 0..<columns {
            for i in 0...min(j, rows - 1) { result[i, j] = factors[i, j] }
        }
        return result
    }

    /// Computes `Qᵀ · B` for many right-hand sides at once (LAPACK `dormqr`).
    public func applyingQTranspose(to b: Matrix) throws(LinearAlgebraError) -> Matrix {
        try applyingQ(to: b, transpose: true)
    }

    /// Computes `Q · B` (LAPACK `dormqr`).
    public func applyingQ(to b: Matrix, transpose: Bool = false) throws(LinearAlgebraError) -> Matrix {
        guard b.rows == rows else {
            throw .dimensionMismatch(operation: "applying Q", expected: "\(rows) rows", got: "\(b.rows)")
        }
        var c = b
        if b.columns == 0 { return c }
        let m = try lapackInt(rows, "dormqr"), n = try lapackInt(b.columns, "dormqr")
        let k = try lapackInt(tau.count, "dormqr")
        var query = 0.0
        var info = factors.storage.withUnsafeBufferPointer { a in
            c.storage.withUnsafeMutableBufferPointer { cp in
                LAPACKE_dormqr_work(
                    LAPACK_COL_MAJOR, ascii("L"), transpose ? ascii("T") : ascii("N"),
                    m, n, k, a.baseAddress, m, tau, cp.baseAddress, m, &query, -1)
            }
        }
        try checkArguments(info, "dormqr")
        var work = [Double](repeating: 0, count: max(1, Int(query)))
        let lwork = try lapackInt(work.count, "dormqr")
        info = factors.storage.withUnsafeBufferPointer { a in
            c.storage.withUnsafeMutableBufferPointer { cp in
                LAPACKE_dormqr_work(
                    LAPACK_COL_MAJOR, ascii("L"), transpose ? ascii("T") : ascii("N"),
                    m, n, k, a.baseAddress, m, tau, cp.baseAddress, m, &work, lwork)
            }
        }
        try checkArguments(info, "dormqr")
        return c
    }

    /// The full orthogonal factor `Q` (`rows × rows`), or its transpose.
    public func q(transposed: Bool = false) throws(LinearAlgebraError) -> Matrix {
        try applyingQ(to: .identity(rows), transpose: transposed)
    }

    /// `(XᵀX)⁻¹` in the original column order: `P · R⁻¹ · R⁻ᵀ · Pᵀ` (LAPACK `dtrtri` then `dlauum`).
    ///
    /// This is the unscaled covariance of least-squares coefficients; multiply by σ² for their covariance.
    /// - Throws: ``LinearAlgebraError/rankDeficient(rank:columns:)`` when `X` lacks full column rank.
    public func inverseGram() throws(LinearAlgebraError) -> Matrix {
        guard hasFullColumnRank else { throw .rankDeficient(rank: rank, columns: columns) }
        var rInverse = r
        let n = try lapackInt(columns, "dtrtri")
        var info = rInverse.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, ascii("U"), ascii("N"), n, p.baseAddress, n)
        }
        try checkArguments(info, "dtrtri")
        if info > 0 { throw .singular(index: Int(info)) }
        // dlauum computes U·Uᵀ in the upper triangle for upper-triangular U.
        info = rInverse.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dlauum_work(LAPACK_COL_MAJOR, ascii("U"), n, p.baseAddress, n)
        }
        try checkArguments(info, "dlauum")
        var result = Matrix(rows: columns, columns: columns)
        for j in 0..<columns {
            for i in 0...j {
                let value = rInverse[i, j]
                result[pivot[i], pivot[j]] = value
                result[pivot[j], pivot[i]] = value
            }
        }
        return result
    }
}
