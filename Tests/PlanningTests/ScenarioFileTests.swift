import Foundation
import Testing

@testable import Forecasting
@testable import Planning

@Suite("Scenario files")
struct ScenarioFileTests {
    let example = """
        dataset: cnipa
        target_year: 2025
        seed: 11
        scenarios:
          - name: baseline
          - name: cutoff-2021
            as_of: 2021-12-31
            indicators: [hv_inv_patents_per10k, ip_protection_satisfaction]
          - name: pct-stalls
            as_of: 2023-12-31
            indicators: [pct_wipo_china_origin]
            assume: {2024: 69000, 2025: 69000}   # future values taken as given
          - name: exam-cycle-shock
            as_of: 2023-12-31
            indicators: [inv_exam_cycle_months]
            shock: {from: 2024, change: "+10%"}
            model: damped
            target: 16
        """

    func message(_ text: String) -> String {
        do {
            _ = try ScenarioFile.parse(text, file: "s.yaml")
            return ""
        } catch {
            return error.description
        }
    }

    @Test func parsesTheDocumentedExample() throws {
        let file = try ScenarioFile.parse(example, file: "s.yaml")
        #expect(file.dataset == "cnipa" && file.seed == 11 && file.targetYear == 2025)
        #expect(file.scenarios.map(\.name) == ["baseline", "cutoff-2021", "pct-stalls", "exam-cycle-shock"])
        #expect(file.scenarios[1].asOf == CalendarDay(year: 2021, month: 12, day: 31))
        #expect(file.scenarios[2].assume == [2024: 69000, 2025: 69000])
        #expect(file.scenarios[3].shock == Shock(fromYear: 2024, change: .relative(0.1)))
        #expect(file.scenarios[3].model?.text == "damped" && file.scenarios[3].targets["*"] == 16)
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let rows = try file.rows(for: data)
        let planIndicators = data.indicators.filter { $0.isPlanIndicator && $0.target != nil }.count
        #expect(rows.count == planIndicators + 2 + 1 + 1)
        #expect(rows.last?.request.targetValue == 16 && rows.last?.request.model.text == "damped")
    }

