import CLapack
import Foundation

/// Cholesky factorization `A = Uᵀ·U` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
public struct CholeskyFactorization: Sendable {
    /// The upper-triangular factor `U` with `A = Uᵀ·U` (entries below the diagonal are zero).
    public let upper: Matrix

    /// Factors `matrix`; only its upper triangle is read.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(minor:)`` when a leading minor is not positive.
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        guard matrix.rows == matrix.columns else {
            throw .dimensionMismatch(
                operation: "Cholesky", expected: "a square matrix",
                got: "\(matrix.rows)×\(matrix.columns)")
        }
        guard matrix.rows > 0 else { throw .emptyMatrix(operation: "Cholesky") }
        guard matrix.isFinite else { throw .nonFinite(operation: "Cholesky") }
        var a = matrix
        let n = try lapackInt(matrix.rows, "dpotrf")
        let info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, ascii("U"), n, p.baseAddress, n)
        }
        try checkArguments(info, "dpotrf")
        if info > 0 { throw .notPositiveDefinite(minor: Int(info)) }
        for j in 0..<matrix.columns { for i in (j + 1)..<max(j + 1, matrix.rows) { a[i, j] = 0 } }
        upper = a
    }

    /// Solves `A·X = B` for many right-hand sides (LAPACK `dpotrs`).
    public func solve(_ rhs: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard rhs.rows == upper.rows else {
            throw .dimensionMismatch(operation: "Cholesky solve", expected: "\(upper.rows) rows", got: "\(rhs.rows)")
        }
        var x = rhs
        if rhs.columns == 0 { return x }
        let n = try lapackInt(upper.rows, "dpotrs"), nrhs = try lapackInt(rhs.columns, "dpotrs")
        let info = upper.storage.withUnsafeBufferPointer { a in
            x.storage.withUnsafeMutableBufferPointer { b in
                LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, ascii("U"), n, nrhs, a.baseAddress, n, b.baseAddress, n)
            }
        }
        try checkArguments(info, "dpotrs")
        return x
    }

    /// `log det A = 2 Σ log U_ii`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<upper.rows { s += log(upper[i, i]) }
        return 2 * s
    }
}

/// Singular values and the 2-norm condition number (LAPACK `dgesdd`, values only).
public enum SingularValues {
    /// The singular values of `matrix`, largest first.
    public static func of(_ matrix: Matrix) throws(LinearAlgebraError) -> [Double] {
        guard matrix.rows > 0, matrix.columns > 0 else { throw .emptyMatrix(operation: "SVD") }
        guard matrix.isFinite else { throw .nonFinite(operation: "SVD") }
        var a = matrix
        let m = try lapackInt(matrix.rows, "dgesdd"), n = try lapackInt(matrix.columns, "dgesdd")
        var s = [Double](repeating: 0, count: min(matrix.rows, matrix.columns))
        var iwork = [LapackInt](repeating: 0, count: 8 * s.count)
        var query = 0.0
        var dummyU = 0.0
        var dummyV = 0.0
        var info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dgesdd_work(
                LAPACK_COL_MAJOR, ascii("N"), m, n, p.baseAddress, m, &s, &dummyU, 1, &dummyV, 1,
                &query, -1, &iwork)
        }
        try checkArguments(info, "dgesdd")
        var work = [Double](repeating: 0, count: max(1, Int(query)))
        let lwork = try lapackInt(work.count, "dgesdd")
        info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dgesdd_work(
                LAPACK_COL_MAJOR, ascii("N"), m, n, p.baseAddress, m, &s, &dummyU, 1, &dummyV, 1,
                &work, lwork, &iwork)
        }
        try checkArguments(info, "dgesdd")
        if info > 0 { throw .noConvergence(routine: "dgesdd", info: Int(info)) }
        return s
    }

    /// The 2-norm condition number `σ_max / σ_min` (infinite for a rank-deficient matrix).
    public static func conditionNumber(of matrix: Matrix) throws(LinearAlgebraError) -> Double {
        let s = try of(matrix)
        guard let first = s.first, let last = s.last else { return .infinity }
        return last == 0 ? .infinity : first / last
    }
}

