import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension TrajectoryCommand {
    /// `trajectory plot`: a fan chart of one indicator as SVG.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a fan chart of one indicator (history, forecast median, 80/95% bands, target) as SVG.",
            discussion: "Year values are filled circles; dated values such as mid-year points are open diamonds."
        )

        @Option(help: "Dataset: cnipa.")
        var dataset: String = "cnipa"

        @Option(help: "The indicator to draw.", completion: indicatorCompletion)
        var indicator: String

        @Option(help: "Forecast through this year (default: the plan's target year).")
        var to: Int?

        @Option(help: "A target value for the --to year, replacing the plan's (or where the plan has none).")
        var target: Double?

        @Option(
            name: .shortAndLong,
            help: "The chart to write (atomically): .svg, or .png through rsvg-convert (Debian's librsvg2-bin).")
        var output: String

        @Option(
            help:
                "A CSV of targets (indicator_id, target_value, target_year) for indicators the plan leaves without one."
        )
        var targetsFile: String?

        @OptionGroup var outlookOptions: OutlookOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        func validate() throws {
            guard dataset == "cnipa" else {
                throw ValidationError("plot draws indicators of the cnipa dataset, got '\(dataset)'")
            }
            if let to, !(1800...2300).contains(to) {
                throw ValidationError("--to must be a year in 1800–2300, got \(to)")
            }
            let ext = OutputOptions.fileExtension(output)
            guard ext == "svg" || ext == "png" else {
                throw ValidationError(
                    "--output '\(output)': plot writes .svg, or .png through rsvg-convert; got \(ext.map { "." + $0 } ?? "no extension")"
                )
            }
        }

        func run() throws {
            try reportingErrors {
                var data = try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa()
                if let targetsFile { data = try data.withGoals(try TargetGoal.read(path: targetsFile)) }
                var request = outlookOptions.request(indicator, targetYear: to)
                request.targetValue = target
                let outlook = try OutlookEngine(dataset: data).outlook(request)
                let vintage =
                    outlookOptions.asOf ?? outlook.latest.map { "the latest data (\($0.period))" } ?? "the latest data"
                let svg = FanChart().svg(
                    outlook,
                    subtitle: HTMLReport.subtitle(outlook)
                        + " · data as of \(outlookOptions.asOf ?? "latest") · \(ForecastWriter.shortModel(outlook.model))",
                    footer: HTMLReport.sourceLine(
                        outlook, vintage: vintage, version: TrajectoryCommand.configuration.version)
                )
                if OutputOptions.fileExtension(output) == "png" {
                    try AtomicFile.write(try PNGConverter.png(fromSVG: Array(svg.utf8)), to: output)
                } else {
                    try AtomicFile.write(Array(svg.utf8), to: output)
                }
                for note in outlook.notes { printError("trajectory: note: \(indicator): \(note)") }
            }
        }
    }

    /// `trajectory report`: one self-contained HTML page.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one self-contained HTML page: the targets table and every indicator's fan chart."
        )

        /// Today's date (UTC), or that of `SOURCE_DATE_EPOCH` when set (reproducible outputs).
        static func today() -> String {
            let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Double.init)
            let date = epoch.map { Date(timeIntervalSince1970: $0) } ?? Date()
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            return formatter.string(from: date)
        }

        @Option(help: "Dataset: cnipa.")
        var dataset: String = "cnipa"

        @Option(help: "Forecast indicators without a plan target through this year.")
        var to: Int = 2025

        @Option(name: .shortAndLong, help: "The HTML file to write (atomically): .html or .htm.")
        var output: String

        @OptionGroup var outlookOptions: OutlookOptions
        @OptionGroup var goalOptions: GoalOptions
        @OptionGroup var datasetLocation: DatasetLocationOptions

        func validate() throws {
            guard dataset == "cnipa" else { throw ValidationError("report covers the cnipa dataset, got '\(dataset)'") }
            guard let ext = OutputOptions.fileExtension(output), ext == "html" || ext == "htm" else {
                throw ValidationError(
                    "--output '\(output)': report writes one self-contained .html page (print it to PDF from a browser); got \(OutputOptions.fileExtension(output).map { "." + $0 } ?? "no extension")"
                )
            }
            guard (1800...2300).contains(to) else {
                throw ValidationError("--to must be a year in 1800–2300, got \(to)")
            }
        }

        func run() throws {
            try reportingErrors {
                let data = try goalOptions.apply(
                    to: try DatasetCatalog.locate(explicit: datasetLocation.datasetsPath).cnipa())
                let engine = OutlookEngine(dataset: data)
                var targets: [IndicatorOutlook] = []
                var charts: [(outlook: IndicatorOutlook, sources: [Observation])] = []
                var skipped: [String] = []
                for indicator in data.indicators {
                    let used = try data.usableObservations(indicator.id, asOf: outlookOptions.cut)
                    let lastYear = used.last.map { $0.period.lastDay.year } ?? to
                    let year = indicator.target?.targetYear ?? max(to, lastYear)
                    do {
                        let outlook = try engine.outlook(outlookOptions.request(indicator.id, targetYear: year))
                        if indicator.isAssessed { targets.append(outlook) }
                        charts.append((outlook, used))
                    } catch {
                        skipped.append("\(indicator.name): \(error)")
                    }
                }
                let newest = targets.compactMap { $0.latest?.period.description }.max()
                let page = HTMLReport(
                    title: "14th Five-Year Plan for IP protection and utilisation: indicators and targets",
                    vintage: outlookOptions.asOf ?? "the latest data\(newest.map { " (newest value: \($0))" } ?? "")",
                    model: outlookOptions.model.text, generated: Self.today(),
                    version: TrajectoryCommand.configuration.version
                )
                .html(targets: targets, charts: charts, skipped: skipped)
                try AtomicFile.write(Array(page.utf8), to: output)
                for s in skipped { printError("trajectory: not charted: \(s)") }
            }
        }
    }
}
