import ArgumentParser
import Foundation
import Testing

@testable import Forecasting
@testable import TrajectoryCLI

/// The data lines of a CSV output, sorted (the header dropped): what the union of shards is compared on.
private func sortedRows(_ text: String) -> [Substring] {
    text.split(separator: "\n").dropFirst().sorted()
}

/// The built `trajectory` binary beside the test bundle.
private var binary: URL {
    get throws {
        let folder = try #require(Bundle.main.executableURL).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("trajectory") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }
}

@Suite("Streaming and shards")
struct StreamingAndShardTests {
    static let other = datasets + "/yearly-validation/m3-other/train.csv"
    /// `auto` calibrates the 'other' series (50+ points) on ten refits each: the runs of `auto` read the short
    /// quarterly sums instead, which keeps the debug-build suite within CI's time.
    static let quarterly = datasets + "/yearly-validation/m3-quarterly-annual/train.csv"

    /// A streamed run (in chunks of 7 series) writes byte for byte what reading the whole input first writes.
    @Test(arguments: [("auto", "csv"), ("theta", "json")])
    func streamingWritesWhatAWholeInputRunWrites(model: String, format: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = model == "auto" ? Self.quarterly : Self.other
        let common = ["forecast", "--input", input, "--horizon", "6", "--model", model, "--format", format]
        #expect(try run(common + ["--chunk-size", "7", "--output", scratch.path("stream.\(format)")]) == 0)
        #expect(try run(common + ["--ungrouped", "--output", scratch.path("whole.\(format)")]) == 0)
        let streamed = try scratch.read("stream.\(format)")
        #expect(streamed.split(separator: "\n").count > (model == "auto" ? 756 : 174) * 6)
        #expect(streamed == (try scratch.read("whole.\(format)")))
    }

    /// A stream whose first chunks forecast nothing still ends with their failures and notes (JSON), as the
    /// whole-input run does.
    @Test func failuresOfEarlyChunksReachTheJSON() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write(
            "in.csv", "series_id,period,value\nb,2000,NA\nc,2000,1\nc,2001,2\na,2000,1\na,2001,2\na,2002,4\n")
        let common = ["forecast", "--input", input, "--horizon", "2", "--model", "auto", "--format", "json"]
        #expect(try run(common + ["--chunk-size", "1", "-o", scratch.path("s.json")]) == 3)
        #expect(try run(common + ["--ungrouped", "-o", scratch.path("w.json")]) == 3)
        let streamed = try scratch.read("s.json")
        #expect(
            streamed.contains("\"series_id\":\"b\",\"error\":") && streamed.contains("\"series_id\":\"c\",\"note\":"))
        #expect(streamed == (try scratch.read("w.json")))
    }

    /// Rows of a series that resume after another series: refused (exit 1, no file) unless --ungrouped.
    @Test func ungroupedInputIsRefusedWithoutTheOption() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write(
            "in.csv", "series_id,period,value\na,2000,1\na,2001,2\na,2002,3\nb,2000,1\nb,2001,2\nb,2002,3\na,2003,4\n")
        let common = ["forecast", "--input", input, "--horizon", "2", "--model", "naive"]
        #expect(try run(common + ["--output", scratch.path("out.csv")]) == 1)
        #expect(!scratch.exists("out.csv"))
        #expect(try run(common + ["--ungrouped", "--output", scratch.path("out.csv")]) == 0)
        #expect(try scratch.read("out.csv").split(separator: "\n").count == 1 + 4)
    }

    /// The union of the N shards' outputs, sorted, is the unsharded output sorted, for N = 1, 2, 3 and 7; every
    /// series lands in exactly one shard.
    @Test(arguments: [1, 2, 3, 7])
    func shardsPartitionTheForecasts(count: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let common = ["forecast", "--input", Self.quarterly, "--horizon", "4", "--model", "auto"]
        #expect(try run(common + ["--output", scratch.path("all.csv")]) == 0)
        var union: [Substring] = []
        var sizes: [Int] = []
        for k in 1...count {
            #expect(try run(common + ["--shard", "\(k)/\(count)", "--output", scratch.path("s\(k).csv")]) == 0)
            let rows = sortedRows(try scratch.read("s\(k).csv"))
            sizes.append(rows.count)
            union += rows
        }
        #expect(union.sorted() == sortedRows(try scratch.read("all.csv")))
        if count > 1 { #expect(sizes.allSatisfy { $0 > 0 && $0 < 756 * 4 }) }
    }

    /// Scenario runs shard by scenario name the same way.
    @Test func scenarioShardsPartitionTheRun() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = datasets + "/../examples/scenarios.yaml"
        let common = ["scenarios", "run", file, "--datasets", datasets]
        #expect(try run(common + ["--output", scratch.path("all.csv")]) == 0)
        var union: [Substring] = []
        for k in 1...3 {
            #expect(try run(common + ["--shard", "\(k)/3", "--output", scratch.path("s\(k).csv")]) == 0)
            let text = try scratch.read("s\(k).csv")
            #expect(text.hasPrefix("scenario,indicator,"))  // an empty shard keeps the header
            union += sortedRows(text)
        }
        #expect(union.sorted() == sortedRows(try scratch.read("all.csv")))
    }

    /// A shard that holds none of the series writes the header alone and exits 0 (a scheduler's task succeeded).
    @Test func anEmptyShardWritesTheHeader() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write("in.csv", "series_id,period,value\na,2000,1\na,2001,2\na,2002,3\n")
        let home = (1...5).first { !(Shard(index: $0, count: 5)?.contains("a") ?? false) } ?? 1
        #expect(
            try run([
                "forecast", "--input", input, "--horizon", "1", "--shard", "\(home)/5", "-o", scratch.path("o.csv"),
            ]) == 0)
        #expect(try scratch.read("o.csv") == "series_id,period,model,mean,lo80,hi80,lo95,hi95\n")
    }

    /// `--failures FILE`: the series that could not be forecast as CSV (id column as in the output), written also
    /// when none could be (exit 1), header only when none failed; standard output is refused as its place.
    @Test func failuresFileListsWhatCouldNotBeForecast() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let input = try scratch.write(
            "in.csv", "id,period,value\na,2000,1\na,2001,2\na,2002,3\nb,2000,NA\nc,\"2000\",5\n")
        let common = ["forecast", "--input", input, "--id-column", "id", "--horizon", "1", "--model", "linear"]
        #expect(try run(common + ["-o", scratch.path("o.csv"), "--failures", scratch.path("f.csv")]) == 3)
        #expect(
            try scratch.read("f.csv")
                == "id,error\nb,series 'b': no observations\nc,\"series 'c': model 'linear' needs at least 3 observations, got 1\"\n"
        )
        let none = try scratch.write("none.csv", "id,period,value\nb,2000,NA\n")
        #expect(
            try run([
                "forecast", "--input", none, "--id-column", "id", "--horizon", "1", "--failures", scratch.path("g.csv"),
            ])
                == 1)
        #expect(try scratch.read("g.csv") == "id,error\nb,series 'b': no observations\n")
        #expect(
            try run(common + ["--ungrouped", "-o", scratch.path("u.csv"), "--failures", scratch.path("h.csv")]) == 3)
        #expect(try scratch.read("h.csv") == (try scratch.read("f.csv")))
        #expect(throws: (any Error).self) { try TrajectoryCommand.parseAsRoot(common + ["--failures", "-"]) }
    }

    /// Kubernetes' 0-based completion index and Slurm's array task (from its minimum, by its step) give the shard;
    /// anything ambiguous or incomplete is a usage error.
    @Test func schedulersEnvironmentsGiveTheShard() throws {
        #expect(
            try ShardOptions.fromEnvironment(["JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "4"]).description == "1/4"
        )
        #expect(
            try ShardOptions.fromEnvironment(["JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "4"]).description == "4/4"
        )
        #expect(
            try ShardOptions.fromEnvironment([
                "SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1",
                "SLURM_ARRAY_TASK_STEP": "2",
            ]).description == "4/4")
        #expect(
            try ShardOptions.fromEnvironment(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"]).description
                == "1/2")
        for bad in [
            ["JOB_COMPLETION_INDEX": "4", "JOB_COMPLETIONS": "4"], ["JOB_COMPLETION_INDEX": "0"],
            ["JOB_COMPLETION_INDEX": "x", "JOB_COMPLETIONS": "4"], [:],
            [
                "JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "2", "SLURM_ARRAY_TASK_ID": "0",
                "SLURM_ARRAY_TASK_COUNT": "2",
            ],
            [
                "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1",
                "SLURM_ARRAY_TASK_STEP": "2",
            ],
        ] {
            #expect(throws: ValidationError.self) { try ShardOptions.fromEnvironment(bad) }
        }
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot([
                "forecast", "--dataset", "m3-yearly", "--horizon", "1", "--shard", "0/3",
            ])
        }
    }

    /// `--input - --output -`: a pipe in, a pipe out, the same bytes as from the file (the real binary, real pipes).
    @Test func streamsAPipe() throws {
        let process = Process()
        process.executableURL = try binary
        process.arguments = [
            "forecast", "--input", "-", "--output", "-", "--horizon", "3", "--model", "linear", "--chunk-size", "5",
        ]
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.other))
        // Written from another thread while this one reads, so neither pipe's buffer can fill and stall the other.
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let piped = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let scratch = try Scratch()
        defer { scratch.remove() }
        #expect(
            try run([
                "forecast", "--input", Self.other, "--horizon", "3", "--model", "linear", "-o", scratch.path("f.csv"),
            ]) == 0)
        #expect(String(decoding: piped, as: UTF8.self) == (try scratch.read("f.csv")))
    }
}

