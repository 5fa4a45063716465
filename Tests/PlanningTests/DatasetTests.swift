import Foundation
import Testing

@testable import Forecasting
@testable import Planning

/// The repository's Datasets folder (tests run from the package root or below it).
func datasetsFolder() throws -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let path = url.appendingPathComponent("Datasets").path
    #expect(FileManager.default.fileExists(atPath: path + "/cnipa/indicators.csv"))
    return path
}

@Suite("Shipped datasets")
struct DatasetTests {
    @Test func cnipaKeepsEverySourceIndicatorAndRow() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        #expect(data.observations.count == 176)
        let ids = Set(data.observations.map(\.indicatorID))
        #expect(ids.count == 25)
        #expect(Set(data.indicators.map(\.id)) == ids)
        #expect(
            data.observations.allSatisfy {
                ["high", "medium", "low"].contains($0.confidence) && $0.sourceURL.hasPrefix("http")
            })
        let targets = data.indicators.compactMap { i in i.target.map { (i.id, $0) } }
        #expect(targets.count == 8)
        #expect(try data.indicator("hv_inv_patents_per10k").target?.targetValue == 12)
        #expect(try data.indicator("inv_exam_cycle_months").direction == .lower)
    }

    /// Year-to-date rows of a flow are never read as annual values.
    @Test func yearToDateRowsAreLeftOut() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let pledge = try data.series("ip_pledge_financing")
        #expect(pledge.periods.allSatisfy { if case .year = $0.kind { return true } else { return false } })
        #expect(pledge.values == [848.5, 1224, 1515, 2180, 3098, 4868.8, 8539.9])
        #expect(
            data.observations.filter { $0.indicatorID == "ip_pledge_financing" && $0.basis == .ytdCumulative }.count
                == 6)
    }

    /// A mid-year level sits between the year-end values around it.
    @Test func midYearLevelsSitInsideTheYear() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let hv = try data.series("hv_inv_patents_per10k")
        #expect(
            hv.periods.map(\.description) == [
                "2020", "2021", "2022", "2023", "2024-06-30", "2024", "2025-06-30", "2025",
            ])
        #expect(hv.values == [6.3, 7.5, 9.4, 11.8, 12.9, 14, 15.3, 16])
        #expect(hv.times[3] == 2024 && hv.times[5] == 2025)
        #expect(hv.times[4] > 2024.49 && hv.times[4] < 2024.5)
    }

    @Test func asOfCutsByDate() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let cut = try data.series("hv_inv_patents_per10k", asOf: CalendarDay(year: 2024, month: 6, day: 30))
        #expect(cut.periods.map(\.description) == ["2020", "2021", "2022", "2023", "2024-06-30"])
        let end2023 = try data.series("inv_exam_cycle_months", asOf: CalendarDay(year: 2023, month: 12, day: 31))
        #expect(end2023.periods.last?.description == "2023")
    }

    @Test func m3YearlyHas645SeriesWithSixTestPoints() throws {
        let m3 = try DatasetCatalog(root: try datasetsFolder()).m3Yearly()
        #expect(m3.train.count == 645 && m3.test.count == 645)
        #expect(m3.test.allSatisfy { $0.count == 6 })
        #expect(m3.train.map(\.count).min() == 14)
    }

    @Test func unknownIndicatorListsTheKnownOnes() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        #expect(throws: PlanningError.self) { try data.series("no_such_indicator") }
    }
}
