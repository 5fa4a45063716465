import Forecasting

/// Errors from reading and writing data files, with the file, line and column a planner can go to.
public enum DataFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotRead(file: String, reason: String)
    case cannotWrite(file: String, reason: String)
    case emptyFile(file: String)
    case missingColumn(file: String, column: String, header: [String])
    case duplicateColumn(file: String, column: String)
    case badQuoting(file: String, line: Int, column: Int, detail: String)
    case wrongFieldCount(file: String, line: Int, expected: Int, got: Int)
    case nonNumericValue(file: String, line: Int, column: Int, columnName: String, text: String)
    case valueOutOfRange(file: String, line: Int, column: Int, columnName: String, text: String)
    case badPeriod(file: String, line: Int, column: Int, columnName: String, text: String)
    case emptyIdentifier(file: String, line: Int, column: Int, columnName: String)
    /// A field whose bytes are not valid UTF-8 text (an id that would otherwise merge with another).
    case invalidText(file: String, line: Int, column: Int, columnName: String)
    case duplicatePeriod(file: String, line: Int, series: String, period: String, firstLine: Int)
    case noData(file: String)
    /// A series whose rows resume after another series began, in input read as a stream (rows grouped by series).
    case ungroupedRows(file: String, line: Int, series: String, previousSeries: String)
    /// Lines end in a carriage return alone (classic Mac OS), which would read as one long line.
    case carriageReturnLineEnds(file: String)
    /// A series read from the file could not be built (a value the engine refuses).
    case forecasting(ForecastingError)

    /// A sentence naming the file, line and column.
    public var description: String {
        switch self {
        case let .cannotRead(file, reason): return "\(file): cannot read: \(reason)"
        case let .cannotWrite(file, reason): return "\(file): cannot write: \(reason)"
        case let .emptyFile(file): return "\(file): the file is empty (expected a header line and data)"
        case let .missingColumn(file, column, header):
            return "\(file): line 1: no column named '\(column)' (the header has: \(header.joined(separator: ", ")))"
        case let .duplicateColumn(file, column):
            return "\(file): line 1: column '\(column)' appears twice in the header"
        case let .badQuoting(file, line, column, detail):
            return "\(file): line \(line), column \(column): bad quoting: \(detail)"
        case let .wrongFieldCount(file, line, expected, got):
            return "\(file): line \(line): expected \(expected) fields as in the header, found \(got)"
        case let .nonNumericValue(file, line, column, name, text):
            return "\(file): line \(line), column \(column) (\(name)): '\(text)' is not a number"
        case let .valueOutOfRange(file, line, column, name, text):
            return
                "\(file): line \(line), column \(column) (\(name)): '\(text)' is outside the range of a double-precision number"
        case let .badPeriod(file, line, column, name, text):
            return
                "\(file): line \(line), column \(column) (\(name)): '\(text)' is not a period (expected a year such as 2022, a date such as 2023-06-30, or a decimal year such as 2023.5, between -9999 and 9999)"
        case let .emptyIdentifier(file, line, column, name):
            return "\(file): line \(line), column \(column) (\(name)): the series id is empty"
        case let .invalidText(file, line, column, name):
            return "\(file): line \(line), column \(column) (\(name)): the text is not valid UTF-8"
        case let .duplicatePeriod(file, line, series, period, firstLine):
            return
                "\(file): line \(line): series '\(series)' already has a value for period \(period) (line \(firstLine))"
        case let .ungroupedRows(file, line, series, previous):
            return
                "\(file): line \(line): rows of series '\(series)' resume after series '\(previous)' began; a stream needs each series' rows together (sort by the id column, e.g. sort -t, -k1,1 -s, keeping the header first) or pass --ungrouped to read the whole input first"
        case let .noData(file): return "\(file): the header is there but no data rows follow"
        case let .carriageReturnLineEnds(file):
            return "\(file): lines end in a carriage return alone (classic Mac OS); convert them to LF or CRLF"
        case let .forecasting(error): return error.description
        }
    }
}
