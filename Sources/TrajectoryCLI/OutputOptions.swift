import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

extension OutputFormat: ExpressibleByArgument {}

/// Options shared by the commands that write results.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "Output format: csv, json or table (default: table on a terminal, else csv; with --output, from the file extension)."
    )
    var format: OutputFormat?

    @Option(
        name: .shortAndLong,
        help:
            "Write to this file (atomically: a temporary file renamed into place); .csv, .json or .txt (a table), '-' for standard output."
    )
    var output: String?

    /// The output file, nil for standard output (`--output -` included).
    var file: String? { output == "-" ? nil : output }

    /// The extensions `--output` takes without `--format`, and the format each means.
    static let extensions: [String: OutputFormat] = ["csv": .csv, "json": .json, "txt": .table]

    /// An output file's extension must say its format (an `.xlsx` or `.parquet` name would get CSV under a name
    /// that promises something else), unless `--format` says it.
    func validate() throws {
        guard format == nil, let file, let ext = Self.fileExtension(file), Self.extensions[ext] == nil else { return }
        throw ValidationError(
            "--output '\(file)': the extension .\(ext) is not a format Trajectory writes; use .csv, .json or .txt (a table), or give --format"
        )
    }

    /// The lowercased extension of a file name (nil without one).
    static func fileExtension(_ path: String) -> String? {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// The format to use.
    var resolvedFormat: OutputFormat {
        if let format { return format }
        if let file {
            return Self.fileExtension(file).flatMap { Self.extensions[$0] } ?? .csv
        }
        return isatty(1) == 1 ? .table : .csv
    }

    /// Streams pieces to the output file (atomically) or standard output; a failed write is an error (exit 1 with
    /// the reason), never a silently shortened output.
    func emit(_ produce: (([UInt8]) -> Void) -> Void) throws {
        if let output = file {
            let file = try AtomicFile(path: output)
            produce { file.write($0) }
            try file.commit()
        } else {
            var failure: DataFileError?
            produce { bytes in
                guard failure == nil else { return }
                do throws(DataFileError) { try FileIO.writeStandardOutput(bytes) } catch { failure = error }
            }
            if let failure { throw failure }
        }
    }

    /// Writes the bytes to the output file or standard output.
    func emit(_ bytes: [UInt8]) throws {
        try emit { sink in sink(bytes) }
    }

    /// An output written piece by piece as a run goes (``OutputSink``).
    func openSink() throws -> OutputSink { OutputSink(file: try file.map { try AtomicFile(path: $0) }) }
}

/// The output of a streaming run: standard output, or a temporary file renamed into place by ``finish()``. The first
/// failed write is kept; ``check()`` throws it so that a run stops at once (a full disk), and ``finish()`` throws it.
final class OutputSink {
    private let file: AtomicFile?
    private var failure: DataFileError?

    init(file: AtomicFile?) { self.file = file }

    func write(_ bytes: [UInt8]) {
        guard failure == nil, !bytes.isEmpty else { return }
        if let file {
            file.write(bytes)
        } else {
            do throws(DataFileError) { try FileIO.writeStandardOutput(bytes) } catch { failure = error }
        }
    }

    /// Throws the first failed write to standard output (a file's is reported by ``finish()``).
    func check() throws {
        if let failure { throw failure }
    }

    /// Commits the file (or reports a failed write to standard output).
    func finish() throws {
        try check()
        try file?.commit()
    }
}

/// Where the shipped datasets are.
struct DatasetLocationOptions: ParsableArguments {
    @Option(
        name: .customLong("datasets"),
        help:
            "Path of the Datasets folder (default: found from the current or the executable's folder, or $TRAJECTORY_DATASETS)."
    )
    var datasetsPath: String?
}

/// The text width of tables: the terminal's when standard output is one (or `COLUMNS`), else 80.
func terminalWidth() -> Int {
    if let text = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(text), n >= 40 { return n }
    var size = winsize()
    if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
    return 80
}

/// Whether to colour a table: standard output is a terminal and `NO_COLOR` is not set (no-color.org).
func useColour(toFile: Bool) -> Bool {
    !toFile && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}

/// The targets rows in `format`: the compact table for people (``CompactTargetsTable``), else every column.
func renderTargets(
    _ entries: [(scenario: String?, outlook: IndicatorOutlook)], _ format: OutputFormat, toFile: Bool,
    scenarioColumn: Bool? = nil
) -> [UInt8] {
    guard format == .table else {
        return OutlookTable.make(entries, footnotes: false, scenarioColumn: scenarioColumn).render(format)
    }
    return Array(
        CompactTargetsTable.render(entries, width: toFile ? 80 : terminalWidth(), colour: useColour(toFile: toFile))
            .utf8)
}

/// One `--timings` line: the stage, then its milliseconds right-aligned (`timing: fit and forecast      812.40 ms`).
func timingLine(_ stage: String, _ elapsed: Duration) -> String {
    let ms = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    let label = stage.count < 32 ? stage + String(repeating: " ", count: 32 - stage.count) : stage
    return "timing: " + label + String(format: "%12.2f ms", ms)
}

