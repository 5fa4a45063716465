import CLapack

/// A dense matrix of `Double` stored in column-major order.
///
/// Column-major storage is LAPACK's native layout, so factorizations take the buffer without a transpose or
/// copy. `Matrix` is a value type: the storage is a Swift `Array`, which is copy-on-write, so passing a matrix
/// around is cheap and a mutation never affects another copy.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, column after column: entry `(i, j)` is at `i + j * rows`.
    public internal(set) var storage: [Double]

    /// A `rows × columns` matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.storage = Array(repeating: value, count: self.rows * self.columns)
    }

    /// A matrix over existing column-major storage.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` when the count is not `rows × columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, columnMajor.count == rows * columns else {
            throw .dimensionMismatch(
                operation: "Matrix", expected: "\(rows)×\(columns) = \(rows * columns) values",
                got: "\(columnMajor.count)")
        }
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    /// A matrix from rows given as nested arrays (convenient in tests and examples).
    public init(rowMajor: [[Double]]) throws(LinearAlgebraError) {
        let rowCount = rowMajor.count
        let columnCount = rowMajor.first?.count ?? 0
        var storage = [Double](repeating: 0, count: rowCount * columnCount)
        for (i, row) in rowMajor.enumerated() {
            guard row.count == columnCount else {
                throw .dimensionMismatch(
                    operation: "Matrix(rowMajor:)", expected: "\(columnCount) columns in every row",
                    got: "\(row.count) in row \(i + 1)")
            }
            for (j, value) in row.enumerated() { storage[i + j * rowCount] = value }
        }
        self.rows = rowCount
        self.columns = columnCount
        self.storage = storage
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.storage[i + i * n] = 1 }
        return m
    }

    /// Entry at `row`, `column` (zero-based).
    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rows] }
        set { storage[row + column * rows] = newValue }
    }

    /// Calls `body` with the column-major entries, for fast in-place access (the count stays `rows × columns`).
    public mutating func withUnsafeMutableEntries<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows
        -> R
    {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// The entries of column `j`.
    public func column(_ j: Int) -> ArraySlice<Double> {
        storage[(j * rows)..<((j + 1) * rows)]
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] }
        }
        return t
    }

    /// Whether every entry is finite.
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// `op(self) · op(other)` through BLAS `dgemm`, where `op` optionally transposes.
    ///
    /// Complexity: O(m·n·k) floating-point operations.
    public func multiplied(
        by other: Matrix, transposingSelf: Bool = false,
        transposingOther: Bool = false
    ) throws(LinearAlgebraError) -> Matrix {
        let m = transposingSelf ? columns : rows
        let k = transposingSelf ? rows : columns
        let k2 = transposingOther ? other.columns : other.rows
        let n = transposingOther ? other.rows : other.columns
        guard k == k2 else {
            throw .dimensionMismatch(operation: "matrix product", expected: "inner dimension \(k)", got: "\(k2)")
        }
        var result = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return result }
        if k == 0 { return result }
        let bm = try lapackInt(m, "dgemm"), bn = try lapackInt(n, "dgemm"), bk = try lapackInt(k, "dgemm")
        let lda = try lapackInt(max(1, rows), "dgemm"), ldb = try lapackInt(max(1, other.rows), "dgemm")
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        transposingOther ? CblasTrans : CblasNoTrans,
                        bm, bn, bk, 1.0, a.baseAddress, lda, b.baseAddress, ldb, 0.0, c.baseAddress, bm)
                }
            }
        }
        return result
    }

    /// Solves `self · X = B` for upper- or lower-triangular `self` (LAPACK `dtrtrs`), for many right-hand sides.
    /// - Throws: ``LinearAlgebraError/singular(index:)`` on an exact zero on the diagonal.
    public func solveTriangular(_ rhs: Matrix, upper: Bool, transposed: Bool = false) throws(LinearAlgebraError)
        -> Matrix
    {
        guard rows == columns else {
            throw .dimensionMismatch(
                operation: "triangular solve", expected: "a square matrix", got: "\(rows)×\(columns)")
        }
        guard rhs.rows == rows else {
            throw .dimensionMismatch(
                operation: "triangular solve", expected: "\(rows) rows on the right-hand side",
                got: "\(rhs.rows)")
        }
        var x = rhs
        if rows == 0 || rhs.columns == 0 { return x }
        let n = try lapackInt(rows, "dtrtrs"), nrhs = try lapackInt(rhs.columns, "dtrtrs")
        let info = storage.withUnsafeBufferPointer { a in
            x.storage.withUnsafeMutableBufferPointer { b in
                LAPACKE_dtrtrs_work(
                    LAPACK_COL_MAJOR, upper ? ascii("U") : ascii("L"), transposed ? ascii("T") : ascii("N"),
                    ascii("N"), n, nrhs, a.baseAddress, n, b.baseAddress, n)
            }
        }
        try checkArguments(info, "dtrtrs")
        if info > 0 { throw .singular(index: Int(info)) }
        return x
    }
}

/// A LAPACK character argument.
@inline(__always)
func ascii(_ s: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: s)) }
