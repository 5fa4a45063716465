import Foundation
import Testing

@testable import Forecasting
@testable import TrajectoryIO

/// Writes `text` to a temporary file and streams it in chunks of `chunk` series, `block` bytes read at a time.
private func stream(
    _ text: String, chunk: Int = 2, block: Int = 7, keep: @escaping (String) -> Bool = { _ in true }
) throws -> [[Series]] {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tj-stream-\(UUID().uuidString).csv").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let s = try LongCSVStream(reader: LongCSVReader(), path: path, keep: keep, blockSize: block)
    var chunks: [[Series]] = []
    while let next = try s.next(maxSeries: chunk) { chunks.append(next) }
    return chunks
}

private func whole(_ text: String) throws -> [Series] {
    try Array(text.utf8).withUnsafeBufferPointer { try LongCSVReader().parse($0, fileName: "in.csv") }
}

/// What a series is made of, for comparing two readings.
private func parts(_ s: [Series]) -> [String] {
    s.map { "\($0.id)|\($0.periods.map(\.description))|\($0.times)|\($0.values)" }
}

private func streamError(_ text: String, block: Int = 7) -> DataFileError? {
    do {
        _ = try stream(text, block: block)
        return nil
    } catch let error as DataFileError {
        return error
    } catch {
        return nil
    }
}

@Suite("Long CSV stream")
struct LongCSVStreamTests {
    /// Quoted ids holding commas, quotes and line feeds, CRLF ends, a byte order mark, missing values and periods out
    /// of order, read 1, 3, 7 and 4096 bytes at a time: the same series as the whole-file reader, in chunks.
    @Test func readsWhatTheWholeFileReaderReadsAtAnyBlockSize() throws {
        let text =
            "\u{FEFF}note,series_id,period,value\r\n\"x, y\",\"id \"\"1\"\"\",2021,1\r\n,\"id \"\"1\"\"\",2020,2\r\n"
            + "z,\"two\nlines\",2020,NA\r\nz,\"two\nlines\",2021,5\r\nq,c,2019,7\r\nq,c,2020,8\r\nq,d,2020,9"
        let expected = parts(try whole(text))
        #expect(expected.count == 4)
        for block in [1, 3, 7, 4096] {
            let chunks = try stream(text, chunk: 3, block: block)
            #expect(chunks.map(\.count) == [3, 1])
            #expect(parts(chunks.flatMap { $0 }) == expected)
        }
    }

    /// Line ends are judged once, on the file's first line end, as the whole-file reader judges them: after a blank
    /// first line a carriage return inside a later line is data, at any block size (a fuzz finding: the stream judged
    /// each block until the header was read, and refused what the reader read).
    @Test func lineEndsAreJudgedOnTheFirstLineEndOnly() throws {
        let text = "\nnote\r,series_id,period,value\nx,s,2000,1\nx,s,2001,2\n"
        let expected = parts(try whole(text))
        #expect(expected.count == 1)
        for block in [1, 2, 7, 4096] {
            #expect(parts(try stream(text, block: block).flatMap { $0 }) == expected)
        }
        // A file whose first line ends in a carriage return alone is refused by both.
        let refused = streamError("series_id,period,value\ra,2020,1\ra,2021,2\r", block: 1)
        #expect(refused.map { if case .carriageReturnLineEnds = $0 { true } else { false } } == true)
    }

    /// Line numbers run on across blocks (3 bytes at a time here), a quoted period included.
    @Test func errorsNameTheLineAndColumn() throws {
        let bad = streamError("series_id,period,value\na,2020,1\na,2021,2\nb,2020,1\nb,\"2021\",x\n", block: 3)
        #expect(
            bad?.description
                == "standard input: line 5, column 3 (value): 'x' is not a number".replacingOccurrences(
                    of: "standard input", with: bad.map(fileOf) ?? ""))
        let duplicate = streamError("series_id,period,value\na,2020,1\na,2021,2\na,2020,3\n", block: 3)
        guard case let .duplicatePeriod(_, line, series, _, first) = duplicate else {
            Issue.record("expected a duplicate period, got \(String(describing: duplicate))")
            return
        }
        #expect((line, series, first) == (4, "a", 2))
    }

    /// A series whose rows resume after another began cannot be streamed: the error names the line and both series.
    @Test func refusesUngroupedRows() {
        let error = streamError("series_id,period,value\na,2020,1\nb,2020,1\nb,2021,2\na,2021,2\n")
        #expect(error == .ungroupedRows(file: error.map(fileOf) ?? "", line: 5, series: "a", previousSeries: "b"))
        #expect(error?.description.contains("--ungrouped") == true)
    }

    /// Series that `keep` leaves out are read and checked, not returned.
    @Test func keepsOnlyTheSeriesAsked() throws {
        let text = "series_id,period,value\na,2020,1\nb,2020,1\nc,2020,3\n"
        #expect(try stream(text, keep: { $0 != "b" }).flatMap { $0 }.map(\.id) == ["a", "c"])
        #expect(throws: DataFileError.self) {
            try stream("series_id,period,value\na,2020,1\nb,2020,oops\n", keep: { $0 == "a" })
        }
    }

    @Test func emptyInputsAreErrors() {
        #expect(streamError("").map { if case .emptyFile = $0 { true } else { false } } == true)
        #expect(streamError("series_id,period,value\n").map { if case .noData = $0 { true } else { false } } == true)
        #expect(
            streamError("series_id,period,value\ra,1,2\r").map {
                if case .carriageReturnLineEnds = $0 { true } else { false }
            } == true)
    }
}

/// The file an error names.
private func fileOf(_ error: DataFileError) -> String {
    switch error {
    case let .ungroupedRows(file, _, _, _), let .nonNumericValue(file, _, _, _, _): return file
    default: return ""
    }
}

@Suite("SHA-256")
struct SHA256Tests {
    private func digest(_ bytes: [UInt8], pieces: Int = 1) -> String {
        var hash = SHA256()
        let step = max(1, bytes.count / pieces)
        var start = 0
        while start < bytes.count {
            hash.update(Array(bytes[start..<min(bytes.count, start + step)]))
            start += step
        }
        return hash.hexDigest()
    }

    /// The FIPS 180-2 appendix B examples, fed whole and in odd pieces (block boundaries crossed).
    @Test func fipsExamples() {
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        for pieces in [1, 3, 7, 56] {
            #expect(digest(two, pieces: pieces) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        }
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(digest(million, pieces: 37) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
