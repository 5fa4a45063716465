import Foundation
import Testing

@testable import Forecasting

/// Box–Cox against R's forecast package (`BoxCox.lambda`, `BoxCox`; fixture from make_r_boxcox.R).
@Suite("Box–Cox: R's BoxCox.lambda and BoxCox")
struct BoxCoxTests {
    @Test func guerreroLambdaAndTransformMatchR() throws {
        let table = try FixtureTable("r_boxcox")
        var close = 0
        for row in table.rows {
            let y = row[table.column("values")].split(separator: ";").compactMap { Double($0) }
            let r = table.double(row, "lambda")
            let lambda = BoxCox.guerreroLambda(y)
            // The same criterion minimised by the same steps: the same λ, to the optimiser's tolerance at worst.
            #expect(abs(lambda - r) < 1e-4, "\(row[0]): λ \(lambda) vs R \(r)")
            if abs(lambda - r) < 1e-8 { close += 1 }
            let z = row[table.column("transformed")].split(separator: ";").compactMap { Double($0) }
            let t = Transform.boxCox(lambda: r)
            for (value, expected) in zip(y, z) {
                #expect(relativelyClose(t.forward(value), expected, 1e-12, scale: 1), "\(row[0]): g(\(value))")
                #expect(relativelyClose(t.inverse(t.forward(value)), value, 1e-12, scale: 1))
            }
        }
        // Here all 44 agree to 1e-8; a few may land a step of the optimiser apart elsewhere.
        #expect(table.rows.count == 44 && close >= 42, "\(close) of 44 to 1e-8")
    }

    /// Brent's method on closed forms: the minimum of (x − 1/3)², of cos on [0, 2π] (π), and of |x| at an end.
    @Test func brentFindsClosedFormMinima() {
        #expect(abs(BrentMinimum.minimize(-1, 2) { ($0 - 1.0 / 3) * ($0 - 1.0 / 3) } - 1.0 / 3) < 1e-5)
        #expect(abs(BrentMinimum.minimize(0, 2 * Double.pi, tolerance: 1e-10) { cos($0) } - Double.pi) < 1e-8)
        #expect(abs(BrentMinimum.minimize(0.5, 3) { abs($0) } - 0.5) < 1e-4)
    }

    /// The scale's pieces: λ = 0 is the log, the Jacobian is (λ − 1)·log y, the domain positive for λ ≤ 0.
    @Test func transformPieces() {
        let t = Transform.boxCox(lambda: 0.5)
        #expect(abs(t.forward(9) - 4) < 1e-15 && abs(t.inverse(4) - 9) < 1e-12)
        #expect(abs(t.logJacobian(9) - (-0.5 * log(9.0))) < 1e-15)
        #expect(Transform.boxCox(lambda: 0).forward(M_E) == 1)
        #expect(!Transform.boxCox(lambda: -0.5).contains(0) && Transform.boxCox(lambda: -0.5).contains(2))
        #expect(Transform.boxCox(lambda: -0.5).inverse(2) == .infinity)  // beyond −1/λ: above every value
        #expect(Transform.boxCox(lambda: 0.5).inverse(-2) == 0)  // below −1/λ: the domain's end
        #expect(t.description == "Box–Cox(λ = 0.5)")
    }
}
