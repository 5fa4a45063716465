import Forecasting

/// Writes a forecast run that arrives in chunks (``LongCSVStream``) as one output: the CSV header once, then each
/// chunk's rows as it is done; JSON as one object whose failures and notes follow the last chunk; a table block by
/// block. The bytes are those ``ForecastWriter`` writes for the whole batch at once.
public struct ForecastStreamWriter: Sendable {
    /// The writer of each chunk.
    public let writer: ForecastWriter
    /// Interval levels in percent.
    public let levels: [Double]
    private var first = true
    private var failures: [(String, String)] = []
    private var notes: [SeriesNote] = []

    /// A stream writer of `writer`'s format.
    public init(writer: ForecastWriter, levels: [Double]) {
        self.writer = writer
        self.levels = levels
    }

    /// The start of the output.
    public func begin(to sink: ([UInt8]) -> Void) {
        switch writer.format {
        case .csv: sink(writer.csvHeader(levels: levels))
        case .json: sink(Array("{\"forecasts\":[".utf8))
        case .table: break
        }
    }

    /// One chunk's forecasts (its failures and notes are kept for the JSON's end).
    public mutating func write(_ result: BatchResult, to sink: ([UInt8]) -> Void) {
        switch writer.format {
        case .csv: writer.writeCSVRows(result, to: sink)
        case .json:
            var out: [UInt8] = []
            writer.appendJSONRows(result, levels: levels, first: &first, into: &out)
            sink(out)
            failures += result.failures.map { ($0.seriesID ?? "", $0.description) }
            notes += result.notes
        case .table: sink(writer.renderTable(result, levels: levels))
        }
    }

    /// The end of the output; a JSON output ends with `meta` (its bytes), which may depend on the whole input (its
    /// checksum).
    package func end(meta: [UInt8]?, to sink: ([UInt8]) -> Void) {
        guard writer.format == .json else { return }
        var out: [UInt8] = []
        writer.appendJSONTail(failures, notes, meta: meta, into: &out)
        sink(out)
    }
}
