import ArgumentParser
import Foundation
import Testing

@testable import Forecasting
@testable import Planning
@testable import TrajectoryCLI
@testable import TrajectoryIO

/// The command-line conventions of the planner-experience issue.
@Suite("Command-line conventions")
struct ConventionsTests {
    /// The exit code a command line gives, usage errors included (64, as ArgumentParser's `validationFailure`).
    func exitCode(_ arguments: [String]) -> Int32 {
        do {
            return try run(arguments)
        } catch {
            return TrajectoryCommand.exitCode(for: error).rawValue
        }
    }

    /// `-h` is help in every command (it was `--horizon` in `forecast`).
    @Test func dashHIsHelpEverywhere() throws {
        for command in [["forecast"], ["targets"], ["backtest"], ["scenarios", "run"], ["plot"], ["report"]] {
            let parsed = try TrajectoryCommand.parseAsRoot(command + ["-h"])
            #expect(String(describing: type(of: parsed)) == "HelpCommand", "\(command): -h gave \(type(of: parsed))")
        }
    }

    /// Negative numbers are values (a range error, not a missing value); fractions are percent; an output
    /// extension Trajectory does not write is a usage error naming the ones it does.
    @Test func numbersLevelsAndExtensions() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let base = ["forecast", "--dataset", "cnipa", "--datasets", datasets, "--indicator", "pct_wipo_china_origin"]
        #expect(exitCode(base + ["--horizon", "-1"]) == 64)
        do {
            _ = try TrajectoryCommand.parseAsRoot(base + ["--horizon", "-1"])
        } catch {
            #expect(TrajectoryCommand.message(for: error).contains("between 1 and 1000, got -1"))
        }
        #expect(
            exitCode(base + ["--horizon", "2", "--level", "0.8", "--level", "0.95", "-o", scratch.path("f.csv")]) == 0)
        #expect(try scratch.read("f.csv").hasPrefix("series_id,period,model,mean,lo80,hi80,lo95,hi95\n"))
        #expect(exitCode(base + ["--horizon", "2", "--level", "0.95", "--level", "80"]) == 64)
        #expect(exitCode(base + ["--horizon", "2", "--level", "120"]) == 64)
        for name in ["x.xlsx", "x.parquet"] {
            #expect(exitCode(base + ["--horizon", "2", "-o", scratch.path(name)]) == 64, "\(name)")
            #expect(!scratch.exists(name))
        }
        #expect(exitCode(base + ["--horizon", "2", "-o", scratch.path("x.dat"), "--format", "csv"]) == 0)
        #expect(exitCode(base + ["--horizon", "2", "-o", "-", "--format", "csv"]) == 0)
        #expect(!FileManager.default.fileExists(atPath: "-"))
        #expect(
            exitCode(["report", "--datasets", datasets, "--output", scratch.path("r.pdf")]) == 64
                && !scratch.exists("r.pdf"))
        #expect(
            exitCode(["plot", "--datasets", datasets, "--indicator", "pct_wipo_china_origin", "-o", "p.gif"]) == 64)
    }

    /// PNG through rsvg-convert when it is installed (CI installs it), else an error naming it.
    @Test func plotWritesPNG() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let code = exitCode([
            "plot", "--datasets", datasets, "--indicator", "pct_wipo_china_origin", "--to", "2027", "-o",
            scratch.path("p.png"),
        ])
        if PNGConverter.executable("rsvg-convert") != nil {
            #expect(code == 0)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("p.png")))
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000)
        } else {
            #expect(code == 1 && !scratch.exists("p.png"))
        }
    }

    /// The output keeps the input's id and period column names (statsforecast's unique_id, ds), unless asked not to.
    @Test func outputColumnsKeepTheInputNames() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write("in.csv", "unique_id,ds,y\na,2020,1\na,2021,2\na,2022,3.5\na,2023,4\n")
        let base = [
            "forecast", "--input", input, "--id-column", "unique_id", "--period-column", "ds", "--value-column", "y",
            "--horizon", "2", "--model", "drift",
        ]
        #expect(exitCode(base + ["-o", scratch.path("a.csv")]) == 0)
        #expect(try scratch.read("a.csv").hasPrefix("unique_id,ds,model,mean,"))
        #expect(exitCode(base + ["-o", scratch.path("a.json")]) == 0)
        #expect(try scratch.read("a.json").contains("{\"unique_id\":\"a\",\"ds\":\"2024\""))
        #expect(exitCode(base + ["--default-column-names", "-o", scratch.path("b.csv")]) == 0)
        #expect(try scratch.read("b.csv").hasPrefix("series_id,period,model,mean,"))
    }

    /// A year already observed is an answer with a note, not a failure; a vintage without data for one indicator
    /// is a note, not a failed run.
    @Test func observedYearsAndEmptyVintagesAreAnswers() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            exitCode([
                "forecast", "--dataset", "cnipa", "--datasets", datasets, "--indicator", "inv_exam_cycle_months",
                "--to",
                "2025", "-o", scratch.path("f.json"),
            ]) == 0)
        let json = try scratch.read("f.json")
        #expect(json.contains("\"failures\":[\n]"), "\(json)")
        #expect(json.contains("2025 is observed (15): nothing left to forecast"), "\(json)")
        #expect(
            exitCode([
                "forecast", "--dataset", "cnipa", "--datasets", datasets, "--to", "2025", "-o", scratch.path("all.csv"),
            ]) == 0)
        #expect(
            exitCode(["targets", "--datasets", datasets, "--as-of", "2016-12-31", "-o", scratch.path("t.csv")]) == 0)
        let series = try Series(id: "s", firstYear: 2020, values: [1, 2, 3])
        let result = try BatchForecaster(model: DriftModel(), horizon: .through(year: 2021), threads: 1).run([series])
        #expect(result.failures.isEmpty && result.settledCount == 1 && result.successCount == 0)
        #expect(result.notes.first?.text == "2021 is observed (2): nothing left to forecast")
    }
}

