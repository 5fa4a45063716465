import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension TransformChoice: ExpressibleByArgument {}

/// Options shared by the commands that read a dataset's indicators against targets.
struct OutlookOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help:
            "Vintage: use only observations dated on or before this day (YYYY-MM-DD, or a year meaning its 31 December)."
    )
    var asOf: String?

    @Option(
        name: .shortAndLong, help: "Model: \(ModelSpec.names.joined(separator: ", ")).", completion: modelCompletion,
        transform: parseModel)
    var model: ModelSpec = .auto

    @Option(
        help:
            "Scale the model is fitted on: auto (logit between two bounds, log above a lower bound), none, log, logit, or boxcox (λ by Guerrero's method)."
    )
    var transform: TransformChoice = .auto

    @Option(help: "Seed of simulated intervals: the same seed gives the same numbers.")
    var seed: UInt64 = ModelDefaults.seed

    var cut: CalendarDay? { asOf.flatMap(CalendarDay.parse) }

    func validate() throws {
        if let asOf, CalendarDay.parse(asOf) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD or a year, got '\(asOf)'")
        }
    }

    /// The settings for an output's `meta`.
    var metaSettings: [(String, JSONValue)] {
        [
            ("model", .string(model.text)), ("seed", .string(String(seed))), ("transform", .string(transform.rawValue)),
            RunMeta.setting("as_of", asOf),
        ]
    }

    func request(_ id: String, targetYear: Int? = nil) -> OutlookRequest {
        OutlookRequest(
            indicatorID: id, asOf: cut, model: model, transform: transform, targetYear: targetYear, seed: seed)
    }
}

/// Goals for indicators the plan table leaves without a target (`--target ID=VALUE[@YEAR]`, `--targets-file`).
struct GoalOptions: ParsableArguments {
    @Option(
        name: .customLong("target"),
        help:
            "A target for an indicator: ID=VALUE or ID=VALUE@YEAR (repeatable; the year defaults to 2025), e.g. inv_exam_cycle_months=15@2025. Replaces the plan's target for that indicator."
    )
    var goals: [String] = []

    @Option(help: "A CSV of targets: columns indicator_id, target_value and optionally target_year.")
    var targetsFile: String?

    /// The dataset with the goals as its indicators' targets.
    func apply(to data: IndicatorDataset) throws(PlanningError) -> IndicatorDataset {
        var all: [TargetGoal] = []
        if let targetsFile { all += try TargetGoal.read(path: targetsFile) }
        for text in goals { all.append(try TargetGoal.parse(text)) }
        return try data.withGoals(all)
    }
}

extension Indicator {
    /// Whether the targets table and the report list it: a plan indicator with a target, or one given a goal.
    var isAssessed: Bool { target != nil && (isPlanIndicator || target?.isGoal == true) }
}

extension TrajectoryCommand {
    /// `trajectory targets`: every plan indicator against its target.
    struct Targets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check every plan indicator against its target: forecast at the target year, probability of meeting it, status.",
            discussion: """
                One row per plan indicator with a target (and per indicator given one with --target or --targets-file,
                e.g. --target inv_exam_cycle_months=15@2025 --target pct_wipo_china_origin=80000): the latest value, the target and its year, the forecast median at
                the target year with 80% and 95% intervals, the probability that the target is met (P(value >= target) when
                higher is better, P(value <= target) when lower is better), the change a year still required against the change
                a year the forecast implies, and a status: met or missed once the target year's value is observed (or assumed in a
                scenario); before that on track (p >= 2/3), at risk (1/3 <= p < 2/3) or off track (p < 1/3); with one
                observation, met so far when it already meets the target (else insufficient data). A status that rests on a
                latest value of low source confidence says so.
                """
        )

        @Option(help: "Dataset: cnipa.")
        var dataset: String = "cnipa"

        @Option(
            help: "Only these indicators (repeatable; default: every plan indicator with a target).",
            completion: indicatorCompletion)
        var indicator: [String] = []

        @OptionGroup var outlookOptions: OutlookOptions
        @OptionGroup var goalOptions: GoalOptions
        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        func validate() throws {
            guard dataset == "cnipa" else {
                throw ValidationError("targets needs a dataset with plan targets: cnipa, got '\(dataset)'")
            }
        }

        func run() throws {
            try reportingErrors {
                let data = try goalOptions.apply(
                    to: try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa())
                let ids = indicator.isEmpty ? data.indicators.filter(\.isAssessed).map(\.id) : indicator
                let engine = OutlookEngine(dataset: data)
                var entries: [(scenario: String?, outlook: IndicatorOutlook)] = []
                var failures: [(String, String)] = [], notes: [JSONValue] = []
                for id in ids {
                    _ = try data.indicator(id)
                    do {
                        entries.append((nil, try engine.outlook(outlookOptions.request(id))))
                    } catch let error as PlanningError where error.isNothingToAssess {
                        printError("trajectory: note: \(error)")
                        notes.append(.object([("indicator", .string(id)), ("note", .string("\(error)"))]))
                    } catch {
                        failures.append((id, "\(error)"))
                    }
                }
                for (id, error) in failures { printError("trajectory: skipped: \(id): \(error)") }
                guard !entries.isEmpty else {
                    printError("trajectory: error: no indicator could be assessed; nothing written")
                    throw ExitCode(1)
                }
                try outputOptions.emitRows(
                    { renderTargets(entries, $0, toFile: outputOptions.file != nil) },
                    meta: RunMeta.make(
                        "targets", outlookOptions.metaSettings,
                        data: RunMeta.datasets(["cnipa"], explicit: datasetLocation.datasetsPath)),
                    failures: failures.map { .object([("indicator", .string($0.0)), ("error", .string($0.1))]) },
                    notes: notes)
                if !failures.isEmpty { throw ExitCode(3) }
            }
        }
    }
}
