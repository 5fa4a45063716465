import Foundation
import Testing

@testable import Forecasting

@Suite("Nested, non-crossing intervals")
struct NestedIntervalTests {
    static let models = [
        "auto", "ets", "theta", "arima", "combo", "damped", "drift", "naive", "linear", "loglinear", "mean",
    ]

    /// Random positive series of 3–30 points (random walks with drift and noise on scales from 1e-3 to 1e6), every
    /// model with its own and with calibrated intervals, level sets in any order: each band contains every narrower
    /// one, and bounds are ordered lower ≤ mean ≤ upper where the law is symmetric about its point forecast.
    @Test(arguments: models) func bandsNest(name: String) throws {
        var rng = SeededGenerator(seed: 7 &+ UInt64(name.utf8.count))
        let levelSets: [[Double]] = [[80, 95], [95, 80], [10, 99.5, 60, 90], [50, 51, 99]]
        for trial in 0..<15 {
            let n = 3 + Int(rng.next() % 28)
            let scale = pow(10, Double(Int(rng.next() % 10)) - 3)
            var level = 100.0, values: [Double] = []
            let drift = Double(Int(rng.next() % 11) - 5)
            for _ in 0..<n {
                level = max(1, level + drift + Double(Int(rng.next() % 2001) - 1000) / 100)
                values.append(level * scale)
            }
            let series = try Series(id: "r\(trial)", firstYear: 2000, values: values)
            let base = try ModelSpec.parse(name).model(seed: 42)
            for model in [base, CalibratedModel(base: base)] as [any ForecastModel] {
                let fitted = try model.fit(series)
                for levels in levelSets {
                    let f = try fitted.forecast(.steps(6), levels: levels)
                    let order = levels.indices.sorted { levels[$0] < levels[$1] }
                    for (narrow, wide) in zip(order, order.dropFirst()) {
                        for k in 0..<6 {
                            let a = f.intervals[narrow], b = f.intervals[wide]
                            let nested =
                                b.lower[k] <= a.lower[k] && a.upper[k] <= b.upper[k] && a.lower[k] <= a.upper[k]
                            #expect(
                                nested, "\(model.name) on \(values): \(levels[wide])% band inside \(levels[narrow])%")
                        }
                    }
                }
            }
        }
    }
}