/// The model report and the backtest's errors (planner experience, item 4).
@Suite("Model report and backtest errors")
struct ModelReportCommandTests {
    func exitCode(_ arguments: [String]) -> Int32 {
        do { return try run(arguments) } catch { return TrajectoryCommand.exitCode(for: error).rawValue }
    }

    @Test func forecastReportsTheModel() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let base = [
            "forecast", "--dataset", "cnipa", "--datasets", datasets, "--indicator", "pct_wipo_china_origin", "--to",
            "2027", "--report",
        ]
        #expect(exitCode(base + ["-o", scratch.path("r.txt")]) == 0)
        let text = try scratch.read("r.txt")
        for piece in [
            "pct_wipo_china_origin: combo(", "why: the median of its members' point forecasts", "drift, weight 0.2000",
            "AICc: n/a",
            "in-sample: ME ", "MASE ", "Ljung–Box Q = ",
        ] {
            #expect(text.contains(piece), "\(piece) missing from\n\(text)")
        }
        #expect(exitCode(base + ["-o", scratch.path("r.json")]) == 0)
        let json = try JSONSerialization.jsonObject(with: Data(try scratch.read("r.json").utf8)) as? [String: Any]
        let report = try #require((json?["reports"] as? [[String: Any]])?.first)
        #expect(report["series_id"] as? String == "pct_wipo_china_origin")
        #expect(report["aicc"] is NSNull)
        #expect((report["accuracy"] as? [String: Any])?["RMSE"] is Double)
        #expect(((report["ljung_box"] as? [String: Any])?["p_value"] as? Double).map { $0 >= 0 && $0 <= 1 } == true)
        #expect((report["parameters"] as? [String])?.isEmpty == false)
        // CSV has no shape for a report: refused, never text under a .csv name.
        #expect(exitCode(base + ["-o", scratch.path("r.csv")]) == 64 && !scratch.exists("r.csv"))
        #expect(exitCode(base + ["--format", "csv"]) == 64)
    }

    /// Backtest rows carry RMSE, MAE and MAPE; a series that cannot be scored is named and the exit is 3.
    @Test func backtestErrorsAndFailures() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let train = try scratch.write("train.csv", "series_id,period,value\na,2020,1\na,2021,2\na,2022,4\nb,2022,5\n")
        let test = try scratch.write("test.csv", "series_id,period,value\na,2023,5\na,2024,6\nb,2023,5\n")
        let code = exitCode([
            "backtest", "--input", train, "--test", test, "--model", "drift", "-o", scratch.path("b.csv"),
        ])
        #expect(code == 3)
        let rows = csvRows(try scratch.read("b.csv"))
        let row = try #require(rows.first)
        func value(_ name: String) -> Double { Double(row[name] ?? "") ?? .nan }
        // drift on 1, 2, 4: slope 1.5, forecasts 5.5 and 7 against 5 and 6: RMSE √((0.25 + 1)/2), MAE 0.75,
        // MAPE (10 + 16.67)/2.
        let rmse = value("RMSE"), mae = value("MAE"), mape = value("MAPE")
        let expectedRMSE: Double = (1.25 / 2).squareRoot()
        let expectedMAPE: Double = (10 + 100.0 / 6) / 2
        #expect(abs(rmse - expectedRMSE) < 1e-5)
        #expect(abs(mae - 0.75) < 1e-9)
        #expect(abs(mape - expectedMAPE) < 1e-3)
        #expect(row["failures"] == "1")
    }
}

