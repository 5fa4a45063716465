import ArgumentParser
import Foundation
import Testing

@testable import Forecasting
@testable import Planning
@testable import TrajectoryCLI

@Suite("Targets for the indicators planners watch; the shipped indicators on the automatic method")
struct GoalAndIrregularTests {
    func rows(_ path: String) throws -> [[String: String]] {
        csvRows(try String(contentsOfFile: path, encoding: .utf8))
    }

    /// `--target ID=VALUE[@YEAR]` and `--targets-file` add rows for indicators without a plan target; a single
    /// observation that meets its target is "met so far"; a low-confidence latest value is flagged in the status.
    @Test func goalsAddRows() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write(
            "goals.csv", "indicator_id,target_value,target_year\npct_wipo_china_origin,80000,2027\n")
        #expect(
            try run([
                "targets", "--datasets", datasets, "--target", "inv_exam_cycle_months=15@2026",
                "--target", "ip_civil_1st_instance_acceptance_rate=85", "--targets-file", file,
                "--output", scratch.path("t.csv"),
            ]) == 0)
        let table = try rows(scratch.path("t.csv"))
        #expect(table.count == 8 + 2)  // the acceptance rate is a plan indicator: its goal replaces the plan's 85
        let cycle = try #require(table.first { $0["indicator"] == "inv_exam_cycle_months" })
        #expect(cycle["target"] == "15" && cycle["target_year"] == "2026" && cycle["direction"] == "lower")
        let p = try #require(Double(cycle["p_meet"] ?? ""))
        #expect(p > 0 && p < 1)
        let rate = try #require(table.first { $0["indicator"] == "ip_civil_1st_instance_acceptance_rate" })
        #expect(rate["status"] == "met so far" && rate["target_year"] == "2025")
        let pct = try #require(table.first { $0["indicator"] == "pct_wipo_china_origin" })
        #expect(pct["target_year"] == "2027" && pct["target"] == "80000")
        // The plan's overseas grants row rests on a low-confidence 2024 value.
        let overseas = try #require(table.first { $0["indicator"] == "overseas_inv_grants" })
        #expect(overseas["status"]?.hasSuffix("(low-confidence latest value)") == true)
        // Bad goals are errors that say what was expected.
        #expect(try run(["targets", "--datasets", datasets, "--target", "inv_exam_cycle_months"]) == 1)
        #expect(try run(["targets", "--datasets", datasets, "--target", "no_such_indicator=3"]) == 1)
        #expect(throws: PlanningError.self) { try TargetGoal.parse("x=abc") }
        #expect(try TargetGoal.parse("a=1.5@2030") == TargetGoal(indicatorID: "a", value: 1.5, year: 2030))
        // The report lists the goal's indicator among the targets.
        #expect(
            try run([
                "report", "--datasets", datasets, "--target", "inv_exam_cycle_months=15@2026", "--output",
                scratch.path("r.html"),
            ]) == 0)
        let page = try scratch.read("r.html")
        let name = try DatasetCatalog(root: datasets).cnipa().indicator("inv_exam_cycle_months").name
        let targetsTable = page.components(separatedBy: "</table>").first ?? ""
        #expect(targetsTable.contains(name) && targetsTable.contains("met so far"))
    }

    /// Every shipped indicator with 3 or more observations gets the full automatic method (the combination), not
    /// the drift fallback: 20 of 25 (the other 5 have 1 or 2 observations).
    @Test func shippedIndicatorsUseTheAutomaticMethod() throws {
        let data = try DatasetCatalog(root: datasets).cnipa()
        var automatic = 0, short = 0
        for indicator in data.indicators {
            let series = try data.series(indicator.id)
            let fitted = try AutomaticModel().fit(series)
            if series.count >= 3 {
                #expect(fitted.modelName.hasPrefix("combo("), "\(indicator.id): \(fitted.modelName)")
                automatic += 1
            } else {
                short += 1
            }
        }
        #expect(automatic == 20 && short == 5)
    }
}
