import Foundation
import CLapack

/// Cholesky factorization `A = Uᵀ·U` of a symmetric positive-definite matrix (LAPACK `dpotrf`).
public struct CholeskyFactorization: Sendable {
    /// The upper-triangular factor `U` with `A = Uᵀ·U` (entries below the diagonal are zero).
    public let upper: Matrix

    /// Factors `matrix`; only its upper triangle is read.
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(minor:)`` when a leading minor is not positive.
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        guard matrix.rows == matrix.columns else {
            throw .dimensionMismatch(operation: "Cholesky", expected: "a square matrix",
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
            LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, ascii("N"), m, n, p.baseAddress, m, &s, &dummyU, 1, &dummyV, 1,
                                &query, -1, &iwork)
        }
        try checkArguments(info, "dgesdd")
        var work = [Double](repeating: 0, count: max(1, Int(query)))
        let lwork = try lapackInt(work.count, "dgesdd")
        info = a.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, ascii("N"), m, n, p.baseAddress, m, &s, &dummyU, 1, &dummyV, 1,
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
