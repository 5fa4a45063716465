import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension TrajectoryCommand {
    /// `trajectory scenarios`: batches of what-if scenarios from a YAML file.
    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run batches of what-if scenarios (assumed values, shocks, vintages, models) from a YAML file.",
            subcommands: [Run.self, Generate.self]
        )

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Write a file of random but reproducible scenarios over the plan indicators (for load tests and benchmarks)."
            )

            @Option(help: "Number of scenarios.")
            var count: Int = 10_000

            @Option(help: "Seed: the same seed writes the same file.")
            var seed: UInt64 = 1

            @Option(
                name: .shortAndLong,
                help: "The YAML file to write (atomically; '-' or none: standard output, which must not be a terminal)."
            )
            var output: String?

            @OptionGroup var datasetLocation: DatasetLocationOptions

            func validate() throws {
                guard (1...ScenarioFile.maximumScenarios).contains(count) else {
                    throw ValidationError("--count must be between 1 and \(ScenarioFile.maximumScenarios)")
                }
                // Thousands of scenarios are a file, not something to read on a terminal.
                if output == nil || output == "-", isatty(1) == 1 {
                    throw ValidationError(
                        "scenarios generate writes YAML for a file: give --output FILE.yaml, or redirect standard output"
                    )
                }
            }

            func run() throws {
                try reportingErrors {
                    let data = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa()
                    let bytes = Array(try ScenarioGenerator.yaml(count: count, seed: seed, dataset: data).utf8)
                    if let output, output != "-" {
                        try AtomicFile.write(bytes, to: output)
                    } else {
                        try FileIO.writeStandardOutput(bytes)
                    }
                }
            }
        }

        struct Run: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Run every scenario × indicator of a scenario file: target-year forecast, intervals, probability of meeting the target.",
                discussion: """
                    The output has one row per scenario and indicator, in file order, with a 'scenario' column and the columns of
                    'trajectory targets'. The same file and seed give byte-identical output on any number of threads. See the README
                    for the file format.
                    """
            )

            @Argument(help: "The scenario file (YAML).")
            var file: String

            @Option(help: "Worker threads (default: all cores).")
            var threads: Int = ProcessInfo.processInfo.activeProcessorCount

            @Flag(name: .customLong("no-progress"), help: "Do not show progress on a terminal.")
            var noProgress = false

            @Flag(help: "Print the time each stage took on standard error.")
            var timings = false

            @OptionGroup var outputOptions: OutputOptions
            @OptionGroup var datasetLocation: DatasetLocationOptions
            @OptionGroup var shardOptions: ShardOptions

            @Option(
                help:
                    "Also write the scenario × indicator rows that could not be run to this CSV file (scenario, indicator, line, error); header only when none failed."
            )
            var failures: String?

            func validate() throws {
                try FailureLog.validate(failures)
                guard (1...1024).contains(threads) else {
                    throw ValidationError("--threads must be between 1 and 1024")
                }
            }

            func run() throws {
                try reportingErrors { try runScenarios() }
            }

            func runScenarios() throws {
                let clock = ContinuousClock()
                var mark = clock.now
                func stage(_ name: String) {
                    guard timings else { return }
                    printError(timingLine(name, clock.now - mark))
                    mark = clock.now
                }
                let scenarios = try ScenarioFile.load(path: file)
                stage("read \(scenarios.scenarios.count) scenarios")
                guard scenarios.dataset == "cnipa" else {
                    throw PlanningError.scenarioFile(
                        file: file, line: 1, column: 1, key: "dataset",
                        detail: "unknown dataset '\(scenarios.dataset)'; scenarios run on: cnipa")
                }
                let data = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa()
                let shard = try shardOptions.resolved()
                let rows = try scenarios.rows(for: data).filter { shard?.contains($0.scenario) ?? true }
                stage("load the dataset and check \(rows.count) scenario × indicator rows")
                let progress = ProgressLine(enabled: !noProgress && rows.count >= 200, noun: "forecasts")
                progress.phase("fitting", total: rows.count)
                let report: @Sendable (Int, Int) -> Void = { done, _ in progress.set(done: done) }
                let outcomes = ScenarioRunner(dataset: data, threads: threads).run(
                    rows, progress: progress.enabled ? report : nil)
                progress.finish()
                stage("fit and assess")
                var entries: [(scenario: String?, outlook: IndicatorOutlook)] = []
                var failures: [String] = [], notes: [String] = []
                var failureRows: [JSONValue] = [], noteRows: [JSONValue] = []
                var log = FailureLog(path: self.failures, header: ["scenario", "indicator", "line", "error"])
                for outcome in outcomes {
                    switch outcome.result {
                    case let .success(outlook): entries.append((outcome.row.scenario, outlook))
                    case let .failure(error) where error.isNothingToAssess:
                        // An indicator without data in the scenario's vintage: an answer, said once per row.
                        notes.append("trajectory: note: scenario '\(outcome.row.scenario)': \(error)")
                        noteRows.append(
                            .object([("scenario", .string(outcome.row.scenario)), ("note", .string("\(error)"))]))
                    case let .failure(error):
                        log.add([
                            outcome.row.scenario, outcome.row.request.indicatorID, String(outcome.row.line),
                            "\(error)",
                        ])
                        failureRows.append(
                            .object([
                                ("scenario", .string(outcome.row.scenario)),
                                ("indicator", .string(outcome.row.request.indicatorID)),
                                ("line", .integer(outcome.row.line)), ("error", .string("\(error)")),
                            ]))
                        failures.append(
                            "trajectory: skipped: \(file): line \(outcome.row.line): scenario '\(outcome.row.scenario)', indicator '\(outcome.row.request.indicatorID)': \(error)"
                        )
                    }
                }
                printCapped(notes, more: "notes")
                printCapped(failures, more: "skipped")
                try log.write()
                if rows.isEmpty, let shard {
                    printError("trajectory: note: shard \(shard) holds none of the scenarios")
                }
                guard !entries.isEmpty || (rows.isEmpty && shard != nil) else {
                    printError("trajectory: error: no scenario could be run; nothing written")
                    throw ExitCode(1)
                }
                let meta = RunMeta.make(
                    "scenarios run",
                    [
                        ("seed", .string(String(scenarios.seed))),
                        RunMeta.setting("shard", shard?.description),
                    ], data: [RunMeta.file(file)] + RunMeta.datasets(["cnipa"], explicit: datasetLocation.datasetsPath))
                try outputOptions.emitRows(
                    { renderTargets(entries, $0, toFile: outputOptions.file != nil, scenarioColumn: true) },
                    meta: meta, failures: failureRows, notes: noteRows)
                stage("format and write")
                if !failures.isEmpty { throw ExitCode(3) }
            }
        }
    }
}
