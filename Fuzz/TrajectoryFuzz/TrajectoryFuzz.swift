import Forecasting
import Foundation
import Planning
import TrajectoryIO

// Fuzz targets for the parsers that read user input: the CSV tokenizer, the decimal parser (against strtod), the
// long-CSV reader, the period parser and the scenario reader. One executable holds them all; FUZZ_TARGET chooses
// which one libFuzzer drives. Built with `-sanitize=fuzzer,address -parse-as-library -DFUZZING` (scripts/fuzz.sh)
// libFuzzer supplies `main`; built normally it is a replay tool that runs files through a target (CI replays the
// seed corpora with it).

/// The fuzz targets by name.
enum FuzzTargets {
    static let names = ["csv", "decimal", "longcsv", "longcsvstream", "period", "scenario"]

    static func run(_ name: String, _ data: UnsafeBufferPointer<UInt8>) {
        switch name {
        case "csv": tokenize(data)
        case "decimal": decimal(data)
        case "longcsv": _ = try? LongCSVReader().parse(data, fileName: "fuzz.csv")
        case "longcsvstream": stream(data)
        case "period": period(data)
        case "scenario": scenario(data)
        default: fatalError("unknown fuzz target \(name); known: \(names)")
        }
    }

    /// Every field of every row lies inside the buffer.
    static func tokenize(_ data: UnsafeBufferPointer<UInt8>) {
        var tokenizer = CSVTokenizer(bytes: data, fileName: "fuzz.csv")
        var fields: [FieldRange] = []
        var rows = 0
        while (try? tokenizer.next(into: &fields)) == true, rows < 1_000_000 {
            rows += 1
            for f in fields where !(0 <= f.start && f.start <= f.end && f.end <= data.count) {
                fatalError("field \(f.start)..<\(f.end) outside a buffer of \(data.count) bytes")
            }
        }
    }

    /// The hand-written parser agrees with strtod on every text it accepts, and accepts what it should.
    static func decimal(_ data: UnsafeBufferPointer<UInt8>) {
        guard data.count < 400 else { return }
        let outcome = DecimalParser.parse(data, 0, data.count)
        guard case let .value(v) = outcome else { return }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard let reference = Double(text) else { fatalError("accepted '\(text)', which Double(String) refuses") }
        guard reference == v || (reference.isNaN && v.isNaN) else {
            fatalError("'\(text)': \(v) but Double(String) gives \(reference)")
        }
    }

    /// A parsed period has a finite time inside the valid years and a last day, and makes a series.
    static func period(_ data: UnsafeBufferPointer<UInt8>) {
        guard let p = Period.parse(bytes: data, 0, data.count) else { return }
        let t = p.time()
        guard t.isFinite, t >= Double(Period.validYears.lowerBound) - 1, t <= Double(Period.validYears.upperBound) + 2
        else {
            fatalError("period \(p) has time \(t)")
        }
        _ = p.lastDay
        _ = p.description
        if let s = try? Series(id: "f", periods: [p], values: [1]) { _ = try? s.forecastPeriods(.steps(3)) }
    }

    /// Differential: the stream (blocks of 1–64 bytes, chunks of 2 series) reads what the whole-file reader reads. When
    /// the reader accepts the input, the stream gives the same series, or refuses rows of a series that resume after
    /// another began (which the reader regroups); when the reader refuses it, so does the stream (its error may be
    /// another one: it meets a series' repeated period when the series ends, the reader after every row).
    static func stream(_ data: UnsafeBufferPointer<UInt8>) {
        let whole = Result { () throws(DataFileError) in try LongCSVReader().parse(data, fileName: "fuzz.csv") }
        let path = "/dev/shm/trajectory-fuzz-\(getpid()).csv"
        guard FileManager.default.createFile(atPath: path, contents: Data(buffer: data)) else { return }
        defer { unlink(path) }
        let block = data.first.map { Int($0 % 64) + 1 } ?? 1
        let streamed = Result { () throws(DataFileError) -> [Series] in
            let s = try LongCSVStream(reader: LongCSVReader(), path: path, blockSize: block)
            var all: [Series] = []
            while let chunk = try s.next(maxSeries: 2) { all += chunk }
            return all
        }
        func parts(_ s: [Series]) -> [String] { s.map { "\($0.id)|\($0.periods)|\($0.times)|\($0.values)" } }
        switch (whole, streamed) {
        case let (.success(a), .success(b)):
            if parts(a) != parts(b) { fatalError("the stream read other series than the reader") }
        case (.success, .failure(.ungroupedRows)), (.failure, .failure): break
        case let (.success, .failure(error)): fatalError("the stream refused what the reader read: \(error)")
        case let (.failure(error), .success): fatalError("the stream read what the reader refused: \(error)")
        }
    }

    /// The scenario reader gives a file or an error with a position, in bounded time.
    static func scenario(_ data: UnsafeBufferPointer<UInt8>) {
        guard data.count <= 1 << 16, let text = String(validating: data, as: UTF8.self) else { return }
        _ = try? ScenarioFile.parse(text, file: "fuzz.yaml")
    }
}

/// Which target this process drives (`FUZZ_TARGET`, default `longcsv`).
let fuzzTarget = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "longcsv"

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTargets.run(fuzzTarget, UnsafeBufferPointer(start: data, count: size))
    return 0
}

#if FUZZING
    /// libFuzzer's driver (exported by the fuzzer runtime that `-sanitize=fuzzer` links).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// SwiftPM links an executable's `main` to `<product>_main`; here it starts libFuzzer's driver.
    @_cdecl("TrajectoryFuzz_main")
    func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc, values = argv
        return runFuzzerDriver(&count, &values) { data, size in fuzzOne(data, size) }
    }
#else
    /// `TrajectoryFuzz TARGET PATH…`: runs every file (or every file in every folder) through a target.
    @main
    struct Replay {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            guard let target = arguments.first, FuzzTargets.names.contains(target) else {
                FileHandle.standardError.write(
                    Data("usage: TrajectoryFuzz \(FuzzTargets.names.joined(separator: "|")) PATH…\n".utf8))
                exit(64)
            }
            var count = 0
            for path in arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                let files =
                    isDirectory.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map {
                        path + "/" + $0
                    }
                    : [path]
                for file in files {
                    guard let bytes = FileManager.default.contents(atPath: file) else { continue }
                    [UInt8](bytes).withUnsafeBufferPointer { FuzzTargets.run(target, $0) }
                    count += 1
                }
            }
            print("\(target): \(count) inputs replayed, no crash")
        }
    }
#endif
