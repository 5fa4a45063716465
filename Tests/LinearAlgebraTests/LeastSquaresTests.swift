import Foundation
import Testing

@testable import LinearAlgebra

private func close(_ a: Double, _ b: Double, rel: Double = 1e-12, abs absTol: Double = 1e-12) -> Bool {
    Swift.abs(a - b) <= max(absTol, rel * max(Swift.abs(a), Swift.abs(b)))
}

@Suite("Least squares")
struct LeastSquaresTests {
    /// y = 2 + 3t exactly: the fit recovers the line and the residual sum of squares is zero.
    @Test func exactLineIsRecovered() throws {
        let t: [Double] = [1, 2, 3, 4, 5]
        let x = try Matrix(rowMajor: t.map { [1, $0] })
        let y = try Matrix(rows: 5, columns: 1, columnMajor: t.map { 2 + 3 * $0 })
        let s = try LeastSquares.solve(design: x, responses: y)
        #expect(close(s.coefficients[0, 0], 2))
        #expect(close(s.coefficients[1, 0], 3))
        #expect(s.residualSumOfSquares[0] < 1e-20)
        #expect(s.residualDegreesOfFreedom == 3)
    }

    /// Closed form of simple regression: slope = Sxy/Sxx, intercept = ȳ − slope·t̄, RSS = Syy − Sxy²/Sxx,
    /// and (XᵀX)⁻¹ = [[Σt², −Σt], [−Σt, n]] / (n·Sxx).
    @Test func simpleRegressionMatchesClosedForm() throws {
        let t: [Double] = [2001, 2002, 2003, 2005, 2008, 2009]
        let y: [Double] = [3.1, 4.7, 4.2, 6.9, 9.4, 8.8]
        let n = Double(t.count)
        let tbar = t.reduce(0, +) / n, ybar = y.reduce(0, +) / n
        let sxx = t.map { ($0 - tbar) * ($0 - tbar) }.reduce(0, +)
        let sxy = zip(t, y).map { ($0 - tbar) * ($1 - ybar) }.reduce(0, +)
        let syy = y.map { ($0 - ybar) * ($0 - ybar) }.reduce(0, +)
        let slope = sxy / sxx
        let x = try Matrix(rowMajor: t.map { [1, $0] })
        let s = try LeastSquares.solve(design: x, responses: try Matrix(rows: 6, columns: 1, columnMajor: y))
        #expect(close(s.coefficients[1, 0], slope, rel: 1e-9))
        #expect(close(s.coefficients[0, 0], ybar - slope * tbar, rel: 1e-9))
        #expect(close(s.residualSumOfSquares[0], syy - sxy * sxy / sxx, rel: 1e-9))
        let sumT2 = t.map { $0 * $0 }.reduce(0, +), sumT = t.reduce(0, +)
        #expect(close(s.inverseGram[0, 0], sumT2 / (n * sxx), rel: 1e-7))
        #expect(close(s.inverseGram[0, 1], -sumT / (n * sxx), rel: 1e-7))
        #expect(close(s.inverseGram[1, 1], n / (n * sxx), rel: 1e-7))
    }

    /// Many right-hand sides in one call give exactly what one call per response gives.
    @Test func manyRightHandSidesAgreeWithOneAtATime() throws {
        let n = 12, k = 50
        let x = try Matrix(rowMajor: (0..<n).map { i in [1, Double(i), Double(i * i)] })
        var y = Matrix(rows: n, columns: k)
        var state: UInt64 = 42
        for j in 0..<k {
            for i in 0..<n {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                y[i, j] = Double(j) + 0.5 * Double(i) + Double(state >> 11) / Double(1 << 53)
            }
        }
        let all = try LeastSquares.solve(design: x, responses: y)
        for j in [0, 7, 49] {
            let single = try LeastSquares.solve(
                design: x,
                responses: try Matrix(
                    rows: n, columns: 1,
                    columnMajor: Array(y.column(j))))
            for i in 0..<3 { #expect(close(all.coefficients[i, j], single.coefficients[i, 0], rel: 1e-12, abs: 1e-12)) }
            #expect(close(all.residualSumOfSquares[j], single.residualSumOfSquares[0], rel: 1e-12))
        }
    }

    /// A duplicated regressor is detected, not solved into ±1e16 coefficients.
    @Test func collinearDesignIsRankDeficient() throws {
        let x = try Matrix(rowMajor: [[1, 2, 4], [1, 3, 6], [1, 5, 10], [1, 7, 14]])
        let y = try Matrix(rows: 4, columns: 1, columnMajor: [1, 2, 3, 4])
        #expect(throws: LinearAlgebraError.rankDeficient(rank: 2, columns: 3)) {
            try LeastSquares.solve(design: x, responses: y)
        }
        let qr = try QRFactorization(x)
        #expect(qr.rank == 2)
        // The minimum-norm solution exists and reproduces the fitted values of the rank-2 model.
        let mn = try LeastSquares.minimumNorm(design: x, responses: y)
        #expect(mn.rank == 2)
        let fitted = try x.multiplied(by: mn.coefficients)
        let reduced = try LeastSquares.solve(
            design: try Matrix(rowMajor: [[1, 2], [1, 3], [1, 5], [1, 7]]), responses: y)
        for i in 0..<4 {
            let viaReduced = reduced.coefficients[0, 0] + reduced.coefficients[1, 0] * x[i, 1]
            #expect(close(fitted[i, 0], viaReduced, rel: 1e-10))
        }
    }