/// Control of OpenBLAS's own thread pool.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses. Call with 1 when the caller parallelises over series itself,
    /// so that the two levels of parallelism do not oversubscribe the cores.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }
}

/// Square linear systems `A·X = B` by LU factorization with partial pivoting (LAPACK `dgesv`).
public enum LinearSystem {
    /// The solution X of `A·X = B`.
    /// - Throws: ``LinearAlgebraError/singular(index:)`` when A is exactly singular, and dimension errors.
    public static func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard a.rows == a.columns else {
            throw .dimensionMismatch(
                operation: "linear solve", expected: "a square matrix", got: "\(a.rows)×\(a.columns)")
        }
        guard b.rows == a.rows else {
            throw .dimensionMismatch(operation: "linear solve", expected: "\(a.rows) rows", got: "\(b.rows)")
        }
        guard a.rows > 0 else { throw .emptyMatrix(operation: "linear solve") }
        guard a.isFinite && b.isFinite else { throw .nonFinite(operation: "linear solve") }
        var lu = a, x = b
        let n = try lapackInt(a.rows, "dgesv"), nrhs = try lapackInt(b.columns, "dgesv")
        var pivots = [Int32](repeating: 0, count: a.rows)
        let info = lu.storage.withUnsafeMutableBufferPointer { pa in
            x.storage.withUnsafeMutableBufferPointer { pb in
                LAPACKE_dgesv_work(LAPACK_COL_MAJOR, n, nrhs, pa.baseAddress, n, &pivots, pb.baseAddress, n)
            }
        }
        try checkArguments(info, "dgesv")
        if info > 0 { throw .singular(index: Int(info)) }
        return x
    }
}

/// Eigenvalues of a general square matrix (LAPACK `dgeev`, no eigenvectors).
public enum Eigenvalues {
    /// The moduli |λ| of the eigenvalues.
    public static func moduli(of matrix: Matrix) throws(LinearAlgebraError) -> [Double] {
        guard matrix.rows == matrix.columns else {
            throw .dimensionMismatch(
                operation: "eigenvalues", expected: "a square matrix", got: "\(matrix.rows)×\(matrix.columns)")
        }
        guard matrix.rows > 0 else { return [] }
        guard matrix.isFinite else { throw .nonFinite(operation: "eigenvalues") }
        // A 1×1 matrix is its own eigenvalue (dgeev's answer, without the call: root checks of one coefficient).
        if matrix.rows == 1 { return [abs(matrix[0, 0])] }
        var a = matrix
        let n = try lapackInt(matrix.rows, "dgeev")
        var re = [Double](repeating: 0, count: matrix.rows), im = re
        var left = [Double](repeating: 0, count: 1), right = [Double](repeating: 0, count: 1)
        var query = [Double](repeating: 0, count: 1)
        var info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dgeev_work(
                LAPACK_COL_MAJOR, ascii("N"), ascii("N"), n, p.baseAddress, n, &re, &im, &left, 1, &right, 1, &query, -1
            )
        }
        try checkArguments(info, "dgeev")
        var work = [Double](repeating: 0, count: max(1, Int(query[0])))
        let lwork = try lapackInt(work.count, "dgeev")
        info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dgeev_work(
                LAPACK_COL_MAJOR, ascii("N"), ascii("N"), n, p.baseAddress, n, &re, &im, &left, 1, &right, 1, &work,
                lwork)
        }
        try checkArguments(info, "dgeev")
        if info > 0 { throw .noConvergence(routine: "dgeev", info: Int(info)) }
        return zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }
    }
}

extension LinearSystem {
    /// Solves `A·x = b` in place for one right-hand side in the caller's buffers (for inner loops): `a` holds the
    /// n×n matrix column-major (n² values) and is overwritten by its LU factors, `b` (n values) becomes x, `pivots`
    /// has room for n.
    /// - Returns: false when A is singular.
    public static func solveInPlace(
        _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>,
        pivots: UnsafeMutablePointer<Int32>, n: Int
    ) -> Bool {
        guard n > 0, let size = Int32(exactly: n) else { return false }
        return LAPACKE_dgesv_work(LAPACK_COL_MAJOR, size, 1, a, size, pivots, b, size) == 0
    }
}
