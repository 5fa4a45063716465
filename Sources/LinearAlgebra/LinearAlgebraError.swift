/// Errors raised by the linear-algebra layer.
///
/// This is the one place where LAPACK's integer `info` codes become Swift values. Each case carries the
/// context a caller needs to explain the failure to a user (which routine, which sizes, which rank).
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operands have incompatible shapes, e.g. a design with 20 rows and responses with 19.
    case dimensionMismatch(operation: String, expected: String, got: String)
    /// A size does not fit LAPACK's 32-bit integers.
    case sizeTooLarge(operation: String, size: Int)
    /// A matrix needed at least `needed` rows or columns.
    case emptyMatrix(operation: String)
    /// The design matrix has fewer linearly independent columns than it has columns.
    case rankDeficient(rank: Int, columns: Int)
    /// A matrix expected to be symmetric positive definite is not (Cholesky failed at `minor`).
    case notPositiveDefinite(minor: Int)
    /// A triangular factor has an exact zero on its diagonal at `index` (1-based, as LAPACK reports it).
    case singular(index: Int)
    /// An iterative LAPACK routine (SVD) did not converge.
    case noConvergence(routine: String, info: Int)
    /// LAPACK rejected an argument (negative `info`); this indicates a bug in Trajectory, not in the data.
    case invalidArgument(routine: String, position: Int)
    /// A non-finite value (NaN or infinity) was found where LAPACK needs finite numbers.
    case nonFinite(operation: String)

    /// What failed, with the routine and its status.
    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, expected, got):
            return "\(operation): expected \(expected), got \(got)"
        case let .sizeTooLarge(operation, size):
            return "\(operation): size \(size) exceeds the 32-bit LAPACK limit"
        case let .emptyMatrix(operation):
            return "\(operation): the matrix is empty"
        case let .rankDeficient(rank, columns):
            return
                "the design matrix has rank \(rank) but \(columns) columns (collinear regressors, or too few distinct time points)"
        case let .notPositiveDefinite(minor):
            return "the matrix is not positive definite (leading minor \(minor) is not positive)"
        case let .singular(index):
            return "the matrix is singular (zero pivot at position \(index))"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info))"
        case let .invalidArgument(routine, position):
            return "internal error: \(routine) rejected argument \(position)"
        case let .nonFinite(operation):
            return "\(operation): the input contains NaN or infinite values"
        }
    }
}

/// LAPACK's integer type as LAPACKE declares it on this platform (`lapack_int` is a macro Swift cannot import).
typealias LapackInt = Int32

/// Converts a Swift size to a LAPACK integer, or throws ``LinearAlgebraError/sizeTooLarge(operation:size:)``.
@inline(__always)
func lapackInt(_ value: Int, _ operation: String) throws(LinearAlgebraError) -> LapackInt {
    guard let converted = LapackInt(exactly: value) else {
        throw .sizeTooLarge(operation: operation, size: value)
    }
    return converted
}

/// Maps a negative `info` from LAPACK to ``LinearAlgebraError/invalidArgument(routine:position:)``.
@inline(__always)
func checkArguments(_ info: LapackInt, _ routine: String) throws(LinearAlgebraError) {
    if info < 0 { throw .invalidArgument(routine: routine, position: Int(-info)) }
}
