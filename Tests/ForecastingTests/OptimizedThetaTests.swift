import Foundation
import Testing

@testable import Forecasting

/// The optimised Theta methods' recursion against closed forms (statsforecast parity is in the Planning tests, which
/// read the M3 data).
@Suite("Optimised Theta: closed forms") struct OptimizedThetaClosedFormTests {
    /// With θ = 1 the line drops out and the model is simple exponential smoothing: flat forecasts at the level and the
    /// variance factors 1 + (h − 1)α² of ETS(A,N,N), for either variant.
    @Test func thetaOneIsSimpleExponentialSmoothing() {
        for dynamic in [false, true] {
            let recursion = ThetaRecursion(dynamic: dynamic)
            let y = [3.0, 5, 4, 6, 7, 6.5, 8]
            let run = recursion.run(y, level: 2, alpha: 0.3, theta: 1)
            var level = 0.3 * y[0] + 0.7 * 2
            for v in y.dropFirst() { level = 0.3 * v + 0.7 * level }
            #expect(abs(run.final.level - level) < 1e-12)
            let path = recursion.path(from: run.final, after: y.count, steps: 4, alpha: 0.3, theta: 1)
            #expect(path.allSatisfy { abs($0 - level) < 1e-12 })
            let factors = recursion.varianceFactors(after: y.count, steps: 4, alpha: 0.3, theta: 1)
            for (h, f) in factors.enumerated() { #expect(abs(f - (1 + Double(h) * 0.09)) < 1e-12) }
        }
    }

    /// The dynamic line is the least-squares line of the values so far: after a straight line it has the line's
    /// intercept and slope exactly.
    @Test func dynamicLineIsTheRunningLeastSquaresLine() {
        let y = (0..<9).map { 2 + 0.5 * Double($0 + 1) }  // a + b·t on t = 1…9
        let run = ThetaRecursion(dynamic: true).run(y, level: 0, alpha: 0.5, theta: 2)
        #expect(abs(run.final.slope - 0.5) < 1e-12)
        #expect(abs(run.final.intercept - 2) < 1e-12)
    }

    /// The least-squares fit finds a known minimum: data generated without error from given ℓ₀, α and θ (each value
    /// its own one-step forecast from the fourth on) are fitted back with zero error. (The dynamic variant: the static
    /// one's line depends on values not yet generated.)
    @Test func leastSquaresRecoversANoiselessModel() throws {
        do {
            let recursion = ThetaRecursion(dynamic: true)
            // Noiseless data from the model: each value is its own one-step forecast (a drifting line through 1).
            var y = [1.0, 1.1, 1.3]
            while y.count < 12 {
                let run = recursion.run(y + [0], level: 0.8, alpha: 0.4, theta: 3)
                y.append(try #require(run.fitted.last))
            }
            let fit = try #require(recursion.leastSquares(y))
            let refit = recursion.run(y, level: fit.level, alpha: fit.alpha, theta: 1 / (1 - fit.weight))
            let sse = refit.errors.dropFirst(3).reduce(0) { $0 + $1 * $1 }
            #expect(sse < 1e-20)
        }
    }

    /// The ridge of `dotm~K` (for validation): with κ = 0 the plain least squares; with a huge κ θ = 2 (w = ½); and
    /// at the α it returns, (ℓ₀, w) minimise the squared errors plus κ·Σg²·(w − ½)², g the errors' slope in w (the
    /// errors are affine in ℓ₀ and w: g read exactly from two runs), checked by the normal equations' residuals.
    @Test func ridgeDrawsThetaTowardTwo() throws {
        let recursion = ThetaRecursion(dynamic: true)
        let y = [10.0, 12, 11.5, 14, 15.2, 14.8, 17, 18.5, 18, 21, 22.4, 21.9]
        let plain = try #require(recursion.leastSquares(y))
        let zero = try #require(recursion.leastSquares(y, shrinkage: 0))
        #expect(plain.alpha == zero.alpha && plain.level == zero.level && plain.weight == zero.weight)
        let huge = try #require(recursion.leastSquares(y, shrinkage: 1e9))
        #expect(abs(huge.weight - 0.5) < 1e-6 && abs(plain.weight - 0.5) > 0.01)
        let kappa = 0.25
        let fit = try #require(recursion.leastSquares(y, shrinkage: kappa))
        func errors(_ level: Double, _ weight: Double) -> [Double] {
            Array(recursion.run(y, level: level, alpha: fit.alpha, theta: 1 / (1 - weight)).errors.dropFirst(3))
        }
        let e = errors(fit.level, fit.weight)
        let g = zip(errors(fit.level, fit.weight), errors(fit.level, fit.weight - 0.1)).map { ($1 - $0) / 0.1 }
        let l = zip(errors(fit.level, fit.weight), errors(fit.level - 1, fit.weight)).map { $1 - $0 }
        let sgg = g.reduce(0) { $0 + $1 * $1 }
        // d/dw and d/dℓ₀ of Σe² + κΣg²(w − ½)² vanish: Σe·g = κΣg²(w − ½) and Σe·l = 0 (e = z − ℓ₀l − wg).
        let dw = zip(e, g).reduce(0) { $0 + $1.0 * $1.1 } - kappa * sgg * (fit.weight - 0.5)
        let dl = zip(e, l).reduce(0) { $0 + $1.0 * $1.1 }
        let scale = e.reduce(0) { $0 + abs($1) } + 1
        #expect(abs(dw) < 1e-8 * scale * sgg.squareRoot() && abs(dl) < 1e-8 * scale)
        #expect(abs(fit.weight - 0.5) < abs(plain.weight - 0.5))
        #expect(try ModelSpec.parse("dotm~0.25").model().name == "dotm")
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("dotm~-1") }
    }

    /// Values near the top of the Double range: a constant series is forecast flat (its mean absolute value, the
    /// scale, is computed without overflow), and a series mixing 1 and 1e308 is a typed failure or finite, never a
    /// hang or a trap.
    @Test func extremeValues() throws {
        for variant in [OptimizedThetaModel.Variant.optimized, .dynamic] {
            let model = OptimizedThetaModel(variant: variant)
            let flat = try model.fit(try Series(id: "flat", firstYear: 2001, values: Array(repeating: 1e308, count: 6)))
            let flatMean = try flat.forecast(.steps(3)).mean
            #expect(flatMean == [1e308, 1e308, 1e308])
            let mixed = try Series(id: "mixed", firstYear: 2001, values: [1, 1e308, 1, 1e308, 1, 1e308])
            let result = Result { try model.fit(mixed).forecast(.steps(3)).mean }
            switch result {
            case let .success(mean): #expect(mean.allSatisfy { $0.isFinite })
            case let .failure(error): #expect(error is ForecastingError, "\(error)")
            }
        }
    }
}
