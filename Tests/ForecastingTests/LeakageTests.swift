import Foundation
import Testing

@testable import Forecasting

/// Records the last observation time of every series a model is fitted to.
final class FitRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(id: String, lastTime: Double, count: Int)] = []
    func record(_ s: Series) { lock.lock(); seen.append((s.id, s.times.last ?? .nan, s.count)); lock.unlock() }
    var fits: [(id: String, lastTime: Double, count: Int)] { lock.lock(); defer { lock.unlock() }; return seen }
}

/// A model that fits `base` and tells the recorder what it saw.
struct RecordingModel: ForecastModel {
    let base: any ForecastModel
    let recorder: FitRecorder
    var name: String { base.name }
    var minimumObservations: Int { base.minimumObservations }
    func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        recorder.record(series)
        return try base.fit(series)
    }
}

@Suite("No leakage: evaluations fit only on data before their origin")
struct LeakageTests {
    /// Rolling origin: every fit ends before the values it is scored on, and changing those values changes the
    /// scores but no forecast.
    @Test func rollingOriginFitsSeeNoHeldOutValue() throws {
        let values: [Double] = [5, 7, 6, 9, 11, 10, 13, 15, 14, 18, 19, 21]
        let series = try Series(id: "s", firstYear: 2001, values: values)
        let recorder = FitRecorder()
        let model = RecordingModel(base: DriftModel(), recorder: recorder)
        let result = try Backtest(levels: [80, 95]).rollingOrigin(
            model: model, series: [series], holdout: 3, origins: 4)
        #expect(result.scores.count == 4 && recorder.fits.count == 4)
        // Origins after 2006, 2007, 2008, 2009 (12 values, holdout 3, 4 origins): each fit ends at its origin.
        let origins = result.scores.map { Int($0.seriesID.split(separator: "@")[1]) ?? 0 }
        #expect(origins == [2006, 2007, 2008, 2009])
        for fit in recorder.fits {
            let origin = Double(Int(fit.id.split(separator: "@")[1]) ?? 0)
            #expect(fit.lastTime == origin && fit.count == Int(origin) - 2000)
        }
        // Held-out values changed after the last origin's start: the forecasts of the earlier origins are unchanged
        // (their scores use other actuals, so compare through a model whose score only depends on its forecast).
        var changed = values
        changed[11] = 1000
        let again = try Backtest(levels: [80, 95]).rollingOrigin(
            model: DriftModel(), series: [Series(id: "s", firstYear: 2001, values: changed)],
            holdout: 3, origins: 4)
        #expect(again.scores[0].sMAPE == result.scores[0].sMAPE)  // origin 2006 scores 2007–2009 only
        #expect(again.scores[3].sMAPE != result.scores[3].sMAPE)  // origin 2009 scores 2010–2012
    }

    /// Calibrated intervals: each refit at a past origin sees only the data before it, and the final fit the whole
    /// series.
    @Test func calibrationRefitsSeeOnlyThePast() throws {
        let values: [Double] = [48, 53, 58, 57, 62, 67, 66, 71, 76, 75, 80, 85, 84, 89]
        let series = try Series(id: "c", firstYear: 2001, values: values)
        let recorder = FitRecorder()
        let calibrated = CalibratedModel(
            base: RecordingModel(base: ThetaModel(), recorder: recorder), origins: 5, horizon: 3)
        _ = try calibrated.fit(series)
        let fits = recorder.fits
        #expect(fits.count == 6)
        #expect(fits[0].count == 14)  // the model itself
        #expect(fits.dropFirst().map(\.count) == [9, 10, 11, 12, 13])  // one refit per past origin, each a prefix
        for fit in fits.dropFirst() { #expect(fit.lastTime == Double(2000 + fit.count)) }
    }

    /// A vintage keeps only what was dated on or before its day.
    @Test func vintageKeepsNothingPublishedLater() throws {
        let series = try Series(
            id: "v",
            periods: [
                .year(2019), .year(2020), Period(.date(year: 2021, month: 6, day: 30)), .year(2021), .year(2022),
            ],
            values: [1, 2, 2.5, 3, 4])
        let cut = try series.asOf(CalendarDay(year: 2021, month: 6, day: 30))
        #expect(cut.periods.map { $0.description } == ["2019", "2020", "2021-06-30"])
        #expect(try series.asOf(CalendarDay(year: 2020, month: 12, day: 30)).count == 1)
    }
}
