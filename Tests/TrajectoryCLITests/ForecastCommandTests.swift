import ArgumentParser
import Foundation
import Testing

@testable import TrajectoryCLI

/// A scratch folder per test.
struct Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tj-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Parses and runs a command line; returns the exit code (0 when `run` returned normally).
func run(_ arguments: [String]) throws -> Int32 {
    var command = try TrajectoryCommand.parseAsRoot(arguments)
    do {
        try command.run()
        return 0
    } catch let code as ExitCode {
        return code.rawValue
    }
}

var datasets: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Datasets").path
}

@Suite("trajectory forecast")
struct ForecastCommandTests {
    @Test func writesCSVWithOneBoundPairPerLevel() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write(
            "in.csv",
            "series_id,period,value\na,2020,1\na,2021,2\na,2022,3.5\na,2023,4\nb,2020,10\nb,2021,9\nb,2022,7\n")
        let code = try run([
            "forecast", "--input", input, "--horizon", "3", "--model", "linear",
            "--level", "50", "--level", "99.5", "--output", scratch.path("out.csv"),
        ])
        #expect(code == 0)
        let lines = try scratch.read("out.csv").split(separator: "\n")
        #expect(lines.first == "series_id,period,model,mean,lo50,hi50,lo99.5,hi99.5")
        #expect(lines.count == 1 + 6)
        #expect(lines[1].hasPrefix("a,2024,linear,"))
        #expect(lines[4].hasPrefix("b,2023,linear,"))
        // y = 1, 2, 3.5, 4 on 2020..2023: slope Sxy/Sxx = 5.25/5 = 1.05, 1.05 at 2020 → 2024: 5.25.
        let mean = Double(lines[1].split(separator: ",")[3]) ?? 0
        #expect(abs(mean - 5.25) < 1e-12)
        let fields = lines[1].split(separator: ",").compactMap { Double($0) }
        #expect(fields[4] < fields[2] && fields[2] < fields[3] && fields[3] < fields[5])
    }

    @Test func seriesThatCannotBeForecastAreSkippedWithExitCode3() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write(
            "in.csv",
            "series_id,period,value\nok,2020,1\nok,2021,2\nok,2022,4\nshort,2020,5\nneg,2020,1\nneg,2021,-1\nneg,2022,2\n"
        )
        let code = try run([
            "forecast", "--input", input, "--to", "2024", "--model", "loglinear",
            "--output", scratch.path("out.csv"),
        ])
        #expect(code == 3)
        let text = try scratch.read("out.csv")
        #expect(text.contains("ok,2023,loglinear") && text.contains("ok,2024,loglinear"))
        #expect(!text.contains("short") && !text.contains("neg"))
        // A series whose values are all missing is a named failure too (it vanished with exit 0 before).
        let blank = try scratch.write(
            "blank.csv", "series_id,period,value\nok,2020,1\nok,2021,2\nok,2022,4\ngone,2020,NA\ngone,2021,\n")
        let blankResult = try run(["forecast", "--input", blank, "--to", "2024", "--output", scratch.path("b.csv")])
        #expect(blankResult == 3)
        #expect(try scratch.read("b.csv").contains("ok,2023,"))
    }

    @Test func nothingForecastMeansNoOutputFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write("in.csv", "series_id,period,value\nx,2020,1\n")
        let code = try run([
            "forecast", "--input", input, "--horizon", "2", "--model", "drift", "--output", scratch.path("out.csv"),
        ])
        #expect(code == 1)
        #expect(!scratch.exists("out.csv"))
    }

    @Test func badInputFileExitsWithoutWriting() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write("in.csv", "series_id,period,value\nx,2020,1\nx,2021,oops\n")
        #expect(try run(["forecast", "--input", input, "--horizon", "2", "--output", scratch.path("out.csv")]) == 1)
        #expect(!scratch.exists("out.csv"))
        #expect(try run(["forecast", "--input", scratch.path("missing.csv"), "--horizon", "2"]) == 1)
    }

    @Test func invalidOptionsAreRejectedBeforeRunning() {
        #expect(throws: (any Error).self) { try TrajectoryCommand.parseAsRoot(["forecast", "--input", "x.csv"]) }
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot(["forecast", "--input", "x.csv", "--horizon", "2", "--to", "2025"])
        }
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot(["forecast", "--input", "x.csv", "--horizon", "2", "--model", "nope"])
        }
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot(["forecast", "--input", "x.csv", "--horizon", "2", "--level", "100"])
        }
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot([
                "forecast", "--dataset", "cnipa", "--to", "2025", "--as-of", "2023-13-01",
            ])
        }
    }

    @Test func shippedIndicatorToTargetYearAsJSON() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let code = try run([
            "forecast", "--dataset", "cnipa", "--indicator", "pct_wipo_china_origin", "--to", "2025",
            "--model", "drift", "--as-of", "2023-12-31", "--datasets", datasets,
            "--output", scratch.path("out.json"),
        ])
        #expect(code == 0)
        let json = try JSONSerialization.jsonObject(with: Data(try scratch.read("out.json").utf8)) as? [String: Any]
        let rows = json?["forecasts"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["period"] as? String } == ["2024", "2025"])
        // As of end-2023 the last value is 69,610 (2023), the first 6,089 (2008): drift (69610 − 6089)/15 a year.
        // A count with a lower bound of 0 is modelled on the log scale by default: drift of the logs, back-transformed.
        let mean2024 = rows.first?["mean"] as? Double ?? 0
        #expect(abs(mean2024 - exp(log(69610.0) + (log(69610.0) - log(6089.0)) / 15)) < 1e-6)
        #expect((json?["failures"] as? [Any])?.isEmpty == true)
        // On the data's scale: (69610 − 6089)/15 a year.
        #expect(
            try run([
                "forecast", "--dataset", "cnipa", "--indicator", "pct_wipo_china_origin", "--to", "2025",
                "--model", "drift", "--as-of", "2023-12-31", "--datasets", datasets, "--transform", "none",
                "--output", scratch.path("raw.json"),
            ]) == 0)
        let raw = try JSONSerialization.jsonObject(with: Data(try scratch.read("raw.json").utf8)) as? [String: Any]
        let rawMean = (raw?["forecasts"] as? [[String: Any]])?.first?["mean"] as? Double ?? 0
        #expect(abs(rawMean - (69610 + (69610 - 6089) / 15.0)) < 1e-6)
    }

    @Test func datasetsListsEveryIndicator() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            try run(["datasets", "--datasets", datasets, "--format", "csv", "--output", scratch.path("d.csv")]) == 0)
        let text = try scratch.read("d.csv")
        #expect(text.split(separator: "\n").count == 1 + 25 + 1)
        #expect(text.contains("inv_exam_cycle_months") && text.contains("m3-yearly"))
    }
}

