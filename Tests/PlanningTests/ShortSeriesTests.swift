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

/// R forecast 8.20's point forecasts on those series (`Fixtures/make_r_short_series.R`): series → model → means.
func rShortSeriesForecasts() throws -> [String: [String: [Double]]] {
    let url = try #require(
        Bundle.module.url(forResource: "r_short_series", withExtension: "csv", subdirectory: "Fixtures"))
    var table: [String: [String: [Double]]] = [:]
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",")
        guard f.count == 4, let mean = Double(f[3]) else { continue }
        table[String(f[0]), default: [:]][String(f[1]), default: []].append(mean)
    }
    return table
}

@Suite("Every model from 3 points up")
struct ShortSeriesTests {
    /// Our model names and R's corresponding function (the fixture's name); `auto` and `combo` have none.
    static let models: [(name: String, r: String?)] = [
        ("auto", nil), ("combo", nil), ("ets", "ets"), ("ses", "ses"), ("holt", "holt"), ("damped", "damped"),
        ("theta", "theta"), ("arima", "arima"), ("auto.arima", "auto.arima"), ("naive", "naive"), ("drift", "drift"),
        ("mean", "mean"), ("linear", "linear"), ("quadratic", "quadratic"), ("loglinear", "loglinear"),
        ("ets:data", nil), ("ets:select", "ets"), ("ets:AAN", "holt"), ("arima:0,1,0+drift", "drift"),
    ]

    /// On every series of 3–8 points of the two short corpora, at each length: the model's forecasts are finite, and
    /// its sMAPE on the held-out years is no worse than that of R's corresponding function plus 1.5 (R's is the
    /// reference; sMAPE 200 is what ARIMA's forecasts of 0 scored), or below 20 where R has no such function. `ets`
    /// is an equal-weight combination of forms where R's `ets` picks one by AICc (`ets:select` is R's rule), so it is
    /// allowed 3 (on 8 points it trails R by 2.6: its trend forms weigh as much as the flat ones).
    /// Models with a closed form (and SES, Theta, whose short-series fit follows R's) match R's forecasts.
    @Test(arguments: models.map(\.name)) func saneFromThreePoints(name: String) throws {
        let rName = Self.models.first { $0.name == name }?.r
        let reference = try rShortSeriesForecasts()
        let model = try ModelSpec.parse(name).model(seed: 42)
        var ours: [Int: [Double]] = [:], theirs: [Int: [Double]] = [:]
        var compared = 0, matching = 0
        for corpus in ["m3-quarterly-annual", "m3-monthly-annual"] {
            let (train, test) = try validationCorpus(corpus)
            let held = Dictionary(uniqueKeysWithValues: test.map { ($0.id, $0.values) })
            for s in train where (3...8).contains(s.count) {
                guard let actual = held[s.id] else { continue }
                if name == "quadratic" && s.count < 4 {
                    #expect(throws: ForecastingError.self) { try model.fit(s) }  // three coefficients and a variance
                    continue
                }
                let f = try model.fit(s).forecast(.steps(actual.count))
                let finite = f.mean.allSatisfy { $0.isFinite }
                #expect(finite, "\(name) on \(s.id): a forecast is not finite")
                let r = rName.flatMap { reference[s.id]?[$0] }
                for (k, a) in actual.enumerated() {
                    let m = f.mean[k]
                    if let r, r.count == actual.count {
                        ours[s.count, default: []].append(200 * abs(a - m) / (abs(a) + abs(m)))
                        theirs[s.count, default: []].append(200 * abs(a - r[k]) / (abs(a) + abs(r[k])))
                        compared += 1
                        if abs(m - r[k]) <= 1e-3 * abs(r[k]) { matching += 1 }
                    } else if rName == nil {
                        ours[s.count, default: []].append(200 * abs(a - m) / (abs(a) + abs(m)))
                    }
                }
            }
        }
        #expect(ours.keys.count >= (name == "quadratic" ? 5 : 6))
        for (n, e) in ours.sorted(by: { $0.key < $1.key }) {
            let smape = e.reduce(0, +) / Double(e.count)
            if let r = theirs[n] {
                let rSmape = r.reduce(0, +) / Double(r.count)
                #expect(
                    smape <= rSmape + (name == "ets" ? 3 : 1.5),
                    "\(name): sMAPE \(smape) on \(n)-point series, R \(rSmape)")
            } else {
                // `auto` is allowed 25: its random-walk-with-drift member, kept because the validation across corpora
                // chose it (`scripts/validate_corpora.py`), costs it on the 54 four-point monthly sums (22.1 with Theta,
                // drift and dotm; drift alone 32.0 there; 16.9 for the earlier ETS + Theta), while it gains on 5 and 7.
                #expect(smape < (name == "auto" ? 25 : 20), "\(name): sMAPE \(smape) on \(n)-point series")
            }
        }
        if ["naive", "drift", "mean", "linear", "quadratic", "loglinear", "ses", "theta"].contains(name) {
            #expect(
                compared > 1000 && Double(matching) >= 0.99 * Double(compared),
                "\(name): \(matching) of \(compared) match R")
        }
    }
}
