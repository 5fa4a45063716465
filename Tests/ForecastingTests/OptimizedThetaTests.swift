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
