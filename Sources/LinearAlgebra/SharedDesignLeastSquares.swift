import CLapack

/// Least squares for very many response vectors that share one small design matrix — the shape of
/// "fit a trend to 100,000 series observed on the same years".
///
/// The design `X` (`n × p`) is factored once with the rank-revealing QR (``QRFactorization``), and the full
/// `Qᵀ` (`n × n`) is formed. Responses are then processed in cache-sized blocks of columns: one `dgemm`
/// gives `Z = Qᵀ·Y_block`; its first `p` rows, solved against `R` with `dtrsm`, are the coefficients, and
/// the squared norm of its last `n − p` rows is each residual sum of squares. The responses are read
/// exactly once and nothing of size `n × k` is written.
///
/// Complexity: O(n²·k) flops, memory traffic O(n·k) reads.
public struct SharedDesignLeastSquares: Sendable {
    /// Rows of the design (observations per response).
    public let observations: Int
    /// Columns of the design (coefficients per response).
    public let parameters: Int
    /// `(XᵀX)⁻¹`, shared by every response.
    public let inverseGram: Matrix
    let qTranspose: Matrix
    let r: Matrix
    let pivot: [Int]

    /// Columns per block: `n × blockColumns` doubles of scratch stay in the L2 cache.
    static let blockColumns = 256

    /// Factors `design`.
    /// - Throws: ``LinearAlgebraError/rankDeficient(rank:columns:)`` for a collinear design, or when there
    ///   are fewer rows than columns.
    public init(design: Matrix) throws(LinearAlgebraError) {
        let qr = try QRFactorization(design)
        guard qr.hasFullColumnRank, design.rows >= design.columns else {
            throw .rankDeficient(rank: qr.rank, columns: design.columns)
        }
        observations = design.rows
        parameters = design.columns
        qTranspose = try qr.q(transposed: true)
        r = qr.r
        pivot = qr.pivot
        inverseGram = try qr.inverseGram()
    }

    /// Solves for `count` responses stored column-major in `responses` (`observations × count` values).
    ///
    /// - Parameters:
    ///   - coefficients: receives `parameters × count` values, column `j` for response `j`.
    ///   - residualSumOfSquares: receives `count` values.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:expected:got:)`` when a buffer is too small.
    public func solve(responses: UnsafeBufferPointer<Double>, count: Int,
                      coefficients: UnsafeMutableBufferPointer<Double>,
                      residualSumOfSquares: UnsafeMutableBufferPointer<Double>) throws(LinearAlgebraError) {
        let n = observations, p = parameters
        guard responses.count >= n * count, coefficients.count >= p * count, residualSumOfSquares.count >= count else {
            throw .dimensionMismatch(operation: "shared-design least squares",
                                     expected: "\(n)×\(count) responses, \(p)×\(count) coefficients",
                                     got: "\(responses.count) and \(coefficients.count)")
        }
        if count == 0 { return }
        let ln = try lapackInt(n, "dgemm"), lp = try lapackInt(p, "dtrsm")
        let block = Self.blockColumns
        var scratch = [Double](repeating: 0, count: n * block)
        qTranspose.storage.withUnsafeBufferPointer { qt in
            r.storage.withUnsafeBufferPointer { rp in
                scratch.withUnsafeMutableBufferPointer { z in
                    var start = 0
                    while start < count {
                        let width = min(block, count - start)
                        let lw = Int32(width)
                        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, ln, lw, ln, 1.0,
                                    qt.baseAddress, ln, responses.baseAddress! + start * n, ln, 0.0, z.baseAddress, ln)
                        for j in 0..<width {
                            let column = z.baseAddress! + j * n
                            var s = 0.0
                            for i in p..<n { s += column[i] * column[i] }
                            residualSumOfSquares[start + j] = s
                        }
                        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, lp, lw, 1.0,
                                    rp.baseAddress, lp, z.baseAddress, ln)
                        for j in 0..<width {
                            let column = z.baseAddress! + j * n
                            let out = (start + j) * p
                            for i in 0..<p { coefficients[out + pivot[i]] = column[i] }
                        }
                        start += width
                    }
                }
            }
        }
    }
}
