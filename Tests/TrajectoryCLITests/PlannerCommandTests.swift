import ArgumentParser
import Foundation
import Testing

@testable import TrajectoryCLI

/// The rows of a CSV text keyed by the header's names (the columns read by the tests come before any quoted field).
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map(String.init)
    guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
    return lines.dropFirst().map { line in
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(header, cells).map { ($0, $1) })
    }
}

@Suite("Planner commands: targets, scenarios, plot, report, vintages")
struct PlannerCommandTests {

    /// As of end-2023, every plan indicator with a target gets a probability; hv patents (11.8 vs 12) more likely
    /// than not meets its target.
    @Test func targetsAsOf2023() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            try run(["targets", "--as-of", "2023-12-31", "--datasets", datasets, "--output", scratch.path("t.csv")])
                == 0)
        let rows = csvRows(try scratch.read("t.csv"))
        #expect(rows.count == 8)
        let hv = try #require(rows.first { $0["indicator"] == "hv_inv_patents_per10k" })
        #expect(hv["latest_period"] == "2023" && hv["latest_value"] == "11.8" && hv["target"] == "12")
        let p = try #require(Double(hv["p_meet"] ?? ""))
        #expect(p > 0.5 && p < 1 && hv["status"] == (p >= 2.0 / 3 ? "on track" : "at risk"))
        #expect(rows.first { $0["indicator"] == "ip_pledge_financing" }?["status"] == "no target")
        // Today the 2025 value is observed: met.
        #expect(
            try run([
                "targets", "--datasets", datasets, "--indicator", "hv_inv_patents_per10k", "--output",
                scratch.path("now.json"),
            ]) == 0)
        let envelope = try JSONSerialization.jsonObject(with: Data(try scratch.read("now.json").utf8)) as? [String: Any]
        let json = envelope?["rows"] as? [[String: Any]]
        #expect(json?.first?["status"] as? String == "met" && json?.first?["p_meet"] as? Double == 1)
    }

    @Test func scenariosRunFromAFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = try scratch.write(
            "s.yaml",
            """
            dataset: cnipa
            target_year: 2025
            seed: 11
            scenarios:
              - name: baseline
                indicators: [hv_inv_patents_per10k]
                as_of: 2023-12-31
              - name: stall
                as_of: 2023-12-31
                indicators: [hv_inv_patents_per10k]
                assume: {2024: 11.8, 2025: 11.8}
            """)
        #expect(try run(["scenarios", "run", file, "--datasets", datasets, "--output", scratch.path("a.csv")]) == 0)
        #expect(
            try run([
                "scenarios", "run", file, "--datasets", datasets, "--threads", "1", "--output", scratch.path("b.csv"),
            ]) == 0)
        #expect(try scratch.read("a.csv") == scratch.read("b.csv"))
        let rows = csvRows(try scratch.read("a.csv"))
        #expect(rows.map { $0["scenario"] } == ["baseline", "stall"])
        #expect(rows[1]["status"] == "missed" && rows[1]["forecast"] == "11.8")
        // A bad file: an error naming the line and key, exit 1, nothing written.
        let bad = try scratch.write(
            "bad.yaml", "dataset: cnipa\nscenarios:\n  - name: x\n    shock: {from: 99999, change: +1}\n")
        #expect(try run(["scenarios", "run", bad, "--datasets", datasets, "--output", scratch.path("c.csv")]) == 1)
        #expect(!scratch.exists("c.csv"))
    }

    @Test func plotAndReportWriteFiles() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            try run([
                "plot", "--indicator", "inv_exam_cycle_months", "--to", "2025", "--as-of", "2023-12-31", "--target",
                "16",
                "--datasets", datasets, "--output", scratch.path("c.svg"),
            ]) == 0)
        let svg = try scratch.read("c.svg")
        #expect(
            svg.hasPrefix("<?xml") && svg.contains("Invention patent examination cycle")
                && svg.contains("target 2025: 16"))
        #expect(svg.contains(">months</text>"))
        #expect(try run(["report", "--datasets", datasets, "--output", scratch.path("r.html")]) == 0)
        let page = try scratch.read("r.html")
        #expect(page.components(separatedBy: "<svg ").count - 1 >= 20)
        #expect(page.contains("Plan targets") && !page.contains("<script"))
        // Far horizons whose bounds run to 10¹⁸ and beyond trapped formatting the axis; they now draw.
        #expect(
            try run([
                "plot", "--indicator", "pct_wipo_china_origin", "--to", "2172", "--datasets", datasets, "--output",
                scratch.path("far.svg"),
            ]) == 0)
        #expect(try scratch.read("far.svg").contains("e+"))
        #expect(try run(["report", "--to", "2092", "--datasets", datasets, "--output", scratch.path("far.html")]) == 0)
        // A vintage day outside the valid years is a usage error (it trapped converting to a calendar day).
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot(["targets", "--as-of", "99999999999999999999.5", "--datasets", datasets])
        }
        // An unknown indicator: exit 1, no file.
        #expect(
            try run(["plot", "--indicator", "nope", "--datasets", datasets, "--output", scratch.path("x.svg")]) == 1)
        #expect(!scratch.exists("x.svg"))
    }

    @Test func vintageBacktestComparesWithLaterValues() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            try run([
                "backtest", "--dataset", "cnipa", "--as-of", "2023-12-31", "--model", "drift", "--indicator",
                "inv_exam_cycle_months",
                "--datasets", datasets, "--output", scratch.path("v.csv"),
            ]) == 0)
        let rows = csvRows(try scratch.read("v.csv"))
        #expect(rows.map { $0["period"] } == ["2024-10-31", "2024", "2025"])
        #expect(rows.map { $0["actual"] } == ["15.6", "15.5", "15"])
        #expect(rows.allSatisfy { $0["in95"] == "yes" })
    }

    @Test func datasetsExplainsTheChosenValues() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            try run([
                "datasets", "--indicator", "ip_pledge_financing", "--datasets", datasets, "--output",
                scratch.path("p.csv"),
            ]) == 0)
        let text = try scratch.read("p.csv")
        #expect(text.contains("2023-09-30,4950,no,year-to-date cumulative figure of a flow: not an annual value"))
        #expect(text.contains("2023,8539.9,yes,only value for 2023"))
    }
}