    /// Same file and seed: byte-identical output on one thread and on several.
    @Test func runsAreReproducible() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let rows = try ScenarioFile.parse(example, file: "s.yaml").rows(for: data)
        func csv(threads: Int) -> [UInt8] {
            let outcomes = ScenarioRunner(dataset: data, threads: threads).run(rows)
            let entries = outcomes.compactMap { o in
                (try? o.result.get()).map { (scenario: Optional(o.row.scenario), outlook: $0) }
            }
            return OutlookTable.make(entries).render(.csv)
        }
        let one = csv(threads: 1)
        #expect(one == csv(threads: 4))
        #expect(one == csv(threads: 2))
        let text = String(decoding: one, as: UTF8.self)
        #expect(text.hasPrefix("scenario,indicator,"))
        // The assumed 2025 value is the outcome; the shock multiplies the forecast.
        #expect(text.contains("pct-stalls,pct_wipo_china_origin,2023,69610,2025,NA,higher,69000,69000"))
        let shocked = try #require(try ScenarioRunner(dataset: data, threads: 1).run(rows).last?.result.get())
        var unshockedRequest = rows[rows.count - 1].request
        unshockedRequest.shock = nil
        let unshocked = try OutlookEngine(dataset: data).outlook(unshockedRequest)
        #expect(
            abs((shocked.assessment?.atTarget.median ?? 0) - 1.1 * (unshocked.assessment?.atTarget.median ?? 0)) < 1e-9)
    }

    @Test func errorsNameTheLineAndKey() {
        #expect(
            message("dataset: cnipa\nscenarios:\n  - name: a\n    asume: {2024: 1}\n")
                == "s.yaml: line 4, column 5 (asume): unknown key 'asume' in scenario (allowed: name, as_of, indicators, model, transform, target_year, assume, shock, target, targets)"
        )
        #expect(
            message("dataset: cnipa\nseed: eleven\nscenarios:\n  - name: a\n").hasPrefix(
                "s.yaml: line 2, column 7 (seed): expected a whole number"))
        #expect(
            message("dataset: cnipa\nscenarios:\n  - name: a\n    target_year: 99999\n").contains(
                "line 4, column 18 (target_year): year 99999 is outside 1800–2300"))
        #expect(
            message("dataset: cnipa\nscenarios:\n  - name: a\n    shock: {from: 2024, change: lots}\n").contains(
                "(shock.change): expected a change such as"))
        #expect(message("dataset: cnipa\nscenarios: 3\n").contains("line 2, column 12 (scenarios): expected a list"))
        #expect(
            message("dataset: cnipa\nscenarios:\n  - name: a\n  - name: a\n").contains(
                "line 4, column 11 (name): scenario 'a' is already defined on line 3"))
        #expect(
            message("dataset: cnipa\nscenarios:\n  - name: a\n    model: arima9\n").contains(
                "line 4, column 12 (model): unknown model 'arima9'"))
        #expect(
            message("dataset: cnipa\nscenarios: [\n").contains("line 3")
                && message("dataset: cnipa\nscenarios: [\n").contains("not valid YAML"))
        #expect(message("").contains("empty"))
        #expect(message("scenarios:\n  - name: a\n").contains("(dataset): missing"))
    }

    @Test func assumptionsInsideTheDataAreRefusedWithTheLine() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let file = try ScenarioFile.parse(
            "dataset: cnipa\nscenarios:\n  - name: a\n    indicators: [pct_wipo_china_origin]\n    target_year: 2025\n    assume: {2024: 1}\n",
            file: "s.yaml")
        #expect(throws: PlanningError.self) { try file.rows(for: data) }
        do { _ = try file.rows(for: data) } catch {
            #expect(error.description.contains("s.yaml: line 6") && error.description.contains("observed in 2024"))
        }
    }

    /// Alias bombs, deep nesting and absurd sizes get a clear error at once.
    /// Anchors hidden from the text pre-scan (after a tag, an alias glued to a colon) are refused by the check of
    /// the composed tree; a UTF-8 byte-order mark is accepted.
    @Test func anchorsAreRefusedAtTheParserLevel() throws {
        let dodges = [
            "dataset: cnipa\nindicators: !!seq &ind [pct_wipo_china_origin]\nscenarios:\n  - {name: a, \"indicators\":*ind}\n",
            "dataset: cnipa\nscenarios:\n  - !!map &s {name: a}\n  - {name: b, \"target_year\":*s}\n",
        ]
        for text in dodges {
            #expect(YAMLGuard.check(text) == nil, "the pre-scan no longer needs to see it: \(text)")
            do {
                _ = try ScenarioFile.parse(text, file: "dodge.yaml")
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.contains("anchors and aliases"), "\(error)")
            }
        }
        let file = try ScenarioFile.parse("\u{FEFF}dataset: cnipa\nscenarios:\n  - name: a\n", file: "bom.yaml")
        #expect(file.dataset == "cnipa" && file.scenarios.map(\.name) == ["a"])
    }

    @Test func hostileFilesAreRefusedQuickly() throws {
        let clock = ContinuousClock()
        let start = clock.now
        var bomb = "dataset: cnipa\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for k in 1..<30 {
            bomb += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        bomb += "scenarios:\n  - name: a\n"
        #expect(message(bomb).contains("line 2, column 5: anchors and aliases"))
        #expect(message("dataset: cnipa\nscenarios:\n  - name: x\n    <<: *base\n").contains("anchors and aliases"))
        let deepFlow = "dataset: cnipa\nscenarios: " + String(repeating: "[", count: 200_000) + "\n"
        #expect(message(deepFlow).contains("nested more than"))
        let deepDash = "dataset: cnipa\nscenarios:\n" + String(repeating: "- ", count: 100_000) + "x\n"
        #expect(message(deepDash).contains("nested more than"))
        var deepIndent = "dataset: cnipa\nscenarios:\n"
        for k in 0..<100 { deepIndent += String(repeating: " ", count: k + 1) + "k\(k):\n" }
        #expect(message(deepIndent).contains("nested more than"))
        var many = "dataset: cnipa\nscenarios:\n"
        for k in 0...ScenarioFile.maximumScenarios { many += "  - name: s\(k)\n" }
        #expect(message(many).contains("at most \(ScenarioFile.maximumScenarios) are run in one file"))
        #expect(clock.now - start < .seconds(30))
        // A quoted '*' or '&' is a plain value, not an alias.
        #expect(message("dataset: cnipa\nscenarios:\n  - name: \"*star\"\n") == "")
    }

    @Test func tooLargeFilesAreNotRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tj-big-\(UUID().uuidString).yaml")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(ScenarioFile.maximumBytes + 1))
        try handle.close()
        #expect(throws: PlanningError.self) { try ScenarioFile.load(path: path) }
    }
}
