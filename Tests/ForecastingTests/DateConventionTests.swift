import Foundation
import Testing

@testable import Forecasting

@Suite("Dates as users write them")
struct DateConventionTests {
    func dated(_ days: [(Int, Int, Int)], anchor: AnnualAnchor = .start) throws -> Series {
        try Series(
            id: "d", periods: days.map { Period(.date(year: $0.0, month: $0.1, day: $0.2)) },
            values: days.indices.map { Double($0) }, anchor: anchor)
    }

    /// 31 December, 1 January and 30 June of each year (leap years included) are yearly data labelled by their year.
    @Test func sameDayEachYearIsYearly() throws {
        for (month, day) in [(12, 31), (1, 1), (6, 30)] {
            let series = try dated((2014...2021).map { ($0, month, day) })
            #expect(month == 12 || series.regularStep == nil)  // as written, leap years make the gaps unequal
            let (read, convention) = try series.readingDates()
            #expect(read.periods == (2014...2021).map { .year($0) })
            #expect(read.regularStep == 1)
            #expect(convention.note?.contains("read as yearly") == true)
            // The forecast after 2021-12-31 is for 2022, not 2023.
            #expect(try read.forecastPeriods(.steps(2)) == [.year(2022), .year(2023)])
        }
    }

    /// Year-end business days (30 or 31 December, 29 December …) are a year apart give or take a few days.
    @Test func yearApartIsYearly() throws {
        let (read, convention) = try dated([
            (2017, 12, 29), (2018, 12, 31), (2019, 12, 31), (2020, 12, 31), (2021, 12, 31),
        ])
        .readingDates()
        #expect(read.periods == (2017...2021).map { .year($0) } && convention == .yearsOfDates(monthDay: nil))
    }

    @Test func subAnnualDataAreRefusedByName() throws {
        let monthly = try dated((1...12).map { (2020, $0, 1) })
        #expect(throws: ForecastingError.subAnnualData(series: "d", frequency: "monthly", medianGapDays: 31)) {
            try monthly.readingDates()
        }
        let quarterly = try dated([(2020, 3, 31), (2020, 6, 30), (2020, 9, 30), (2020, 12, 31), (2021, 3, 31)])
        #expect(throws: ForecastingError.self) { try quarterly.readingDates() }
        do {
            _ = try quarterly.readingDates()
        } catch {
            #expect(error.description.contains("quarterly") && error.description.contains("aggregate"))
        }
        let weekly = try dated((1...10).map { (2021, 1, $0 * 3) }.map { ($0.0, $0.1, min(28, $0.2)) })
        #expect(throws: ForecastingError.self) { try weekly.readingDates() }
        let decimalQuarters = try Series(
            id: "q", periods: [2020.25, 2020.5, 2020.75, 2021.25].map { Period(.decimal($0)) }, values: [1, 2, 3, 4])
        #expect(throws: ForecastingError.self) { try decimalQuarters.readingDates() }
    }

    /// A planner's mix of year values and dated levels is left as written (the yearly grid takes it).
    @Test func plannersMixIsLeftAsWritten() throws {
        let series = try Series(
            id: "hv", periods: [.year(2020), .year(2021), Period(.date(year: 2022, month: 6, day: 30)), .year(2022)],
            values: [6.3, 7.5, 8.6, 9.4], anchor: .end)
        let (read, convention) = try series.readingDates()
        #expect(read.periods == series.periods && convention == .asWritten)
        let irregularDates = try dated([(2019, 3, 1), (2020, 9, 15), (2021, 6, 30), (2023, 1, 10)])
        #expect(try irregularDates.readingDates().convention == .asWritten)
    }
}
