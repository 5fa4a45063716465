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

    @Option(name: .shortAndLong, help: "Write to this file (atomically: a temporary file renamed into place).")
    var output: String?

    /// The format to use.
    var resolvedFormat: OutputFormat {
        if let format { return format }
        if let output {
            if output.hasSuffix(".json") { return .json }
            if output.hasSuffix(".txt") { return .table }
            return .csv
        }
        return isatty(1) == 1 ? .table : .csv
    }

    /// Streams pieces to the output file (atomically) or standard output; a failed write is an error (exit 1 with
    /// the reason), never a silently shortened output.
    func emit(_ produce: (([UInt8]) -> Void) -> Void) throws {
        if let output {
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
    var out: [Series] = []
    out.reserveCapacity(series.count)
    var conventions: [String: Int] = [:]
    var firstConverted: [String: String] = [:]
    for s in series {
        let (read, convention) = try s.readingDates()
        if let note = convention.note {
            conventions[note, default: 0] += 1
            if firstConverted[note] == nil { firstConverted[note] = s.id }
        }
        out.append(read)
    }
    for (note, n) in conventions.sorted(by: { $0.key < $1.key }) {
        let whose = n == 1 ? "series '\(firstConverted[note] ?? "")'" : "\(n) series"
        printError("trajectory: note: \(whose): \(note)")
    }
    return out
}