@Suite("trajectory forecast: dated yearly input")
struct DatedInputTests {
    /// A statsforecast user's yearly `ds` column of 31 Decembers: the forecasts after 2020-12-31 start at 2021.
    @Test func yearEndDatesAreYears() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let rows = (2012...2020).map { "a,\($0)-12-31,\(Double($0 - 2000) * 1.5)" }.joined(separator: "\n")
        let input = try scratch.write("in.csv", "unique_id,ds,y\n" + rows + "\n")
        let code = try run([
            "forecast", "--input", input, "--id-column", "unique_id", "--period-column", "ds", "--value-column", "y",
            "--horizon", "5", "--model", "auto", "--output", scratch.path("out.csv"),
        ])
        #expect(code == 0)
        let lines = try scratch.read("out.csv").split(separator: "\n")
        #expect(lines.count == 6 && lines[1].hasPrefix("a,2021,\"combo(") && lines[5].hasPrefix("a,2025,"))
        let monthly = try scratch.write(
            "m.csv",
            "series_id,period,value\n" + (1...9).map { "m,2020-0\($0)-01,\($0)" }.joined(separator: "\n") + "\n")
        #expect(try run(["forecast", "--input", monthly, "--horizon", "2", "--output", scratch.path("mout.csv")]) == 1)
        #expect(!scratch.exists("mout.csv"))
    }
}
