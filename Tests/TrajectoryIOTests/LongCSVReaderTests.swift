import Foundation
import Testing

@testable import Forecasting
@testable import TrajectoryIO

private func read(_ text: String, reader: LongCSVReader = LongCSVReader()) throws -> [Series] {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { try reader.parse($0, fileName: "in.csv") }
}

private func readError(_ text: String, reader: LongCSVReader = LongCSVReader()) -> DataFileError? {
    do {
        _ = try read(text, reader: reader)
        return nil
    } catch let error as DataFileError {
        return error
    } catch {
        return nil
    }
}

@Suite("Long CSV reader")
struct LongCSVReaderTests {
    @Test func readsSeriesInFirstAppearanceOrder() throws {
        let series = try read("series_id,period,value\nb,2020,1\nb,2021,2.5\na,2020,-3e2\na,2021,4\n")
        #expect(series.map(\.id) == ["b", "a"])
        #expect(series[0].values == [1, 2.5])
        #expect(series[1].values == [-300, 4])
        #expect(series[1].periods == [.year(2020), .year(2021)])
    }

    @Test func acceptsQuotingCRLFBOMAndExtraColumns() throws {
        let text =
            "\u{FEFF}note,series_id,period,value\r\n\"x, y\",\"id \"\"1\"\"\",2020,1\r\n,\"id \"\"1\"\"\",2021,2\r\n"
        let series = try read(text)
        #expect(series.count == 1)
        #expect(series[0].id == "id \"1\"")
        #expect(series[0].values == [1, 2])
    }

    @Test func sortsPeriodsAndMixesYearsDatesAndDecimals() throws {
        let series = try read("series_id,period,value\ns,2022,3\ns,2020,1\ns,2021-06-30,2\ns,2023.5,4\n")
        #expect(series[0].values == [1, 2, 3, 4])
        #expect(series[0].periods.map(\.description) == ["2020", "2021-06-30", "2022", "2023.5"])
        #expect(abs(series[0].times[1] - (2021 + 181.0 / 365)) < 1e-12)
    }

    @Test func gathersNonContiguousRows() throws {
        let series = try read("series_id,period,value\na,2020,1\nb,2020,10\na,2021,2\nb,2021,20\n")
        #expect(series.map(\.id) == ["a", "b"])
        #expect(series[0].values == [1, 2] && series[1].values == [10, 20])
    }

    @Test func skipsMissingValues() throws {
        let series = try read("series_id,period,value\na,2020,1\na,2021,\na,2022,NA\na,2023,4\n")
        #expect(series[0].values == [1, 4])
    }

