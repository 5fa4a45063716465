import Foundation

/// Forecasts of many series laid out series by series: the series of one block share their forecast
/// periods; the mean of series `j` at period `s` is `mean[j*h + s]`. Interval bounds are either stored
/// (`lower/upper[(j*h + s)*L + l]` for `L` levels) or, for the regressions, kept as each series' σ and the
/// per-period half-width factors and computed when read — a quarter of the memory for 100,000 series.
public struct ForecastBlock: Sendable {
    /// The model of each series (automatic selection may choose a different form per series).
    public internal(set) var models: [String]
    /// Forecast periods, shared by every series of the block.
    public let periods: [Period]
    /// Interval levels in percent, in the order requested.
    public let levels: [Double]
    /// Series ids, in block order.
    public internal(set) var seriesIDs: [String]
    /// Point forecasts: series `j` at period `s` is `mean[j*h + s]`.
    public internal(set) var mean: [Double]
    /// How the interval bounds are held.
    public enum Bounds: Sendable {
        /// `lower/upper[(j*h + s)*L + l]`.
        case explicit(lower: [Double], upper: [Double])
        /// Bound = m ± halfWidth[s*L + l]·σ[j] around the model-scale mean m (`log(mean)` when `logScale`,
        /// whose bounds are then exponentiated).
        case scaled(sigma: [Double], halfWidth: [Double], logScale: Bool)
    }
    /// The interval bounds (stored, or scaled from σ when read).
    public internal(set) var bounds: Bounds

    /// Number of series in the block.
    public var count: Int { seriesIDs.count }
    /// Forecast periods per series.
    public var horizon: Int { periods.count }

    /// Lower bound of series `j` at period `s` for level index `l`.
    @inline(__always)
    public func lowerBound(_ j: Int, _ s: Int, _ l: Int) -> Double { bound(j, s, l, -1) }
    /// Upper bound of series `j` at period `s` for level index `l`.
    @inline(__always)
    public func upperBound(_ j: Int, _ s: Int, _ l: Int) -> Double { bound(j, s, l, 1) }

    @inline(__always)
    private func bound(_ j: Int, _ s: Int, _ l: Int, _ side: Double) -> Double {
        let k = j * periods.count + s
        switch bounds {
        case let .explicit(lower, upper):
            return side < 0 ? lower[k * levels.count + l] : upper[k * levels.count + l]
        case let .scaled(sigma, halfWidth, logScale):
            return GriddedLaw.bound(mean[k], side * halfWidth[s * levels.count + l] * sigma[j], logScale)
        }
    }

    /// The forecast of the `j`-th series of the block.
    public func forecast(_ j: Int) -> Forecast {
        let h = periods.count
        return Forecast(
            seriesID: seriesIDs[j], model: models[j], periods: periods, mean: Array(mean[(j * h)..<((j + 1) * h)]),
            intervals: levels.indices.map { l in
                PredictionInterval(
                    level: levels[l], lower: (0..<h).map { lowerBound(j, $0, l) },
                    upper: (0..<h).map { upperBound(j, $0, l) })
            })
    }
}

/// The outcome of a batch run, in the order the series were given.
public struct BatchResult: Sendable {
    /// Forecast blocks.
    public let blocks: [ForecastBlock]
    /// For every input series: where its forecast is (block, column) or why it failed.
    public let outcomes: [Result<BlockPosition, ForecastingError>]
    /// Remarks on individual series (a simpler model used on a short series, …), in input order.
    public let notes: [SeriesNote]

    /// Position of a series' forecast.
    public struct BlockPosition: Sendable, Hashable {
        /// Index of the block in ``BatchResult/blocks``.
        public let block: Int
        /// Column of the series inside its block.
        public let column: Int
    }

    /// The failures, in input order (a series whose data already reach the target year is not one: see
    /// ``settledCount``).
    public var failures: [ForecastingError] {
        outcomes.compactMap {
            guard case let .failure(e) = $0, !Self.isSettled(e) else { return nil }
            return e
        }
    }
    /// Number of series whose data already reach the year asked for (`--to 2025` with 2025 observed): nothing is
    /// left to forecast, which is an answer (its note gives the value), not a failure.
    public var settledCount: Int {
        outcomes.reduce(0) { n, o in if case let .failure(e) = o, Self.isSettled(e) { return n + 1 } else { return n } }
    }
    /// Number of series forecast.
    public var successCount: Int {
        outcomes.reduce(0) { n, o in if case .success = o { return n + 1 } else { return n } }
    }

    static func isSettled(_ e: ForecastingError) -> Bool {
        if case .targetNotAfterData = e { return true }
        return false
    }
}

/// A remark about one series' forecast.
public struct SeriesNote: Sendable, Equatable {
    /// The series the remark is about.
    public let seriesID: String
    /// The remark.
    public let text: String
}