/// Tables for people (planner experience, item 3).
@Suite("Tables that fit")
struct TablesThatFitTests {
    /// The targets table of every vintage and the example scenarios' table fit 80 columns, numbers to a few
    /// significant digits, notes wrapped; colour codes do not count towards the width.
    @Test func targetsTablesFitEightyColumns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for asOf in ["2019-12-31", "2021-12-31", "2023-12-31", "2026-12-31"] {
            #expect(try run(["targets", "--datasets", datasets, "--as-of", asOf, "-o", scratch.path("t.txt")]) == 0)
            let lines = try scratch.read("t.txt").split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= 80 }, "\(asOf): \(lines.map(\.count).max() ?? 0) columns")
            #expect(lines.first?.hasPrefix("indicator") == true && lines.contains { $0.contains("P(met)") })
            // The unit of every indicator, said once under the table.
            let text = lines.joined(separator: " ").replacingOccurrences(of: "   ", with: " ")
            #expect(text.contains("Units: ") && text.contains("copyright_industry_va_gdp_share in % of GDP"), "\(asOf)")
        }
        let file = DocumentedCommandsTests.root.appendingPathComponent("examples/scenarios.yaml").path
        #expect(try run(["scenarios", "run", file, "--datasets", datasets, "-o", scratch.path("s.txt")]) == 0)
        #expect(try scratch.read("s.txt").split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(CompactTargetsTable.number(130_000) == "130k" && CompactTargetsTable.number(4_030_350) == "4.03M")
        #expect(CompactTargetsTable.number(3987.1) == "3987" && CompactTargetsTable.number(0.0123) == "0.0123")
        #expect(CompactTargetsTable.number(-16_181.6) == "-16.2k" && CompactTargetsTable.number(7.44) == "7.44")
    }
}

/// `--timings` lines: aligned milliseconds, not `8.1992e-05 seconds`.
@Test func timingsAreAlignedMilliseconds() {
    let line = timingLine("read 25 series", .microseconds(81_992))
    #expect(line == "timing: read 25 series" + String(repeating: " ", count: 18) + "       81.99 ms")
    #expect(timingLine("fit and forecast", .seconds(2)).hasSuffix("     2000.00 ms"))
    #expect(timingLine("a", .zero).count == timingLine("fit and forecast", .seconds(1)).count)
}

/// The forecast table: a block a series under its id and a short model label, numbers in the series' precision.
@Test func forecastTablesAreShortAndGrouped() throws {
    #expect(
        ForecastWriter.shortModel("combo(ETS-comb(8 forms, best MAdN) + theta + drift + ARIMA(0,2,0) + dotm)")
            == "combo: ets, theta, drift, arima(0,2,0), dotm")
    #expect(ForecastWriter.shortModel("combo(theta + ARIMA(0,1,0) with drift)") == "combo: theta, arima(0,1,0) drift")
    #expect(ForecastWriter.shortModel("ETS(M,Ad,N)") == "ets(MAdN)" && ForecastWriter.shortModel("drift") == "drift")
    #expect(ForecastWriter.grouped(1_234_567.8, decimals: 0) == "1,234,568")
    #expect(
        ForecastWriter.grouped(-4061.7, decimals: 0) == "-4,062"
            && ForecastWriter.grouped(13.666, decimals: 2) == "13.67")
    let scratch = try Scratch()
    defer { scratch.remove() }
    #expect(
        try run([
            "forecast", "--dataset", "cnipa", "--datasets", datasets, "--to", "2027", "--format", "table", "-o",
            scratch.path("f.txt"),
        ]) == 0)
    let lines = try scratch.read("f.txt").split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.map(\.count).max() ?? 0) columns")
    #expect(lines.contains { $0.hasPrefix("pct_wipo_china_origin  ·  combo: ets, damped, drift, arima(") })
}
