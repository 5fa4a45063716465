import Foundation
import Testing

@testable import Forecasting

/// Inputs that used to trap or hang (issue: hardening): they now give a typed error or an answer.
@Suite("Hardening: no trap, no hang")
struct HardeningTests {
    /// Periods are limited to the years −9999…9999: larger decimal years, years and `--as-of` days are refused
    /// (they trapped converting to Int, or looped forever finding the next whole year after 10¹⁷).
    @Test func periodsOutsideTheValidYearsAreRefused() throws {
        for text in [
            "1e19", "10000000000000000000.0", "99999999999999999999.5", "100000000000000000.5", "10000",
            "-10000", "10000.5", "123456789",
        ] {
            #expect(Period.parse(text) == nil, "\(text)")
        }
        #expect(Period.parse("9999") == .year(9999) && Period.parse("-9999") == .year(-9999))
        #expect(Period.parse("9999.5")?.time() == 9999.5)
        #expect(CalendarDay.parse("99999999999999999999.5") == nil)
        #expect(throws: ForecastingError.periodOutOfRange(series: "s", period: "100000")) {
            try Series(id: "s", periods: [.year(2001), .year(100_000)], values: [1, 2])
        }
        #expect(throws: ForecastingError.periodOutOfRange(series: "s", period: "1e+20")) {
            try Series(id: "s", periods: [.year(2001), Period(.decimal(1e20))], values: [1, 2])
        }
        // A period built in code outside the range has a last day at the end of time, not a trap.
        #expect(Period(.decimal(1e300)).lastDay.year == Int.max)
        let s = try Series(id: "s", firstYear: 9990, values: [1, 2, 3, 4])
        #expect(try s.forecastPeriods(.steps(3)).map(\.description) == ["9994", "9995", "9996"])
    }

    /// Values near the top of the Double range make the initial states infinite; Nelder–Mead returns at once instead
    /// of trying steps that cannot move an infinite coordinate (it spun forever), and the fit fails with a reason.
    @Test func infiniteStartsEndTheSearch() throws {
        let result = NelderMead().minimize([0.2, .infinity]) { $0[0] * $0[0] }
        #expect(!result.converged && result.evaluations == 0)
        let series = try Series(id: "h", firstYear: 2001, values: [1e308, 1e308, 1, 2, 3])
        let start = ContinuousClock.now
        for name in ["ses", "holt", "damped", "theta", "ets", "auto", "combo", "arima"] {
            _ = try? ModelSpec.parse(name).model().fit(series)
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("ses").model().fit(series) }
    }

    /// Bounds that are not finite numbers are said in a note for that series (they were a silent NA), on the batch
    /// path of the regressions and on the others (or the series fails with a reason); one observation, which has no
    /// interval by design, keeps its own note.
    @Test func nonFiniteForecastsAreSaid() throws {
        let huge = try Series(id: "huge", firstYear: 2001, values: [1e308, -1e308, 1e308, 1, 5])
        let single = try Series(id: "one", firstYear: 2001, values: [3])
        let fine = try Series(id: "fine", firstYear: 2001, values: [1, 2, 3, 4, 6])
        for model in [TrendRegression.linear, DriftModel(), NaiveModel(), AutomaticModel()] as [any ForecastModel] {
            let result = try BatchForecaster(model: model, horizon: .steps(2), threads: 1).run([huge, single, fine])
            let said = result.notes.filter { $0.text == BatchForecaster.notFiniteNote }.map(\.seriesID)
            #expect(said == ["huge"] || result.failures.map(\.seriesID) == ["huge"], "\(model.name): \(said)")
        }
    }
}
