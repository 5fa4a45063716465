import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension TrajectoryCommand {
    /// `trajectory datasets`: what is shipped.
    struct Datasets: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shipped datasets and their indicators (id, name, unit, years covered)."
        )

        @Option(help: "Show one dataset only.", completion: .list(DatasetCatalog.names))
        var dataset: String?

        @Option(
            help:
                "Show every observation row of one indicator of --dataset (default cnipa): which value each period uses and why.",
            completion: indicatorCompletion
        )
        var indicator: String?

        @Option(
            name: .customLong("as-of"),
            help: "With --indicator: the vintage to explain (rows dated later are marked unused).")
        var asOf: String?

        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        func run() throws {
            try reportingErrors {
                if let indicator {
                    guard dataset == nil || dataset == "cnipa" else {
                        throw ValidationError("--indicator works with the cnipa dataset")
                    }
                    guard asOf.map({ CalendarDay.parse($0) != nil }) ?? true else {
                        throw ValidationError("--as-of must be a date YYYY-MM-DD or a year, got '\(asOf ?? "")'")
                    }
                    try explain(indicator)
                    return
                }
                if let dataset { try DatasetCatalog.validate(dataset) }
                let catalog = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath)
                var rows: [[String]] = [
                    [
                        "dataset", "indicator_id", "name", "unit", "first", "last", "observations",
                        "direction", "kind", "target",
                    ]
                ]
                if dataset == nil || dataset == "cnipa" {
                    let data = try catalog.cnipa()
                    for indicator in data.indicators {
                        let usable = try data.series(indicator.id).periods
                        let target =
                            indicator.target.map { t in
                                t.targetValue.map { "\(NumberText.compact($0)) in \(t.targetYear)" }
                                    ?? "none found (\(t.targetYear))"
                            } ?? ""
                        rows.append([
                            "cnipa", indicator.id, indicator.name, indicator.unit,
                            usable.first?.description ?? "", usable.last?.description ?? "",
                            String(usable.count), indicator.direction.rawValue, indicator.kind.rawValue, target,
                        ])
                    }
                }
                if dataset == nil || dataset == "m3-yearly" {
                    let m3 = try catalog.m3Yearly()
                    let lengths = m3.train.map(\.count)
                    rows.append([
                        "m3-yearly", "(\(m3.train.count) series)", "M3 competition yearly series, train/test split",
                        "", "", "", "\(lengths.min() ?? 0)–\(lengths.max() ?? 0) train + 6 test", "", "", "",
                    ])
                }
                try outputOptions.emitRows({ ResultTable(textRows: rows).render($0) }, meta: runMeta())
            }
        }

        /// Every row of one indicator: period, value, confidence, basis, whether it is used and why, and its source.
        func explain(_ id: String) throws {
            let data = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa()
            let meta = try data.indicator(id)
            var table = ResultTable(
                header: [
                    "period", "value", "used", "reason", "confidence", "basis", "line", "source_title", "source_url",
                ],
                tableColumns: ["period", "value", "used", "reason", "confidence", "basis", "line"])
            for choice in try data.provenance(id, asOf: asOf.flatMap(CalendarDay.parse)) {
                let o = choice.observation
                table.append([
                    .text(o.period.description), .number(o.value), .text(choice.used ? "yes" : "no"),
                    .text(choice.reason),
                    .text(o.confidence), .text(o.basis.rawValue), .text(String(o.line)), .text(o.sourceTitle),
                    .text(o.sourceURL),
                ])
            }
            let bounds = [
                meta.lowerBound.map { "lower \(NumberText.compact($0))" },
                meta.upperBound.map { "upper \(NumberText.compact($0))" },
            ]
            .compactMap { $0 }.joined(separator: ", ")
            table.footnotes = [
                "",
                "\(meta.id): \(meta.name) (\(meta.unit)); \(meta.kind.rawValue), \(meta.direction.rawValue) is better\(bounds.isEmpty ? "" : "; bounds: " + bounds)",
                "rule: year-to-date rows of flows are never used; for several rows of one period, the highest confidence (high > medium > low) wins, then the row listed last.",
            ]
            try outputOptions.emitRows({ table.render($0) }, meta: self.runMeta())
        }

        /// The JSON output's `meta`: the dataset files behind the rows.
        func runMeta() -> JSONValue {
            let names = dataset.map { [$0] } ?? (indicator != nil ? ["cnipa"] : DatasetCatalog.names)
            return RunMeta.make(
                "datasets", [RunMeta.setting("indicator", indicator), RunMeta.setting("as_of", asOf)],
                data: RunMeta.datasets(names, explicit: datasetLocation.datasetsPath))
        }
    }
}