    /// A constant time axis with an intercept (all observations in one year) is rank deficient.
    @Test func constantRegressorIsRankDeficient() throws {
        let x = try Matrix(rowMajor: [[1, 2020], [1, 2020], [1, 2020]])
        #expect(try QRFactorization(x).rank == 1)
    }

    /// An ill-conditioned but full-rank design (raw years and their squares) is still solved accurately
    /// because the factorization is QR, not the normal equations.
    @Test func illConditionedDesignIsSolvedByQR() throws {
        let t = (0..<10).map { 2000.0 + Double($0) }
        let x = try Matrix(rowMajor: t.map { [1, $0, $0 * $0] })
        #expect(try SingularValues.conditionNumber(of: x) > 1e9)
        let beta: [Double] = [1.5, -0.25, 0.0125]
        // Responses generated on the centred scale to keep them exact, then compared through predictions.
        let y = try Matrix(
            rows: 10, columns: 1,
            columnMajor: t.map { beta[0] + beta[1] * ($0 - 2000) + beta[2] * ($0 - 2000) * ($0 - 2000) })
        let s = try LeastSquares.solve(design: x, responses: y)
        let fitted = try x.multiplied(by: s.coefficients)
        for i in 0..<10 { #expect(close(fitted[i, 0], y[i, 0], rel: 1e-6, abs: 1e-6)) }
    }

    @Test func mismatchedRowsAreReported() throws {
        let x = try Matrix(rowMajor: [[1, 1], [1, 2], [1, 3]])
        let y = Matrix(rows: 2, columns: 1)
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(design: x, responses: y) }
    }

    @Test func nonFiniteResponsesAreReported() throws {
        let x = try Matrix(rowMajor: [[1, 1], [1, 2], [1, 3]])
        let y = try Matrix(rows: 3, columns: 1, columnMajor: [1, .nan, 3])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "least squares")) {
            try LeastSquares.solve(design: x, responses: y)
        }
    }
}

@Suite("Decompositions")
struct DecompositionTests {
    @Test func qrReconstructsTheMatrix() throws {
        let a = try Matrix(rowMajor: [[4, 1, 2], [1, 3, 0], [2, 0, 5], [1, 1, 1]])
        let qr = try QRFactorization(a)
        var rFull = Matrix(rows: 4, columns: 3)
        let r = qr.r
        for j in 0..<3 { for i in 0..<3 { rFull[i, j] = r[i, j] } }
        let qrProduct = try qr.applyingQ(to: rFull)
        for j in 0..<3 { for i in 0..<4 { #expect(close(qrProduct[i, j], a[i, qr.pivot[j]], rel: 1e-12, abs: 1e-12)) } }
    }

    @Test func choleskySolvesAndGivesTheDeterminant() throws {
        // A = [[4, 2], [2, 3]]: det 8, A⁻¹·[2, 1] = [0.5, 0].
        let a = try Matrix(rowMajor: [[4, 2], [2, 3]])
        let c = try CholeskyFactorization(a)
        #expect(close(c.logDeterminant, log(8.0)))
        let x = try c.solve(try Matrix(rows: 2, columns: 1, columnMajor: [2, 1]))
        #expect(close(x[0, 0], 0.5) && close(x[1, 0], 0))
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 2)) {
            try CholeskyFactorization(try Matrix(rowMajor: [[1, 2], [2, 1]]))
        }
    }

    @Test func singularValuesOfADiagonalMatrix() throws {
        let a = try Matrix(rowMajor: [[3, 0], [0, -4], [0, 0]])
        let s = try SingularValues.of(a)
        #expect(close(s[0], 4) && close(s[1], 3))
        #expect(close(try SingularValues.conditionNumber(of: a), 4.0 / 3.0))
    }

    @Test func productAndTransposeAgree() throws {
        let a = try Matrix(rowMajor: [[1, 2], [3, 4], [5, 6]])
        let b = try Matrix(rowMajor: [[1, 0, 2], [0, 1, 3]])
        let ab = try a.multiplied(by: b)
        #expect(ab == (try Matrix(rowMajor: [[1, 2, 8], [3, 4, 18], [5, 6, 28]])))
        let atA = try a.multiplied(by: a, transposingSelf: true)
        #expect(atA == (try Matrix(rowMajor: [[35, 44], [44, 56]])))
        #expect(a.transposed.transposed == a)
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
    }

    @Test func triangularSolveReportsSingularity() throws {
        let r = try Matrix(rowMajor: [[2, 1], [0, 0]])
        #expect(throws: LinearAlgebraError.singular(index: 2)) {
            try r.solveTriangular(try Matrix(rows: 2, columns: 1, columnMajor: [1, 1]), upper: true)
        }
    }

    @Test func matrixInitialiserChecksCounts() {
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rowMajor: [[1, 2], [3]]) }
    }
}