/// Prints the first 20 `lines` on standard error, then how many more there were (`… and 12 more notes`).
func printCapped(_ lines: [String], more what: String) {
    var capped = CappedLines(what: what)
    for line in lines { capped.add(line) }
    capped.finish()
}

/// Lines said on standard error as they come, the first 20, then at the end how many more there were.
struct CappedLines {
    let what: String
    private(set) var count = 0

    init(what: String) { self.what = what }

    mutating func add(_ line: String) {
        count += 1
        if count <= 20 { printError(line) }
    }

    func finish() {
        if count > 20 { printError("trajectory: … and \(count - 20) more \(what)") }
    }
}

/// Prints a message on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning the library's typed errors into a message and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PlanningError {
        printError("trajectory: error: \(error)")
        throw ExitCode(1)
    } catch let error as ForecastingError {
        printError("trajectory: error: \(error)")
        throw ExitCode(1)
    } catch let error as DataFileError {
        printError("trajectory: error: \(error)")
        throw ExitCode(1)
    }
}

/// `--model NAME`, parsed once into a ``ModelSpec`` (an unknown name is a usage error naming the valid ones).
func parseModel(_ text: String) throws -> ModelSpec {
    do { return try ModelSpec.parse(text) } catch { throw ValidationError(error.description) }
}

/// `--model` with `--drift` applied (a fixed ARIMA order with d = 1 gains a drift; other models are left alone).
func withDrift(_ spec: ModelSpec, _ drift: Bool) throws -> ModelSpec {
    guard drift else { return spec }
    do { return try spec.withDrift() } catch { throw ValidationError(error.description) }
}

/// Interval levels as given, or the defaults; levels all given as fractions (`--level 0.8 --level 0.95`, as in
/// statsmodels) are read as percent.
func percentLevels(_ given: [Double]) -> [Double] {
    guard !given.isEmpty else { return ModelDefaults.levels }
    return levelsAreFractions(given) ? given.map { $0 * 100 } : given
}

/// Whether every level lies in (0, 1): fractions rather than percent.
func levelsAreFractions(_ given: [Double]) -> Bool { !given.isEmpty && given.allSatisfy { $0 > 0 && $0 < 1 } }

/// `--level` checks: fractions or percent, each strictly between 0 and 100.
func validateLevels(_ given: [Double]) throws {
    if given.contains(where: { $0 > 0 && $0 < 1 }) && !levelsAreFractions(given) {
        throw ValidationError(
            "--level mixes fractions and percentages (\(given.map { ForecastWriter.levelLabel($0) }.joined(separator: ", "))); give all as percent, e.g. --level 80 --level 95"
        )
    }
    for l in percentLevels(given) where !(l > 0 && l < 100) {
        throw ValidationError(
            "--level must be a percentage strictly between 0 and 100 (or a fraction below 1), got \(l)")
    }
}

/// Says on standard error that fractional levels were read as percent.
func noteFractionLevels(_ given: [Double]) {
    guard levelsAreFractions(given) else { return }
    let shown = percentLevels(given).map { ForecastWriter.levelLabel($0) + "%" }.joined(separator: ", ")
    printError("trajectory: note: levels below 1 read as fractions: \(shown)")
}

/// `--intervals model|calibrated`.
enum IntervalChoice: String, ExpressibleByArgument, CaseIterable {
    case model, calibrated

    /// The model with calibrated intervals when asked.
    func wrap(_ model: any ForecastModel) -> any ForecastModel {
        self == .calibrated ? CalibratedModel(base: model) : model
    }
}

/// The series of a user's file with their dates read as users write them (``Series/readingDates()``): one note per
/// convention used; monthly, quarterly or finer data stop the run with an error naming the frequency.
func readingDates(_ series: [Series]) throws -> [Series] {
    var notes = DateReadingNotes()
    let out = try notes.read(series)
    notes.print()
    return out
}

/// The date conventions used while reading series, counted over a whole run (a stream reads it chunk by chunk) and
/// said once each at the end.
struct DateReadingNotes {
    private var conventions: [String: Int] = [:]
    private var firstConverted: [String: String] = [:]

    /// The series with their dates read (``Series/readingDates()``), the conventions counted.
    mutating func read(_ series: [Series]) throws -> [Series] {
        var out: [Series] = []
        out.reserveCapacity(series.count)
        for s in series {
            let (read, convention) = try s.readingDates()
            if let note = convention.note {
                conventions[note, default: 0] += 1
                if firstConverted[note] == nil { firstConverted[note] = s.id }
            }
            out.append(read)
        }
        return out
    }

    /// One note per convention: the series, or how many.
    func print() {
        for (note, n) in conventions.sorted(by: { $0.key < $1.key }) {
            let whose = n == 1 ? "series '\(firstConverted[note] ?? "")'" : "\(n) series"
            printError("trajectory: note: \(whose): \(note)")
        }
    }
}
