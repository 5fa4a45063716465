import Forecasting
import TrajectoryIO

/// What an indicator measures and how to read it (from a dataset's `indicators.csv`).
public struct Indicator: Sendable, Equatable {
    /// Whether higher or lower values are better.
    public enum Direction: String, Sendable { case higher, lower }
    /// A *level* is a state at a time (a rate, a stock, an average cycle): a dated value inside a year is a real
    /// observation at that time. A *flow* is an amount over a year: a year-to-date figure is never an annual value.
    public enum Kind: String, Sendable { case level, flow }

    /// Identifier (`inv_exam_cycle_months`).
    public let id: String
    /// Name as the plan writes it.
    public let name: String
    /// Unit of the values.
    public let unit: String
    /// Whether higher or lower values are better.
    public let direction: Direction
    /// Lower bound of the values, when there is one.
    public let lowerBound: Double?
    /// Upper bound of the values, when there is one.
    public let upperBound: Double?
    /// A level (a state at a time) or a flow (a yearly amount).
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
    /// The baseline year (2020 for the 14th plan).
    public let baselineYear: Int?
    /// The baseline value.
    public let baselineValue: Double?
    /// The target year.
    public let targetYear: Int
    /// The target value (nil when the plan gives none).
    public let targetValue: Double?
    /// Where the target is stated.
    public let sourceURL: String
    /// Remarks on the target.
    public let notes: String
    /// Whether a planner set it (``TargetGoal``) rather than the plan table.
    public var isGoal = false
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

    /// The indicator.
    public let indicatorID: String
    /// The period the value is for.
    public let period: Period
    /// The value.
    public let value: Double
    /// Its unit.
    public let unit: String
    /// Where it is published.
    public let sourceURL: String
    /// The source's title.
    public let sourceTitle: String
    /// Remarks (definitions, revisions).
    public let notes: String
    /// `high`, `medium` or `low`.
    public let confidence: String
    /// An annual value or a year-to-date figure.
    public let basis: Basis
    /// Line in the observations file.
    public let line: Int
}
