import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension AnnualAnchor: ExpressibleByArgument {}

extension TrajectoryCommand {
    /// `trajectory forecast`: forecasts of every series in a long CSV, or of shipped indicators.
    struct Forecast: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forecast series from a long CSV (series_id,period,value) or a shipped dataset.",
            discussion: """
                Examples:
                  trajectory forecast --input Datasets/yearly-validation/m3-other/train.csv --horizon 5 --model linear
                  trajectory forecast --dataset cnipa --indicator pct_wipo_china_origin --to 2027 --model drift
                  trajectory forecast --dataset cnipa --indicator inv_exam_cycle_months --to 2025 --as-of 2023-12-31

                Models: \(ModelSpec.names.joined(separator: ", ")).
                """
        )

        @Option(
            name: .shortAndLong, help: "Long CSV with one observation a row ('-' reads standard input).",
            completion: .file(extensions: ["csv"]))
        var input: String?

        @Option(
            help: "A shipped dataset instead of --input: \(DatasetCatalog.names.joined(separator: ", ")).",
            completion: .list(DatasetCatalog.names))
        var dataset: String?

        @Option(
            help: "Indicator of --dataset to forecast (repeatable; default: every indicator).",
            completion: indicatorCompletion)
        var indicator: [String] = []

        @Option(
            name: .long, parsing: .unconditional,
            help: "Number of years to forecast after each series' last observation.")
        var horizon: Int?

        @Option(help: "Forecast every year up to and including this one (a plan's target year).")
        var to: String?

        @Option(
            name: .shortAndLong, help: "Model: \(ModelSpec.names.joined(separator: ", ")).",
            completion: modelCompletion, transform: parseModel)
        var model: ModelSpec = .auto

        @Option(help: "Seed of simulated intervals (multiplicative-error ETS): the same seed gives the same numbers.")
        var seed: UInt64 = ModelDefaults.seed

        @Option(
            name: .shortAndLong, parsing: .unconditionalSingleValue,
            help: "Prediction-interval level in percent (repeatable; 0.95 is read as 95%, with a note).")
        var level: [Double] = []

        @Option(
            name: .customLong("as-of"),
            help: "Use only observations dated on or before this day (YYYY-MM-DD, or a year meaning its 31 December).")
        var asOf: String?

        @Option(name: .customLong("id-column"), help: "Name of the series id column.")
        var idColumn = "series_id"

        @Option(name: .customLong("period-column"), help: "Name of the period column.")
        var periodColumn = "period"

        @Option(name: .customLong("value-column"), help: "Name of the value column.")
        var valueColumn = "value"

        @Flag(
            help:
                "Name the output's id and period columns series_id and period (by default they keep the input's names)."
        )
        var defaultColumnNames = false

        @Option(
            name: .customLong("annual-anchor"),
            help:
                "For --input: where a year-labelled value sits, 'start' (2022 → 2022.0) or 'end' (2022 → 31 Dec 2022, for year-end levels mixed with dated values)."
        )
        var annualAnchor: AnnualAnchor = .start

        @Option(
            help:
                "Scale the model is fitted on: auto (with --dataset: logit between an indicator's two bounds, log above a lower bound; with --input: the bounds given, else none), none, log, logit, or boxcox (λ for each series by Guerrero's method, as R's BoxCox.lambda)."
        )
        var transform: TransformChoice = .auto

        @Option(
            name: .customLong("lower-bound"), parsing: .unconditional,
            help: "For --input: lower bound of every series (for --transform log or logit).")
        var lowerBound: Double?

        @Option(
            name: .customLong("upper-bound"), parsing: .unconditional,
            help: "For --input: upper bound of every series (for --transform logit).")
        var upperBound: Double?

        @Option(
            parsing: .unconditional,
            help:
                "With --dataset, one --indicator and --to YEAR: a target value for that year (replacing the plan's, or where the plan has none), shown under a table forecast."
        )
        var target: Double?

        @Option(
            help:
                "Intervals: model (the model's own) or calibrated (rescaled on each series' own past forecast errors; see the README)."
        )
        var intervals: IntervalChoice = .model

        @Flag(help: "With a fixed ARIMA order arima:P,1,Q: include a drift.")
        var drift = false

        @Option(parsing: .unconditional, help: "Worker threads (default: all cores).")
        var threads: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(
            parsing: .unconditional,
            help:
                "Seconds one series may take to fit and forecast; a series past it is reported as failed and the others are written."
        )
        var seriesTimeLimit: Double = SeriesDeadline.defaultSeconds

        @Flag(help: "Print the time each stage took on standard error.")
        var timings = false

        @Flag(
            help:
                "For --input whose rows of a series are not together: read the whole input before forecasting (memory grows with the input). Without it the input is streamed, a chunk of series at a time, and must be grouped by series id."
        )
        var ungrouped = false

        @Option(
            name: .customLong("chunk-size"), parsing: .unconditional,
            help: "For a streamed --input: series read, forecast and written at a time.")
        var chunkSize = 10_000

        @Option(
            help:
                "Also write the series that could not be forecast to this CSV file (id, error), for programs; header only when none failed."
        )
        var failures: String?

        @Flag(name: .customLong("no-progress"), help: "Do not show progress on a terminal.")
        var noProgress = false

        @OptionGroup var shardOptions: ShardOptions

        @Flag(
            help:
                "Write the model report instead of the forecasts: per series the model and its members with their estimates and weights, why it was chosen, AICc, in-sample accuracy (R's accuracy()) and residual diagnostics (Ljung–Box, ACF); text, or JSON with --format json."
        )
        var report = false

        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        var levels: [Double] { percentLevels(level) }

        func validate() throws {
            guard (input == nil) != (dataset == nil) else {
                throw ValidationError("give exactly one of --input FILE or --dataset NAME")
            }
            guard (horizon == nil) != (to == nil) else {
                throw ValidationError("give exactly one of --horizon H or --to PERIOD")
            }
            if let horizon, !(1...1000).contains(horizon) {
                throw ValidationError("--horizon must be between 1 and 1000, got \(horizon)")
            }
            if let to, Self.year(of: to) == nil {
                throw ValidationError("--to must be a year such as 2025 (or a date in it), got '\(to)'")
            }
            if let asOf, CalendarDay.parse(asOf) == nil {
                throw ValidationError("--as-of must be a date YYYY-MM-DD or a year, got '\(asOf)'")
            }
            try validateLevels(level)
            // The report has no CSV shape: asked for CSV it is refused, not written as text under a .csv name.
            let csvAsked =
                outputOptions.format == .csv
                || (outputOptions.format == nil && outputOptions.file.flatMap(OutputOptions.fileExtension) == "csv")
            if report && csvAsked {
                throw ValidationError(
                    "--report writes text (.txt, --format table) or JSON (.json, --format json), not CSV")
            }
            guard (1...1024).contains(threads) else { throw ValidationError("--threads must be between 1 and 1024") }
            guard (1...10_000_000).contains(chunkSize) else {
                throw ValidationError("--chunk-size must be between 1 and 10000000 series, got \(chunkSize)")
            }
            if ungrouped && input == nil { throw ValidationError("--ungrouped is for --input") }
            try FailureLog.validate(failures)
            guard seriesTimeLimit > 0, seriesTimeLimit.isFinite else {
                throw ValidationError(
                    "--series-time-limit must be a positive number of seconds, got \(seriesTimeLimit)")
            }
            if !indicator.isEmpty && dataset == nil { throw ValidationError("--indicator needs --dataset") }
            if target != nil && (dataset == nil || indicator.count != 1 || to == nil) {
                throw ValidationError("--target needs --dataset, exactly one --indicator and --to YEAR")
            }
            if (lowerBound != nil || upperBound != nil) && input == nil {
                throw ValidationError(
                    "--lower-bound and --upper-bound are for --input (a dataset's bounds come from its metadata)")
            }
            if let lowerBound, let upperBound, !(lowerBound < upperBound) {
                throw ValidationError("--lower-bound must be below --upper-bound")
            }
            if transform == .logit && input != nil && (lowerBound == nil || upperBound == nil) {
                throw ValidationError("--transform logit needs --lower-bound and --upper-bound")
            }
            _ = try withDrift(model, drift)
        }

        static func year(of text: String) -> Int? {
            guard let p = Period.parse(text) else { return nil }
            switch p.kind {
            case let .year(y): return y
            case let .date(y, _, _): return y
            case .decimal: return nil
            }
        }

        func run() throws {
            if let input, !report, !ungrouped {
                try reportingErrors {
                    noteFractionLevels(level)
                    try StreamingForecast(
                        input: input, reader: inputReader,
                        shard: try shardOptions.resolved(), asOf: asOf.flatMap(CalendarDay.parse),
                        horizon: horizonValue, model: try baseModel(),
                        scale: InputScale(transform: transform, lower: lowerBound, upper: upperBound), levels: levels,
                        threads: threads, seriesTimeLimit: seriesTimeLimit, chunkSize: chunkSize, writer: writer(),
                        output: outputOptions, timings: timings,
                        failures: FailureLog(path: failures, header: [failureIDColumn, "error"]),
                        progress: ProgressLine(enabled: !noProgress),
                        meta: { digest in meta(data: [RunMeta.file(input, sha256: digest)]).bytes }
                    ).run()
                }
                return
            }
            try reportingErrors {
                let clock = ContinuousClock()
                var mark = clock.now
                func stage(_ name: String) {
                    guard timings else { return }
                    let now = clock.now
                    printError(timingLine(name, now - mark))
                    mark = now
                }
                // The indicator dataset, read once for the series, their scales and the targets section.
                let indicators =
                    dataset == "cnipa" ? try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa() : nil
                let shard = try shardOptions.resolved()
                let loaded = try loadSeries(indicators)
                let series = loaded.series.filter { shard?.contains($0.id) ?? true }
                stage("read \(series.count) series")
                noteFractionLevels(level)
                let forecastModel = try scaledModel(try baseModel(), series, indicators)
                if report {
                    try writeModelReports(
                        series, forecastModel, seconds: seriesTimeLimit, output: outputOptions,
                        meta: { meta(data: dataFiles(inputDigest: loaded.sha256)) })
                    return
                }
                var forecaster = try BatchForecaster(
                    model: forecastModel, horizon: horizonValue, levels: levels,
                    threads: threads)
                forecaster.seriesTimeLimit = seriesTimeLimit
                let result = forecaster.run(series)
                stage("fit and forecast")
                printCapped(result.notes.map { "trajectory: note: series '\($0.seriesID)': \($0.text)" }, more: "notes")
                let failures = result.failures
                printCapped(failures.map { "trajectory: skipped: \($0)" }, more: "series skipped")
                var log = FailureLog(path: self.failures, header: [failureIDColumn, "error"])
                for failure in failures { log.add([failure.seriesID ?? "", failure.description]) }
                try log.write()
                // A series whose data already reach the year asked for is an answer (its note gives the value); only
                // when nothing could be forecast and nothing was settled is the run an error.
                if series.isEmpty, let shard { printError("trajectory: note: shard \(shard) holds none of the series") }
                guard result.successCount + result.settledCount > 0 || (series.isEmpty && shard != nil) else {
                    printError("trajectory: error: no series could be forecast; nothing written")
                    throw ExitCode(1)
                }
                var writer = writer()
                if outputOptions.resolvedFormat == .json {
                    writer.meta = meta(data: dataFiles(inputDigest: loaded.sha256)).bytes
                }
                try outputOptions.emit { sink in writer.write(result, levels: levels, to: sink) }
                stage("format and write")
                if outputOptions.resolvedFormat == .table, outputOptions.file == nil, let indicators {
                    if let to, let year = Self.year(of: to) {
                        try printTargets(
                            indicators, year: year,
                            ids: indicator.isEmpty ? indicators.indicators.map(\.id) : indicator,
                            target: target
                        ) { id in
                            OutlookRequest(
                                indicatorID: id, asOf: asOf.flatMap(CalendarDay.parse), model: model,
                                transform: transform, targetYear: year, targetValue: target, seed: seed)
                        }
                    }
                }
                if !failures.isEmpty {
                    printError("trajectory: \(result.successCount) series forecast, \(failures.count) skipped")
                    throw ExitCode(3)
                }
            }
        }

        /// The JSON output's `meta`: version, settings and the data files read.
        func meta(data: [JSONValue]) -> JSONValue {
            RunMeta.make(
                "forecast",
                [
                    ("model", .string(((try? withDrift(model, drift)) ?? model).text)), ("seed", .string(String(seed))),
                    ("levels", .array(levels.map { .number($0) })),
                    RunMeta.setting("horizon", horizon.map(String.init)),
                    RunMeta.setting("to", to), RunMeta.setting("as_of", asOf),
                    ("intervals", .string(intervals.rawValue)),
                    ("transform", .string(transform.rawValue)),
                    RunMeta.setting("shard", (try? shardOptions.resolved())??.description),
                ], data: data)
        }

        /// The data files a run reads: the input with the SHA-256 of the bytes read, or the dataset's files.
        func dataFiles(inputDigest: String?) -> [JSONValue] {
            if let input { return [RunMeta.file(input, sha256: inputDigest)] }
            return RunMeta.datasets([dataset ?? ""], explicit: datasetLocation.datasetsPath)
        }

        /// The reader of `--input`'s columns.
        var inputReader: LongCSVReader {
            LongCSVReader(
                idColumn: idColumn, periodColumn: periodColumn, valueColumn: valueColumn, anchor: annualAnchor)
        }

        /// The writer of the output: its format, and the input's id and period column names unless the defaults are
        /// asked for.
        func writer() -> ForecastWriter {
            var writer = ForecastWriter(format: outputOptions.resolvedFormat, threads: threads)
            if !defaultColumnNames { (writer.idColumn, writer.periodColumn) = (idColumn, periodColumn) }
            return writer
        }

        /// `--model` (with `--drift`) and `--intervals`, before any scale.
        func baseModel() throws -> any ForecastModel { intervals.wrap(try withDrift(model, drift).model(seed: seed)) }

        /// The id column's name in the failures file (as in the output).
        var failureIDColumn: String { defaultColumnNames ? "series_id" : idColumn }

        /// How far to forecast: `--horizon` steps or through the year of `--to`.
        var horizonValue: ForecastHorizon { horizon.map { .steps($0) } ?? .through(year: Self.year(of: to ?? "") ?? 0) }

        /// The model on the scale `--transform` asks for: per indicator from a dataset's bounds, or one scale for
        /// every series of `--input`.
        func scaledModel(_ base: any ForecastModel, _ series: [Series], _ indicators: IndicatorDataset?) throws
            -> any ForecastModel
        {
            if let data = indicators {
                var transforms: [String: Transform] = [:]
                for s in series {
                    transforms[s.id] = try transform.resolve(for: try data.indicator(s.id), values: s.values)
                }
                return PerSeriesTransformedModel(base: base, transforms: transforms)
            }
            let scale = try InputScale(transform: transform, lower: lowerBound, upper: upperBound).apply(base, series)
            InputScale.noteOutside(scale.outside)
            return scale.model
        }

        /// The series asked for, cut at `--as-of`; for `--input` also the SHA-256 of the bytes read (for `meta`).
        func loadSeries(_ indicators: IndicatorDataset?) throws -> (series: [Series], sha256: String?) {
            let cut = asOf.flatMap(CalendarDay.parse)
            func cutting(_ all: [Series]) throws -> [Series] {
                try cut.map { c in try all.map { try $0.asOf(c) } } ?? all
            }
            if let input {
                // Hashed only for the JSON `meta` that names it.
                let (all, sha256) = try inputReader.read(path: input, hashing: outputOptions.resolvedFormat == .json)
                return (try cutting(try readingDates(all)), sha256)
            }
            if let data = indicators {
                let ids = indicator.isEmpty ? data.indicators.map(\.id) : indicator
                return (try ids.map { try data.series($0, asOf: cut) }, nil)
            }
            let name = dataset ?? ""
            try DatasetCatalog.validate(name)
            return (
                try cutting(try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).m3Yearly().train), nil
            )
        }
    }
}
