import ArgumentParser
import Foundation
import Testing

@testable import Planning
@testable import TrajectoryCLI

/// The SHA-256 `sha256sum` (coreutils) prints for a file: the reference for `meta`'s checksums.
private func sha256sum(_ path: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(text.prefix(64))
}

private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite("One JSON envelope, progress and shell completion")
struct EnvelopeAndCompletionTests {
    /// Every command's JSON is one object with its rows, failures, notes and `meta` (version, command, settings, and
    /// each data file with the SHA-256 `sha256sum` gives), streamed forecasts included.
    @Test func everyCommandWritesOneEnvelopeWithMeta() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let other = datasets + "/yearly-validation/m3-other/train.csv"
        let observations = datasets + "/cnipa/observations.csv"
        let scenarios = datasets + "/../examples/scenarios.yaml"
        let runs: [(name: String, arguments: [String], rows: String, file: String)] = [
            ("forecast", ["forecast", "--input", other, "--horizon", "2", "--model", "theta"], "forecasts", other),
            (
                "forecast", ["forecast", "--input", other, "--horizon", "2", "--model", "theta", "--ungrouped"],
                "forecasts", other
            ),
            (
                "forecast", ["forecast", "--dataset", "cnipa", "--indicator", "pct_wipo_china_origin", "--to", "2027"],
                "forecasts", observations
            ),
            (
                "forecast", ["forecast", "--input", other, "--horizon", "2", "--model", "theta", "--report"], "reports",
                other
            ),
            ("targets", ["targets"], "rows", observations),
            ("scenarios run", ["scenarios", "run", scenarios], "rows", scenarios),
            ("backtest", ["backtest", "--input", other, "--holdout", "3", "--model", "naive"], "rows", other),
            ("datasets", ["datasets", "--dataset", "cnipa"], "rows", observations),
        ]
        for (k, r) in runs.enumerated() {
            let out = scratch.path("out\(k).json")
            let code = try run(r.arguments + ["--datasets", datasets, "--format", "json", "--output", out])
            #expect(code == 0 || code == 3, "\(r.arguments)")
            let json = try object(try scratch.read("out\(k).json"))
            #expect(json[r.rows] is [Any], "\(r.arguments)")
            if r.rows != "reports" {
                #expect(json["failures"] is [Any] && json["notes"] is [Any], "\(r.arguments)")
            }
            let meta = try #require(json["meta"] as? [String: Any], "\(r.arguments)")
            #expect(meta["trajectory"] as? String == TrajectoryCommand.configuration.version)
            #expect(meta["command"] as? String == r.name)
            let data = try #require(meta["data"] as? [[String: Any]])
            let entry = try #require(
                data.first {
                    ($0["file"] as? String).map {
                        $0.hasSuffix(r.file.split(separator: "/").suffix(2).joined(separator: "/"))
                    } == true
                }, "\(r.arguments): \(data)")
            #expect(entry["sha256"] as? String == (try sha256sum(r.file)), "\(r.arguments)")
        }
    }

    /// The progress line: phase, count, rate and time left; from the input's share when the total is unknown.
    @Test func progressLineSaysPhaseRateAndETA() {
        #expect(
            ProgressLine.text(phase: "fitting", done: 25_000, total: 100_000, inputFraction: nil, elapsed: 10)
                == "trajectory: fitting · 25,000 of 100,000 series · 2,500/s · ETA 0:30")
        #expect(
            ProgressLine.text(phase: "reading", done: 1_200, total: nil, inputFraction: 0.2, elapsed: 60)
                == "trajectory: reading · 1,200 series · 20/s · 20% of the input · ETA 4:00")
        #expect(
            ProgressLine.text(phase: "fitting", done: 0, total: nil, inputFraction: nil, elapsed: 0.1)
                == "trajectory: fitting · 0 series")
        // Not a terminal (as under the test runner): nothing is drawn.
        #expect(!ProgressLine(enabled: true).enabled)
    }

    /// Shell completion: the scripts carry the model and dataset names; indicator ids come from the shipped data.
    @Test func completionOffersModelsDatasetsAndIndicators() throws {
        for shell in [CompletionShell.bash, .zsh, .fish] {
            let script = TrajectoryCommand.completionScript(for: shell)
            #expect(
                script.contains("ets:select") && script.contains("dotm") && script.contains("m3-yearly"), "\(shell)")
        }
        setenv("TRAJECTORY_DATASETS", datasets, 1)
        #expect(indicatorIDs(prefix: "pct_").contains("pct_wipo_china_origin"))
        #expect(indicatorIDs(prefix: "pct_").allSatisfy { $0.hasPrefix("pct_") })
    }
}

