import ArgumentParser
import Forecasting
import Foundation
import Planning
import TrajectoryIO

/// `forecast --input`: the input read as a stream (``LongCSVStream``), `chunkSize` series at a time, each chunk
/// forecast and written before the next is read, so memory follows the largest series and the chunk, not the input.
/// The output is byte for byte the one a whole-input run writes. Notes and skipped series are said as they come (the
/// first 20 of each, then how many more).
struct StreamingForecast {
    var input: String
    var reader: LongCSVReader
    var shard: Shard?
    var asOf: CalendarDay?
    var horizon: ForecastHorizon
    var model: any ForecastModel
    var scale: InputScale
    var levels: [Double]
    var threads: Int
    var seriesTimeLimit: Double
    var chunkSize: Int
    var writer: ForecastWriter
    var output: OutputOptions
    var timings: Bool
    var failures: FailureLog
    var progress: ProgressLine
    /// The JSON `meta` for the input's SHA-256.
    var meta: (String?) -> [UInt8]

    func run() throws {
        var failures = failures
        let clock = ContinuousClock()
        var reading = Duration.zero, fitting = Duration.zero, writing = Duration.zero
        let shard = shard
        let stream = try LongCSVStream(reader: reader, path: input, keep: { shard?.contains($0) ?? true })
        var streamWriter = ForecastStreamWriter(writer: writer, levels: levels)
        if writer.format == .json { stream.computesChecksum() }
        var dates = DateReadingNotes()
        var notes = CappedLines(what: "notes"), skipped = CappedLines(what: "series skipped")
        var (forecast, settled, failed, kept, outside) = (0, 0, 0, 0, 0)
        let sink = try output.openSink()
        var started = false
        while true {
            var mark = clock.now
            progress.phase("reading")
            guard let chunk = try stream.next(maxSeries: chunkSize) else { break }
            var series = try dates.read(chunk)
            if let asOf { series = try series.map { try $0.asOf(asOf) } }
            reading += clock.now - mark
            mark = clock.now
            let scaled = try scale.apply(model, series)
            outside += scaled.outside
            var forecaster = try BatchForecaster(
                model: scaled.model, horizon: horizon, levels: levels, threads: threads)
            forecaster.seriesTimeLimit = seriesTimeLimit
            progress.phase("fitting")
            let (progress, fraction) = (progress, stream.fractionRead)
            forecaster.progress = { progress.advance($0, inputFraction: fraction) }
            let result = forecaster.run(series)
            progress.phase("writing")
            fitting += clock.now - mark
            mark = clock.now
            if !result.notes.isEmpty || !result.failures.isEmpty { progress.finish() }
            for note in result.notes { notes.add("trajectory: note: series '\(note.seriesID)': \(note.text)") }
            for failure in result.failures {
                skipped.add("trajectory: skipped: \(failure)")
                failures.add([failure.seriesID ?? "", failure.description])
            }
            (forecast, settled) = (forecast + result.successCount, settled + result.settledCount)
            (failed, kept) = (failed + result.failures.count, kept + series.count)
            // The output starts with the first forecast: a run that forecasts nothing writes nothing. A chunk without
            // a forecast writes no bytes (its failures and notes are kept for the JSON's end).
            if !started && result.successCount > 0 {
                streamWriter.begin(to: sink.write)
                started = true
            }
            streamWriter.write(result, to: sink.write)
            try sink.check()
            writing += clock.now - mark
        }
        progress.finish()
        dates.print()
        InputScale.noteOutside(outside)
        notes.finish()
        skipped.finish()
        try failures.write()
        if kept == 0, let shard {
            printError("trajectory: note: shard \(shard) holds none of the \(stream.seriesCount) series")
        } else if forecast + settled == 0 {
            printError("trajectory: error: no series could be forecast; nothing written")
            throw ExitCode(1)
        }
        if !started { streamWriter.begin(to: sink.write) }
        streamWriter.end(meta: writer.format == .json ? meta(stream.checksum?.hexDigest()) : nil, to: sink.write)
        try sink.finish()
        if timings {
            printError(timingLine("read \(kept) series", reading))
            printError(timingLine("fit and forecast", fitting))
            printError(timingLine("format and write", writing))
        }
        if failed > 0 {
            printError("trajectory: \(forecast) series forecast, \(failed) skipped")
            throw ExitCode(3)
        }
    }

}

/// The scale `--transform` gives `--input` series: log or logit by the bounds for every series; with `auto` and
/// bounds, each series on the bounds' scale when all its values fit it, so a series' forecast depends on its own data
/// alone (and a shard's on its own series).
struct InputScale {
    var transform: TransformChoice
    var lower: Double?
    var upper: Double?

    /// The model on each series' scale; `outside` counts the series that `auto` leaves on the data's scale.
    func apply(_ base: any ForecastModel, _ series: [Series]) throws -> (model: any ForecastModel, outside: Int) {
        switch transform {
        case .none: return (base, 0)
        case .auto where lower == nil && upper == nil: return (base, 0)
        case .log, .logit:
            let t = try transform.resolve(name: "--input", lower: lower, upper: upper, values: [])
            return (TransformedModel(base: base, transform: t), 0)
        case .boxcox:
            // λ from each series' own values at fit time; a series with a negative value says so in its note.
            return (BoxCoxModel(base: base), 0)
        case .auto:
            var transforms: [String: Transform] = [:]
            var outside = 0
            for s in series {
                let t = try transform.resolve(name: "--input", lower: lower, upper: upper, values: s.values)
                if t == .none { outside += 1 }
                transforms[s.id] = t
            }
            return (PerSeriesTransformedModel(base: base, transforms: transforms), outside)
        }
    }

    /// Says how many series `auto` left on the data's scale.
    static func noteOutside(_ count: Int) {
        guard count > 0 else { return }
        printError(
            "trajectory: note: \(count) series have values outside the bounds' scale and are fitted on the data's scale"
        )
    }
}
