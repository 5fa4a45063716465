import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension TrajectoryCommand {
    /// `trajectory backtest`: accuracy of one or more models on held-out data.
    struct Backtest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score models on held-out data: sMAPE, MASE, interval coverage and MSIS.",
            discussion: """
                Examples:
                  trajectory backtest --dataset m3-yearly --model ets --model theta --model drift
                  trajectory backtest --input Datasets/yearly-validation/m3-quarterly-annual/train.csv --test Datasets/yearly-validation/m3-quarterly-annual/test.csv --model auto --per-series
                  trajectory backtest --input Datasets/yearly-validation/m3-other/train.csv --holdout 3 --origins 4 --model ets

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

        @Option(
            name: .shortAndLong, help: "Model to score (repeatable).", completion: modelCompletion,
            transform: parseModel)
        var model: [ModelSpec] = []

        @Option(
            name: .shortAndLong, parsing: .unconditionalSingleValue,
            help: "Interval level in percent (repeatable; 95 is needed for MSIS; 0.95 is read as 95%, with a note).")
        var level: [Double] = []

        @Flag(name: .customLong("per-series"), help: "One row per series and model instead of one per model.")
        var perSeries = false

        @Option(
            help:
                "Intervals: model (the model's own) or calibrated (rescaled on each series' own past forecast errors).")
        var intervals: IntervalChoice = .model

        @Flag(help: "With fixed ARIMA orders arima:P,1,Q: include a drift.")
        var drift = false

        @Option(help: "Seed of simulated intervals.")
        var seed: UInt64 = ModelDefaults.seed

        @Option(help: "Worker threads (default: all cores).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(name: .customLong("id-column")) var idColumn = "series_id"
        @Option(name: .customLong("period-column")) var periodColumn = "period"
        @Option(name: .customLong("value-column")) var valueColumn = "value"

        @Option(
            name: .customLong("as-of"),
            help:
                "With --dataset cnipa: forecast from the data as of this day and compare with the values published later."
        )
        var asOf: String?

        @Option(help: "With --dataset cnipa: only these indicators (repeatable).", completion: indicatorCompletion)
        var indicator: [String] = []

        @Option(
            help:
                "The scale models are fitted on: with --dataset cnipa auto, none, log, logit or boxcox; otherwise auto (the data's) or boxcox (each series' Guerrero λ, chosen from the data each fit sees)."
        )
        var transform: TransformChoice = .auto

        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        var levels: [Double] { percentLevels(level) }
        var models: [ModelSpec] { model.isEmpty ? [.auto] : model }

        /// The JSON output's `meta`; `files` are the input files read with their SHA-256.
        func meta(files: [JSONValue] = []) -> JSONValue {
            let data = files + RunMeta.datasets(dataset.map { [$0] } ?? [], explicit: datasetLocation.datasetsPath)
            return RunMeta.make(
                "backtest",
                [
                    ("models", .array(models.map { .string($0.text) })), ("seed", .string(String(seed))),
                    ("levels", .array(levels.map { .number($0) })), ("intervals", .string(intervals.rawValue)),
                    RunMeta.setting("holdout", holdout.map(String.init)), ("origins", .integer(origins)),
                    RunMeta.setting("as_of", asOf),
                ], data: data)
        }

        func validate() throws {
            let sources = [input != nil, dataset != nil].filter { $0 }.count
            guard sources == 1 else { throw ValidationError("give exactly one of --input FILE or --dataset NAME") }
            if input != nil {
                guard (test == nil) != (holdout == nil) else {
                    throw ValidationError("with --input give exactly one of --test FILE or --holdout H")
                }
            }
            if let dataset, !["m3-yearly", "cnipa"].contains(dataset) {
                throw ValidationError("--dataset supports m3-yearly and cnipa")
            }
            if dataset == "cnipa" {
                guard let asOf, CalendarDay.parse(asOf) != nil else {
                    throw ValidationError(
                        "--dataset cnipa needs --as-of DATE: the vintage whose forecasts are compared with later values"
                    )
                }
                if holdout != nil {
                    throw ValidationError("--holdout is for --input; with --dataset cnipa use --as-of")
                }
            } else if ![.auto, .none, .boxcox].contains(transform) {
                throw ValidationError(
                    "--transform \(transform.rawValue) is for --dataset cnipa (whose indicators have bounds)")
            } else if asOf != nil || !indicator.isEmpty {
                throw ValidationError("--as-of and --indicator are for --dataset cnipa")
            }
            if let holdout, !(1...100).contains(holdout) {
                throw ValidationError("--holdout must be between 1 and 100")
            }
            guard (1...100).contains(origins) else { throw ValidationError("--origins must be between 1 and 100") }
            try validateLevels(level)
            guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024") }
            for m in models {
                _ = try withDrift(m, drift)
            }
        }

        func run() throws {
            try reportingErrors {
                let reader = LongCSVReader(idColumn: idColumn, periodColumn: periodColumn, valueColumn: valueColumn)
                if dataset == "cnipa" { try runVintage(); return }
                var train: [Series] = [], held: [Series] = []
                var files: [JSONValue] = []
                // Each file read once; hashed for the JSON `meta` that names it.
                func read(_ path: String) throws -> [Series] {
                    let (series, sha256) = try reader.read(path: path, hashing: outputOptions.resolvedFormat == .json)
                    if let sha256 { files.append(RunMeta.file(path, sha256: sha256)) }
                    return series
                }
                if let dataset {
                    try DatasetCatalog.validate(dataset)
                    (train, held) = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).m3Yearly()
                } else if let input {
                    train = try readingDates(try read(input))
                    if let test { held = try readingDates(try read(test)) }
                }
                noteFractionLevels(level)
                let backtest = Forecasting.Backtest(levels: levels, threads: threads)
                var summaries: [AccuracySummary] = []
                var failureRows: [JSONValue] = []
                var scores: [SeriesScore] = []
                for spec in models {
                    let fitted = try withDrift(spec, drift).model(seed: seed)
                    let m = intervals.wrap(transform == .boxcox ? BoxCoxModel(base: fitted) : fitted)
                    let outcome =
                        holdout.map { h in
                            Result { try backtest.rollingOrigin(model: m, series: train, holdout: h, origins: origins) }
                        } ?? Result { try backtest.evaluate(model: m, train: train, test: held) }
                    let (s, summary) = try outcome.get()
                    summaries.append(summary)
                    scores += s
                    printCapped(
                        summary.failed.map { "trajectory: skipped (\(spec.text)): \($0)" }, more: "series skipped")
                    failureRows += summary.failed.map {
                        .object([("model", .string(spec.text)), ("error", .string("\($0)"))])
                    }
                    if summary.failures > 0 {
                        printError("trajectory: \(spec.text): \(summary.failures) series could not be forecast")
                    }
                }
                let rows = perSeries ? seriesRows(scores) : summaryRows(summaries)
                try outputOptions.emitRows(
                    { ResultTable(textRows: rows).render($0) }, meta: meta(files: files), failures: failureRows)
                // A series that could not be scored is a partial run (exit 3), as in every command.
                if summaries.contains(where: { $0.failures > 0 }) { throw ExitCode(3) }
            }
        }

        /// `--dataset cnipa --as-of DATE`: the vintage's forecasts against the values published later.
        func runVintage() throws {
            let data = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa()
            let cut = CalendarDay.parse(asOf ?? "") ?? CalendarDay(year: 0, month: 1, day: 1)
            let (points, skipped) = try VintageCheck(dataset: data).run(
                asOf: cut, models: models, transform: transform, seed: seed,
                indicators: indicator.isEmpty ? nil : indicator)
            for s in skipped { printError("trajectory: skipped: \(s)") }
            guard !points.isEmpty else {
                printError(
                    "trajectory: error: no later values to compare with the forecasts as of \(cut); nothing written")
                throw ExitCode(1)
            }
            var table = ResultTable(
                header: [
                    "indicator", "model", "fitted_model", "period", "actual", "forecast", "lo80", "hi80",
                    "lo95", "hi95", "error", "in80", "in95", "p_below_actual",
                ],
                tableColumns: [
                    "indicator", "model", "period", "actual", "forecast", "lo95", "hi95", "error", "in80", "in95",
                ])
            for p in points {
                func inside(_ lo: Double, _ hi: Double) -> String {
                    lo.isFinite ? (lo <= p.actual && p.actual <= hi ? "yes" : "no") : "NA"
                }
                table.append([
                    .text(p.indicator), .text(p.model), .text(p.fittedModel), .text(p.period.description),
                    .number(p.actual),
                    .number(p.forecast), .number(p.lo80), .number(p.hi80), .number(p.lo95), .number(p.hi95),
                    .number(p.actual - p.forecast), .text(inside(p.lo80, p.hi80)), .text(inside(p.lo95, p.hi95)),
                    .number(p.probabilityBelowActual),
                ])
            }
            table.footnotes = ["", "Forecasts from the data as of \(cut) against the values published later:"]
            func describe(_ subset: [VintageCheck.Point]) {
                for s in VintageCheck.summarise(subset, models: models.map(\.text)) {
                    table.footnotes.append(
                        "  \(s.model): \(s.points) values of \(s.indicators) indicators; sMAPE \(fixed(s.sMAPE, 2))%; inside 80%: \(fixed(s.coverage80, 1))%, inside 95%: \(fixed(s.coverage95, 1))%"
                    )
                }
            }
            describe(points)
            // The models compared on the same values: those every model could forecast.
            let key = { (p: VintageCheck.Point) in p.indicator + "|" + p.period.description }
            var counts: [String: Int] = [:]
            for p in points { counts[key(p), default: 0] += 1 }
            let common = points.filter { counts[key($0)] == models.count }
            if models.count > 1 && common.count < points.count && !common.isEmpty {
                table.footnotes.append("On the \(common.count / models.count) values every model forecast:")
                describe(common)
            }
            try outputOptions.emitRows(
                { table.render($0) }, meta: meta(),
                failures: skipped.map { .object([("error", .string("\($0)"))]) })
            if !skipped.isEmpty { throw ExitCode(3) }
        }

        func levelNames() -> [String] { levels.map { "cov\(ForecastWriter.levelLabel($0))" } }

        func summaryRows(_ summaries: [AccuracySummary]) -> [[String]] {
            var rows = [
                ["model", "series", "points", "sMAPE", "MASE"] + levelNames()
                    + ["MSIS", "RMSE", "MAE", "MAPE", "failures", "seconds"]
            ]
            for s in summaries {
                rows.append(
                    [s.model, String(s.series), String(s.points), fixed(s.sMAPE, 3), fixed(s.MASE, 3)]
                        + s.coverage.map { fixed($0, 2) }
                        + [fixed(s.MSIS, 3), short(s.rmse), short(s.mae), fixed(s.mape, 3), String(s.failures)]
                        + [fixed(s.seconds, 3)])
            }
            return rows
        }

        func seriesRows(_ scores: [SeriesScore]) -> [[String]] {
            var rows = [
                ["series_id", "model", "points", "sMAPE", "MASE"]
                    + levels.map { "covered\(ForecastWriter.levelLabel($0))" } + ["MSIS", "RMSE", "MAE", "MAPE"]
            ]
            for s in scores {
                rows.append(
                    [s.seriesID, s.model, String(s.points), fixed(s.sMAPE, 4), fixed(s.MASE, 4)]
                        + s.covered.map(String.init) + [
                            fixed(s.MSIS, 4), short(s.rmse), short(s.mae), fixed(s.mape, 4),
                        ])
            }
            return rows
        }

        func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "NA" }
        /// Six significant digits (errors in the series' own units, from 0.001 to 10⁹).
        func short(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "NA" }
    }
}