@Suite("Box–Cox scale from the command line")
struct BoxCoxCommandTests {
    /// `--transform boxcox`: each series on its own Guerrero λ (named in its note, as the library computes it); a
    /// series with a negative value stays on the data's scale, counted in a note; forecasts stay in the domain.
    @Test func eachSeriesOnItsOwnLambda() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let growth = (0..<12).map { 100 * pow(1.09, Double($0)) * (1 + 0.02 * sin(Double($0))) }
        var text = "series_id,period,value\n"
        for (k, v) in growth.enumerated() { text += "g,\(2000 + k),\(v)\n" }
        for (k, v) in [3.0, -1, 2, 4, 3, 5, 6, 5].enumerated() { text += "n,\(2000 + k),\(v)\n" }
        let input = try scratch.write("in.csv", text)
        let code = try run([
            "forecast", "--input", input, "--horizon", "3", "--model", "theta", "--transform", "boxcox", "--format",
            "json", "-o", scratch.path("o.json"),
        ])
        #expect(code == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try scratch.read("o.json").utf8)) as? [String: Any])
        let notes = (json["notes"] as? [[String: String]]) ?? []
        let lambda = BoxCox.guerreroLambda(growth)
        let label = Transform.boxCox(lambda: lambda).description
        #expect(notes.contains { $0["series_id"] == "g" && ($0["note"] ?? "").contains(label) }, "\(notes)")
        let rows = (json["forecasts"] as? [[String: Any]]) ?? []
        #expect(rows.count == 6)
        #expect(rows.filter { $0["series_id"] as? String == "g" }.allSatisfy { ($0["lo95"] as? Double ?? -1) >= 0 })
        let meta = json["meta"] as? [String: Any]
        #expect(meta?["transform"] as? String == "boxcox")
    }

    /// The backtest's Box–Cox λ comes from the training part alone: the fitted model's note names the λ of the
    /// truncated series, not of the whole; a bounded scale without bounds is refused for --input.
    @Test func backtestChoosesLambdaFromWhatEachFitSees() throws {
        let y = (0..<14).map { 50 * pow(1.07, Double($0)) + 3 * sin(Double($0) * 1.3) }
        let series = try Series(id: "g", firstYear: 2000, values: y)
        let fitted = try BoxCoxModel(base: ThetaModel()).fit(
            try series.asOf(CalendarDay(year: 2009, month: 12, day: 31)))
        let lambda = BoxCox.guerreroLambda(Array(y.prefix(10)))
        #expect(fitted.note?.contains(Transform.boxCox(lambda: lambda).description) == true, "\(fitted.note ?? "")")
        #expect(lambda != BoxCox.guerreroLambda(y))
        let negative = try BoxCoxModel(base: ThetaModel()).fit(
            try Series(id: "n", firstYear: 2000, values: [3, -1, 2, 4]))
        #expect(negative.note?.contains("negative value") == true)
        let scratch = try Scratch()
        defer { scratch.remove() }
        var text = "series_id,period,value\n"
        for (k, v) in y.enumerated() { text += "g,\(2000 + k),\(v)\n" }
        let input = try scratch.write("in.csv", text)
        #expect(
            try run([
                "backtest", "--input", input, "--holdout", "3", "--model", "theta", "--transform", "boxcox", "-o",
                scratch.path("b.csv"),
            ]) == 0)
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot(["backtest", "--input", input, "--holdout", "3", "--transform", "logit"])
        }
    }
}
