import Foundation
import Testing

@testable import Forecasting

@Suite("Outliers and one-off values")
struct OutlierScreenTests {
    /// The first case: a series that starts with an outlier (5, then 8,536 … 588,478). The log-scale forms
    /// read the first jump as volatility (auto's 95% band six years out reached 468 million, ets's 4e10); screened,
    /// the first value is replaced and every 95% upper bound stays within 20× the range above the last value.
    @Test func aFirstValueOutlierDoesNotBlowUpTheBands() throws {
        let values: [Double] = [
            5, 8536, 18971, 32580, 51000, 76000, 105000, 142000, 190000, 250000, 330000, 430000, 588478,
        ]
        let series = try Series(id: "first", firstYear: 2000, values: values)
        let limit = 20 * (588478.0 - 5) + 588478
        for name in ["auto", "combo"] {
            let fitted = try ModelSpec.parse(name).model(seed: 42).fit(series)
            #expect(fitted.note?.contains("likely outlier") == true && fitted.note?.contains(": 2000") == true)
            let f = try fitted.forecast(.steps(6))
            #expect(f.intervals[1].upper[5] < limit, "\(name): \(f.intervals[1].upper[5])")
            #expect(f.mean[5] > 588478 && f.mean[5] < 5_000_000)
        }
        let ets = try ExponentialSmoothing().fit(series).forecast(.steps(6))
        #expect(ets.intervals[1].upper[5] < 1e8)
        // The screen itself: only index 0 is flagged, on the log scale (in units 5 is unremarkable).
        #expect(OutlierScreen().outliers(values.map { log($0) }) == [0])
        #expect(OutlierScreen().outliers(values).isEmpty)
    }

    /// The second case: a steadily falling rate with a one-year spike at the end. The latest value is never replaced
    /// (it may be a new level); the forecasts stay at or below it and the bands stay near the data.
    @Test func aSpikeAtTheEndDoesNotBecomeATrend() throws {
        let values: [Double] = [120, 116, 112.5, 109, 105, 101.5, 98, 94.5, 91, 87.8, 84.5, 80.6, 78.0, 87.6]
        let series = try Series(id: "spike", firstYear: 2006, values: values)
        #expect(OutlierScreen().screened(series) == nil)
        for name in ["auto", "ets", "theta", "arima"] {
            let f = try ModelSpec.parse(name).model(seed: 42).fit(series).forecast(.steps(5))
            #expect(f.mean.allSatisfy { $0 <= 87.6 + 1e-9 }, "\(name): \(f.mean)")
            #expect(f.intervals[1].upper[4] < 200, "\(name): \(f.intervals[1].upper[4])")
        }
    }

    /// An interior one-off value is replaced by the line through its neighbours (on the log scale for positive data:
    /// their geometric mean); a smooth series is left alone.
    @Test func interiorSpikesAreReplacedByTheirNeighboursLine() throws {
        var values = (0..<12).map { 100 + 3 * Double($0) }
        values[5] = 400
        let series = try Series(id: "s", firstYear: 2000, values: values)
        let (cleaned, replaced, note) = try #require(OutlierScreen().screened(series))
        #expect(replaced == [5] && abs(cleaned.values[5] - (112.0 * 118).squareRoot()) < 1e-9 && note.contains("2005"))
        let shifted = try Series(id: "n", firstYear: 2000, values: values.map { $0 - 200 })
        let (cleanedShifted, _, _) = try #require(OutlierScreen().screened(shifted))
        #expect(abs(cleanedShifted.values[5] - (115 - 200)) < 1e-9)
        let smooth = try Series(id: "m", firstYear: 2000, values: (0..<12).map { 100 * pow(1.05, Double($0)) })
        #expect(OutlierScreen().screened(smooth) == nil)
    }
}

@Suite("No member blows the mixture up")
struct MixtureGuardTests {
    /// M3 N0351 (30 … 10,710 after an explosive early phase): the ETS member's 95% upper bound six years out was 1.4
    /// million against about 21,000 for ARIMA and Theta, and the combination's 378,000. Each member's reach is now
    /// capped at 5 times the median member's, so the combination stays within 20 times the range above the last value.
    @Test func aWideMemberIsDrawnIn() throws {
        let values: [Double] = [30, 140, 125, 120, 210, 965, 2720, 5430, 8615, 7285, 7525, 8785, 9820, 10710]
        let series = try Series(id: "N0351", firstYear: 1, values: values)
        let f = try CombinationModel().fit(series).forecast(.steps(6), levels: [95])
        #expect(f.intervals[0].upper[5] < 20 * (10710 - 30) + 10710, "\(f.intervals[0].upper[5])")
        // The cap itself: three normal laws of reach 1, 2 and 100 (in sd units): the widest is drawn in to 5 × 2.
        let laws: [any PredictiveDistribution] = [1.0, 2, 100].map { NormalLaw(mean: 0, sd: $0) }
        let guarded = FittedCombination.guarded(laws, centers: [0, 0, 0])
        let reach = guarded.map { $0.interval(level: 95).upper }
        #expect(abs(reach[0] - 1.959963984540054) < 1e-9 && abs(reach[1] - 2 * 1.959963984540054) < 1e-9)
        #expect(abs(reach[2] - 10 * 1.959963984540054) < 1e-9)
    }
}
