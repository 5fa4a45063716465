import Foundation
import Testing

@testable import Forecasting

@Suite("Irregular yearly series on their yearly grid")
struct AnnualGridTests {
    /// A year-end level with two missing years, one of them bracketed by a value dated 30 September: the grid
    /// values are the straight line between the nearest observations in time (closed form).
    @Test func datedValuesAreInterpolationNodes() throws {
        let series = try Series(
            id: "cycle",
            periods: [.year(2016), .year(2017), Period(.date(year: 2018, month: 9, day: 30)), .year(2020)],
            values: [22, 22, 21, 20], anchor: .end)
        let grid = try #require(series.annualGrid())
        #expect(grid.series.periods == (2016...2020).map { .year($0) })
        #expect(grid.filledYears == [2018, 2019])
        let dated = 2018 + 273.0 / 365  // 30 September 2018, the end of that day
        let w18 = (2019 - dated) / (2021 - dated), w19 = (2020 - dated) / (2021 - dated)
        #expect(grid.series.values[0...1] == [22, 22])
        #expect(abs(grid.series.values[2] - (21 - w18)) < 1e-12)
        #expect(abs(grid.series.values[3] - (21 - w19)) < 1e-12)
        #expect(grid.series.values[4] == 20)
        #expect(grid.note?.contains("2018, 2019 interpolated") == true)
    }

    @Test func completeSeriesAreLeftAlone() throws {
        let series = try Series(id: "r", firstYear: 2001, values: [1, 3, 2, 5])
        let grid = try #require(series.annualGrid())
        #expect(grid.series.values == series.values && grid.series.times == series.times && grid.note == nil)
    }

    /// History before more than three missing years is left out when three or more years follow; a grid that would
    /// be mostly interpolation is not built.
    @Test func longGapsCutTheHistory() throws {
        let share = try Series(
            id: "share", periods: [.year(2006)] + (2012...2016).map { .year($0) },
            values: [6.39, 6.87, 7.27, 7.28, 7.3, 7.33])
        let grid = try #require(share.annualGrid())
        #expect(grid.series.periods.first == .year(2012) && grid.series.count == 5 && grid.filledYears.isEmpty)
        #expect(grid.droppedPeriods == [.year(2006)] && grid.note?.contains("up to 2006 left out") == true)
        let sparse = try Series(id: "s", periods: [.year(2010), .year(2015), .year(2020)], values: [1, 2, 3])
        #expect(sparse.annualGrid() == nil)
    }

    /// A dated value between two observed years adds nothing to the grid and is reported as not used.
    @Test func datedValuesBetweenObservedYearsAreReported() throws {
        let series = try Series(
            id: "hv", periods: [.year(2020), .year(2021), Period(.date(year: 2022, month: 6, day: 30)), .year(2022)],
            values: [6.3, 7.5, 8.6, 9.4], anchor: .end)
        let grid = try #require(series.annualGrid())
        #expect(grid.series.values == [6.3, 7.5, 9.4])
        #expect(grid.unusedPeriods == [Period(.date(year: 2022, month: 6, day: 30))])
    }

    /// The example: PCT filings of Chinese origin, flat near 70,000 since 2020 with 2015 missing. The
    /// automatic method is the combination on the grid (not drift on the whole history), and its 2027 forecast lies
    /// with those of its members instead of 110,950.
    @Test func pctFilingsGetTheCombination() throws {
        let years = [2008, 2009, 2010, 2011, 2012, 2013, 2014, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]
        let values: [Double] = [
            6089, 7946, 12337, 16406, 18621, 21516, 25539, 43168, 48882, 53345, 58990, 68720, 69540, 70015, 69610,
            70160,
        ]
        let series = try Series(id: "pct", periods: years.map { .year($0) }, values: values, anchor: .end)
        let log = Transform.log(lower: 0)
        let auto = try TransformedModel(base: AutomaticModel(), transform: log).fit(series)
        #expect(auto.modelName.hasPrefix("combo(") && auto.note?.contains("2015 interpolated") == true)
        let f = try auto.forecast(.through(year: 2027))
        var memberForecasts: [Double] = []
        for model in [ExponentialSmoothing(), ThetaModel(), ARIMAModel()] as [any ForecastModel] {
            let m = try TransformedModel(base: model, transform: log).fit(series)
            memberForecasts.append(try m.forecast(.through(year: 2027)).mean.last ?? .nan)
        }
        let last = try #require(f.mean.last)
        #expect(last >= (memberForecasts.min() ?? 0) * 0.95 && last <= (memberForecasts.max() ?? 0) * 1.05)
        #expect(last < 95_000)
    }
}
