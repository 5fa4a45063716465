import Foundation
import Testing
import TrajectoryIO

@testable import Forecasting

/// The validation corpora's short series (the annual sums of M3's quarterly and monthly series).
func validationCorpus(_ name: String) throws -> (train: [Series], test: [Series]) {
    let folder = try datasetsFolder() + "/yearly-validation/" + name
    let reader = LongCSVReader()
    return (try reader.read(path: folder + "/train.csv"), try reader.read(path: folder + "/test.csv"))
}

@Suite("Every model from 3 points up")
struct ShortSeriesTests {
    static let modelNames = [
        "auto", "ets", "ets:data", "ets:select", "ets:akaike", "ets:AAN", "ses", "holt", "damped", "theta", "arima",
        "auto.arima", "arima:0,1,0+drift", "combo", "naive", "drift", "mean", "linear", "loglinear", "quadratic",
    ]

    /// On every series of 3–8 points of the two short corpora, each model gives finite forecasts and bands, and its
    /// points are sane: sMAPE on the held-out years well below that of forecasting 0 (200), bounded on 3-point series.
    @Test(arguments: modelNames) func saneFromThreePoints(name: String) throws {
        let model = try ModelSpec.parse(name).model(seed: 42)
        var byLength: [Int: [Double]] = [:]
        var worstWidth = 0.0
        for corpus in ["m3-quarterly-annual", "m3-monthly-annual"] {
            let (train, test) = try validationCorpus(corpus)
            let held = Dictionary(uniqueKeysWithValues: test.map { ($0.id, $0.values) })
            for s in train where (3...8).contains(s.count) {
                guard let actual = held[s.id] else { continue }
                if name == "quadratic" && s.count < 4 {
                    #expect(throws: ForecastingError.self) { try model.fit(s) }  // three coefficients and a variance
                    continue
                }
                let fitted = try model.fit(s)
                let f = try fitted.forecast(.steps(6), levels: [80, 95])
                let finite = f.mean.allSatisfy { $0.isFinite }
                #expect(finite, "\(name) on \(s.id): forecast not finite")
                let range = (s.values.max() ?? 0) - (s.values.min() ?? 0)
                let last = s.values[s.count - 1]
                for (k, a) in actual.enumerated() {
                    let m = f.mean[k]
                    byLength[s.count, default: []].append(200 * abs(a - m) / (abs(a) + abs(m)))
                }
                let hi = f.intervals[1].upper[5]
                if hi.isFinite { worstWidth = max(worstWidth, (hi - last) / range) }
            }
        }
        for (n, e) in byLength.sorted(by: { $0.key < $1.key }) {
            let smape = e.reduce(0, +) / Double(e.count)
            print("\(name) n=\(n): sMAPE \(smape) (\(e.count) values)")
            #expect(smape < 40, "\(name): sMAPE \(smape) on \(n)-point series")
        }
        print("\(name): worst (95% upper bound at h = 6 − last value) / range = \(worstWidth)")
    }
}
