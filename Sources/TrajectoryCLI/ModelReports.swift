import ArgumentParser
import Forecasting
import TrajectoryIO

/// `forecast --report`: every series fitted under the time limit of `seconds` and described; a series that cannot be
/// fitted is named (exit 3), the others are written; JSON ends with `meta`.
func writeModelReports(
    _ series: [Series], _ model: any ForecastModel, seconds: Double, output: OutputOptions, meta: () -> JSONValue
) throws {
    var reports: [ModelReport] = []
    var failed = 0
    for s in series {
        do {
            let fitted = try SeriesDeadline.limited(seconds: seconds, series: s.id, model: model.name) {
                () throws(ForecastingError) in try model.fit(s)
            }
            reports.append(ModelReport(fitted))
        } catch {
            failed += 1
            printError("trajectory: skipped: \(error)")
        }
    }
    guard !reports.isEmpty else {
        printError("trajectory: error: no series could be fitted; nothing written")
        throw ExitCode(1)
    }
    let format = output.resolvedFormat
    try output.emit(ReportWriter.render(reports, format: format, meta: format == .json ? meta().bytes : nil))
    if failed > 0 { throw ExitCode(3) }
}
