import ArgumentParser
import Forecasting
import Foundation
import Planning

extension TrajectoryCommand {
    /// `trajectory backtest`: accuracy of one or more models on held-out data.
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score models on held-out data: sMAPE, MASE, interval coverage and MSIS.",
            discussion: """
                Examples:
                  trajectory backtest --dataset m3-yearly --model ets --model theta --model drift
                  trajectory backtest --input train.csv --test test.csv --model auto --per-series
                  trajectory backtest --input data.csv --holdout 3 --origins 4 --model ets

                sMAPE: mean over the horizon of 200|y−f|/(|y|+|f|) (M3), averaged over series. MASE: mean absolute
                error over the in-sample mean absolute first difference. Coverage: share of held-out values inside
                each interval. MSIS: the M4 interval score of the 95% interval (α = 0.05), scaled like MASE.
                """
        )

        @Option(name: .shortAndLong, help: "Training data (long CSV), or the whole series with --holdout.")
        var input: String?

        @Option(help: "Held-out values (long CSV with the same ids, later periods).")
        var test: String?

        @Option(help: "A shipped train/test dataset instead of files: m3-yearly.")
        var dataset: String?

        @Option(help: "Rolling origin: hold out this many final periods of each series.")
        var holdout: Int?

        @Option(help: "Rolling origin: number of forecast origins (default 1).")
        var origins: Int = 1

        @Option(name: .shortAndLong, help: "Model to score (repeatable).")
        var model: [String] = []

        @Option(name: .shortAndLong, help: "Interval level in percent (repeatable; 95 is needed for MSIS).")
        var level: [Double] = []

        @Flag(name: .customLong("per-series"), help: "One row per series and model instead of one per model.")
        var perSeries = false

        @Option(help: "Seed of simulated intervals.")
        var seed: UInt64 = 42

        @Option(help: "Worker threads (default: all cores).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(name: .customLong("id-column")) var idColumn = "series_id"
        @Option(name: .customLong("period-column")) var periodColumn = "period"
        @Option(name: .customLong("value-column")) var valueColumn = "value"

        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        var levels: [Double] { level.isEmpty ? [80, 95] : level }
        var models: [String] { model.isEmpty ? ["auto"] : model }

        func validate() throws {
            let sources = [input != nil, dataset != nil].filter { $0 }.count
            guard sources == 1 else { throw ValidationError("give exactly one of --input FILE or --dataset NAME") }
            if input != nil { guard (test == nil) != (holdout == nil) else {
                throw ValidationError("with --input give exactly one of --test FILE or --holdout H")
            } }
            if dataset != nil && dataset != "m3-yearly" { throw ValidationError("--dataset supports m3-yearly") }
            if let holdout, !(1...100).contains(holdout) { throw ValidationError("--holdout must be between 1 and 100") }
            guard (1...100).contains(origins) else { throw ValidationError("--origins must be between 1 and 100") }
            for l in levels where !(l > 0 && l < 100) { throw ValidationError("--level must be strictly between 0 and 100") }
            guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024") }
            for m in models {
                do { _ = try ModelCatalog.model(named: m) } catch { throw ValidationError(error.description) }
            }
        }

        func run() throws {
            ForecastingRuntime.useSingleThreadedBLAS()
            try reportingErrors {
                let reader = LongCSVReader(idColumn: idColumn, periodColumn: periodColumn, valueColumn: valueColumn)
                var train: [Series] = [], held: [Series] = []
                if let dataset {
                    try DatasetCatalog.validate(dataset)
                    (train, held) = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).m3Yearly()
                } else if let input {
                    train = try reader.read(path: input)
                    if let test { held = try reader.read(path: test) }
                }
                let backtest = Forecasting.Backtest(levels: levels, threads: threads)
                var summaries: [AccuracySummary] = []
                var scores: [SeriesScore] = []
                for name in models {
                    let m = try ModelCatalog.model(named: name, seed: seed)
                    let outcome = holdout.map { h in
                        Result { try backtest.rollingOrigin(model: m, series: train, holdout: h, origins: origins) }
                    } ?? Result { try backtest.evaluate(model: m, train: train, test: held) }
                    let (s, summary) = try outcome.get()
                    summaries.append(summary)
                    scores += s
                    if summary.failures > 0 { printError("trajectory: \(name): \(summary.failures) series could not be forecast") }
                }
                let rows = perSeries ? seriesRows(scores) : summaryRows(summaries)
                try outputOptions.emit(Datasets.render(rows, format: outputOptions.resolvedFormat))
            }
        }

        func levelNames() -> [String] { levels.map { "cov\(ForecastWriter.levelLabel($0))" } }

        func summaryRows(_ summaries: [AccuracySummary]) -> [[String]] {
            var rows = [["model", "series", "points", "sMAPE", "MASE"] + levelNames() + ["MSIS", "failures", "seconds"]]
            for s in summaries {
                rows.append([s.model, String(s.series), String(s.points), fixed(s.sMAPE, 3), fixed(s.MASE, 3)]
                            + s.coverage.map { fixed($0, 2) } + [fixed(s.MSIS, 3), String(s.failures), fixed(s.seconds, 3)])
            }
            return rows
        }

        func seriesRows(_ scores: [SeriesScore]) -> [[String]] {
            var rows = [["series_id", "model", "points", "sMAPE", "MASE"] + levels.map { "covered\(ForecastWriter.levelLabel($0))" } + ["MSIS"]]
            for s in scores {
                rows.append([s.seriesID, s.model, String(s.points), fixed(s.sMAPE, 4), fixed(s.MASE, 4)]
                            + s.covered.map(String.init) + [fixed(s.MSIS, 4)])
            }
            return rows
        }

        func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "NA" }
    }
}