@Suite("The report page a director can read")
struct ReportPageTests {
    /// The top of the page: vintage, model, generation date (SOURCE_DATE_EPOCH) and version; the headline verdict;
    /// the summary sorted by risk with unit and direction; "met" where the latest value already meets the target;
    /// a contents list of every chart, each titled with its finding; a standalone chart's source line.
    @Test func reportStatesTheVerdictFirst() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        setenv("SOURCE_DATE_EPOCH", "1764547200", 1)  // 2025-12-01
        defer { unsetenv("SOURCE_DATE_EPOCH") }
        #expect(try run(["report", "--datasets", datasets, "--output", scratch.path("r.html")]) == 0)
        let page = try scratch.read("r.html")
        #expect(
            page.contains(
                "Data as of <strong>the latest data (newest value: 2025)</strong> · model <strong>auto</strong> · generated 2025-12-01 by Trajectory \(TrajectoryCommand.configuration.version)"
            ))
        let headline = try #require(
            page.range(of: "<p class=\"headline\">").map { page[$0.upperBound...].prefix { $0 != "<" } })
        #expect(
            headline.range(
                of: #"^\d+ of \d+ targets met or on track(; (missed|off track|at risk|insufficient data): .+)?\.$"#,
                options: .regularExpression) != nil, "\(headline)")
        // Summary rows in order of risk: the status cells never go back to a more urgent status.
        let order = [
            "missed", "off track", "at risk", "insufficient data", "on track", "met so far", "met", "no target",
        ]
        let table = page[page.range(of: "most at risk first")!.upperBound...].prefix { _ in true }
        let body = String(table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)])
        let statuses = body.components(separatedBy: "<tr>").dropFirst(2).compactMap { row -> Int? in
            guard let cell = row.components(separatedBy: "<td class=\"l ").last, let end = cell.firstIndex(of: "<")
            else { return nil }
            let text = cell[cell.index(after: cell.firstIndex(of: ">")!)..<end]
            return order.firstIndex { text.hasPrefix($0) }
        }
        #expect(statuses.count >= 7 && statuses == statuses.sorted(), "\(statuses)")
        #expect(
            body.contains("<td class=\"l muted opt\">% of GDP</td>") && body.contains("↑ higher")
        )
        // Overseas grants: the 2024 value already meets the 2025 target.
        #expect(body.contains("<td class=\"opt\">met</td>"))
        let sections = page.components(separatedBy: "<section id=").count - 1
        let contents =
            page.components(separatedBy: "<ol class=\"contents\">").last?.components(separatedBy: "</ol>").first ?? ""
        #expect(sections >= 20 && contents.components(separatedBy: "<li>").count - 1 == sections)
        #expect(page.contains("— at risk, P(met) "))
        #expect(
            try run([
                "plot", "--indicator", "pct_wipo_china_origin", "--to", "2027", "--datasets", datasets, "-o",
                scratch.path("p.svg"),
            ]) == 0)
        let svg = try scratch.read("p.svg")
        #expect(svg.contains("Source: CNIPA") && svg.contains(" · data as of the latest data (2024) · Trajectory "))
    }
}

@Suite("Fan chart labels")
struct FanChartLabelTests {
    /// The outer band's outline and the target label's box, read back from the SVG.
    static func parts(_ svg: String) throws -> (
        fan: [(x: Double, y: Double)], label: (x: Double, y: Double, text: String)?
    ) {
        var fan: [(x: Double, y: Double)] = []
        if let r = svg.range(of: "<polygon points=\""), let end = svg[r.upperBound...].firstIndex(of: "\"") {
            fan = svg[r.upperBound..<end].split(separator: " ").compactMap { pair in
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                return xy.count == 2 ? (x: xy[0], y: xy[1]) : nil
            }
        }
        guard let r = svg.range(of: "<text class=\"target-label\" x=\"") else { return (fan, nil) }
        let rest = svg[r.upperBound...]
        let x = try #require(Double(rest.prefix { $0 != "\"" }))
        let afterY = try #require(rest.range(of: "y=\"")).upperBound
        let y = try #require(Double(rest[afterY...].prefix { $0 != "\"" }))
        let text = rest[try #require(rest.firstIndex(of: ">"))...].dropFirst().prefix { $0 != "<" }
        return (fan, (x, y, String(text)))
    }

    /// For every indicator with a target, now and in two past vintages, the target's label is clear of the fan.
    @Test func targetLabelsNeverOverlapTheFan() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var checked = 0
        // The plan's targets, and targets inside the fan for two indicators without one (where a label is hardest).
        let cases: [(String, String?)] = [
            ("hv_inv_patents_per10k", nil), ("overseas_inv_grants", nil), ("ip_royalties_trade", nil),
            ("patent_intensive_va_gdp_share", nil), ("copyright_industry_va_gdp_share", nil),
            ("ip_protection_satisfaction", nil), ("inv_exam_cycle_months", "16"), ("pct_wipo_china_origin", "72000"),
        ]
        for (id, target) in cases {
            for asOf in ["2021-12-31", "2022-12-31", "2023-12-31"] {
                var arguments = [
                    "plot", "--indicator", id, "--to", "2025", "--as-of", asOf, "--datasets", datasets, "-o",
                    scratch.path("c.svg"),
                ]
                if let target { arguments += ["--target", target] }
                guard try run(arguments) == 0 else { continue }
                let svg = try scratch.read("c.svg")
                let (fan, label) = try Self.parts(svg)
                guard let label, fan.count >= 3 else { continue }
                let overlap = FanChart.overlap(
                    fan, x: label.x, width: FanChart.textWidth(label.text), baseline: label.y)
                #expect(overlap == 0, "\(id) as of \(asOf): label '\(label.text)' covers \(overlap) px of the fan")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    /// The geometry the check relies on: a triangle's extent along a vertical line, and a box's overlap with it.
    @Test func extentAndOverlapOfAPolygon() {
        let triangle: [(x: Double, y: Double)] = [(0, 50), (100, 0), (100, 100)]
        let e = FanChart.extent(triangle, at: 50)
        #expect(e.map { abs($0.0 - 25) < 1e-9 && abs($0.1 - 75) < 1e-9 } == true)
        #expect(FanChart.extent(triangle, at: 120) == nil)
        #expect(FanChart.overlap(triangle, x: 60, width: 10, baseline: 50) == 11)
        #expect(FanChart.overlap(triangle, x: 0, width: 10, baseline: 20) == 0)
    }
}