    /// Nothing is lost without a word: a bad period is an error even when the value is missing, and a series whose
    /// values are all missing is still returned (empty), so that it is reported by id.
    @Test func missingValuesLoseNothingSilently() throws {
        #expect(
            readError("series_id,period,value\na,2020,1\na,20x1,NA\n")
                == .badPeriod(file: "in.csv", line: 3, column: 2, columnName: "period", text: "20x1"))
        let series = try read("series_id,period,value\na,2020,1\nb,2020,NA\nb,2021,\na,2021,2\n")
        #expect(series.map(\.id) == ["a", "b"] && series[1].count == 0)
    }

    /// Ids are trimmed of surrounding spaces and tabs and otherwise compared byte for byte: NFC and NFD spellings
    /// are two series; bytes that are not UTF-8 are an error naming line and column.
    @Test func idsAreComparedByteForByte() throws {
        let nfc = "caf\u{E9}", nfd = "cafe\u{301}"
        #expect(nfc == nfd)  // Swift's canonical equality, which merged them before
        let series = try read("series_id,period,value\n\(nfc),2020,1\n\(nfd),2020,2\n \(nfc) ,2021,3\n")
        #expect(series.count == 2)
        #expect(Array(series[0].id.utf8) == Array(nfc.utf8) && series[0].values == [1, 3])
        #expect(Array(series[1].id.utf8) == Array(nfd.utf8) && series[1].values == [2])
        var bytes = Array("series_id,period,value\na".utf8) + [0xFF] + Array(",2020,1\na".utf8) + [0xFE]
        bytes += Array(",2020,2\n".utf8)
        let input = bytes
        #expect(throws: DataFileError.invalidText(file: "in.csv", line: 2, column: 1, columnName: "series_id")) {
            _ = try input.withUnsafeBufferPointer { try LongCSVReader().parse($0, fileName: "in.csv") }
        }
    }

    /// Lines that end in a carriage return alone are refused clearly (they read as one long header line); CRLF is
    /// read as before.
    @Test func carriageReturnLineEndsAreRefused() throws {
        #expect(readError("series_id,period,value\ra,2020,1\ra,2021,2\r") == .carriageReturnLineEnds(file: "in.csv"))
        #expect(try read("series_id,period,value\r\na,2020,1\r\na,2021,2\r\n")[0].values == [1, 2])
        // A carriage return inside a quoted field after the first line end is data, not a line end.
        #expect(try read("series_id,period,value\na,2020,1\n\"b\rc\",2020,2\n").map(\.id) == ["a", "b\rc"])
    }

    @Test func renamedColumns() throws {
        let reader = LongCSVReader(idColumn: "unique_id", periodColumn: "ds", valueColumn: "y")
        let series = try read("unique_id,ds,y\nu,2020,5\nu,2021,6\n", reader: reader)
        #expect(series[0].id == "u" && series[0].values == [5, 6])
    }

    @Test func errorsNameFileLineAndColumn() {
        #expect(readError("") == .emptyFile(file: "in.csv"))
        #expect(readError("series_id,period,value\n") == .noData(file: "in.csv"))
        #expect(
            readError("id,period,value\na,2020,1\n")
                == .missingColumn(file: "in.csv", column: "series_id", header: ["id", "period", "value"]))
        #expect(
            readError("series_id,period,value\na,2020,1\na,2021,abc\n")
                == .nonNumericValue(file: "in.csv", line: 3, column: 3, columnName: "value", text: "abc"))
        #expect(
            readError("series_id,period,value\na,2020,1e999\n")
                == .valueOutOfRange(file: "in.csv", line: 2, column: 3, columnName: "value", text: "1e999"))
        #expect(
            readError("series_id,period,value\na,20x1,1\n")
                == .badPeriod(file: "in.csv", line: 2, column: 2, columnName: "period", text: "20x1"))
        #expect(
            readError("series_id,period,value\na,2023-02-30,1\n")
                == .badPeriod(file: "in.csv", line: 2, column: 2, columnName: "period", text: "2023-02-30"))
        #expect(
            readError("series_id,period,value\na,2020,1,9\n")
                == .wrongFieldCount(file: "in.csv", line: 2, expected: 3, got: 4))
        #expect(
            readError("series_id,period,value\n,2020,1\n")
                == .emptyIdentifier(file: "in.csv", line: 2, column: 1, columnName: "series_id"))
        #expect(
            readError("series_id,period,value\n\"a,2020,1\n")
                == .badQuoting(file: "in.csv", line: 2, column: 1, detail: "a quoted field is never closed"))
        #expect(
            readError("series_id,period,value\na\"b,2020,1\n")
                == .badQuoting(file: "in.csv", line: 2, column: 1, detail: "a quote inside an unquoted field"))
        #expect(
            readError("series_id,period,value\na,2021,1\na,2020,2\nb,2020,0\na,2021,3\n")
                == .duplicatePeriod(file: "in.csv", line: 5, series: "a", period: "2021", firstLine: 2))
        #expect(readError("series_id,series_id,value\n") == .duplicateColumn(file: "in.csv", column: "series_id"))
    }

    @Test func errorMessagesAreReadable() {
        let message = DataFileError.nonNumericValue(
            file: "in.csv", line: 3, column: 3, columnName: "value", text: "abc"
        ).description
        #expect(message == "in.csv: line 3, column 3 (value): 'abc' is not a number")
    }

    @Test func missingFileIsReported() {
        #expect(throws: DataFileError.cannotRead(file: "/nonexistent/x.csv", reason: "no such file")) {
            try LongCSVReader().read(path: "/nonexistent/x.csv")
        }
    }
}

@Suite("Number parsing and formatting")
struct NumberTextTests {
    private func parse(_ s: String) -> Double? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { b in
            if case let .value(v) = DecimalParser.parse(b, 0, b.count) { return v }
            return nil
        }
    }

    /// The decimal parser rounds exactly like Swift's own `Double(String)` (both correctly rounded).
    @Test func decimalParserIsCorrectlyRounded() {
        var state: UInt64 = 12345
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let mantissa = state >> 20
            let exponent = Int((state >> 8) % 60) - 30
            let text = "\(mantissa % 2 == 0 ? "-" : "")\(mantissa)e\(exponent)"
            #expect(parse(text) == Double(text), "\(text)")
        }
        for text in ["0", "-0.5", "+3", "1.", ".5", "12.345678901234567890123", "1e22", "1e23", "4.9e-324", " 7 "] {
            #expect(parse(text) == Double(text.trimmingCharacters(in: .whitespaces)), "\(text)")
        }
        for text in ["", "-", "1e", "abc", "1.2.3", "0x10", "nan", "inf", "1,5"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }

    private func format(_ x: Double) -> String {
        var out: [UInt8] = []
        NumberText.append(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func formatterWritesFifteenSignificantDigits() {
        #expect(format(0) == "0")
        #expect(format(1) == "1")
        #expect(format(-2.5) == "-2.5")
        #expect(format(69610) == "69610")
        #expect(format(0.1 + 0.2) == "0.3")
        #expect(format(1.0 / 3) == "0.333333333333333")
        #expect(format(1e-7) == "1e-7")
        #expect(format(123456789012345680) == "1.23456789012346e17")
        #expect(format(.nan) == "NA")
        var state: UInt64 = 99
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(bitPattern: (state >> 2) | 0x3000_0000_0000_0000) * (state & 1 == 0 ? 1 : -1)
            guard x.isFinite else { continue }
            let back = Double(format(x)) ?? .nan
            #expect(abs(back - x) <= 5.1e-15 * abs(x), "\(x) → \(format(x))")
        }
    }
}
