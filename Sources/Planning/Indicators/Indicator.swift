import Forecasting
import TrajectoryIO

/// What an indicator measures and how to read it (from a dataset's `indicators.csv`).
public struct Indicator: Sendable, Equatable {
    /// Whether higher or lower values are better.
    public enum Direction: String, Sendable { case higher, lower }
    /// A *level* is a state at a time (a rate, a stock, an average cycle): a dated value inside a year is a real
    /// observation at that time. A *flow* is an amount over a year: a year-to-date figure is never an annual value.
    public enum Kind: String, Sendable { case level, flow }

    public let id: String
    public let name: String
    public let unit: String
    public let direction: Direction
    public let lowerBound: Double?
    public let upperBound: Double?
    public let kind: Kind
    /// Where the year-labelled values sit on the time axis.
    public let anchor: AnnualAnchor
    /// Whether the indicator is one of the plan's main indicators.
    public let isPlanIndicator: Bool
    /// The plan target, when the plan sets one.
    public var target: PlanTarget?
}

/// A plan's baseline and target for one indicator.
public struct PlanTarget: Sendable, Equatable {
    public let baselineYear: Int?
    public let baselineValue: Double?
    public let targetYear: Int
    public let targetValue: Double?
    public let sourceURL: String
    public let notes: String
}

/// One row of a dataset's observations file, with its provenance.
public struct Observation: Sendable, Equatable {
    /// How a value relates to its period.
    public enum Basis: String, Sendable {
        /// The full-year figure, or the year-end level, of a year-labelled period.
        case annual
        /// A level observed on the given date.
        case point
        /// A flow cumulated from 1 January to the given date; never an annual value.
        case ytdCumulative = "ytd_cumulative"
    }

    public let indicatorID: String
    public let period: Period
    public let value: Double
    public let unit: String
    public let sourceURL: String
    public let sourceTitle: String
    public let notes: String
    public let confidence: String
    public let basis: Basis
    /// Line in the observations file.
    public let line: Int
}
