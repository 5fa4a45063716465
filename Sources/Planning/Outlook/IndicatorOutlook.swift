import Forecasting
import TrajectoryIO

/// One year of an outlook: the forecast median and its 80% and 95% intervals (equal bounds for a value that is
/// observed or assumed).
public struct OutlookPoint: Sendable, Equatable {
    /// The period.
    public let period: Period
    /// Its decimal-year time.
    public let time: Double
    /// The forecast median (the value itself when observed or assumed).
    public let median: Double
    public let lo80: Double, hi80: Double, lo95: Double, hi95: Double
    /// Whether the value is observed or assumed rather than forecast.
    public let isGiven: Bool

    func mapped(_ f: (Double) -> Double) -> OutlookPoint {
        OutlookPoint(
            period: period, time: time, median: f(median), lo80: f(lo80), hi80: f(hi80), lo95: f(lo95),
            hi95: f(hi95), isGiven: isGiven)
    }
}

/// The target read against an outlook.
public struct TargetAssessment: Sendable, Equatable {
    /// The year the target is for.
    public let targetYear: Int
    /// The target value, when there is one.
    public let targetValue: Double?
    /// The outlook at the target year.
    public let atTarget: OutlookPoint
    /// P(target met); NaN without a target value or a distribution.
    public let probability: Double
    /// Change a year needed from the latest observation to reach the target.
    public let requiredPerYear: Double
    /// Change a year the forecast implies from the latest observation to the target year.
    public let trendPerYear: Double
    /// Met, missed, on track, at risk or off track.
    public let status: TargetStatus
    /// Whether the latest observation's source has low confidence.
    public var latestLowConfidence = false

    /// The status as shown: flagged when it rests on a low-confidence latest value.
    public var statusText: String {
        status.rawValue
            + (latestLowConfidence && status != .met && status != .missed ? " (low-confidence latest value)" : "")
    }
}

/// An indicator's data, forecast path through a year, and target assessment.
public struct IndicatorOutlook: Sendable {
    /// The indicator.
    public let indicator: Indicator
    /// The observations used (vintage cut, one per period), in time order.
    public let observations: [Observation]
    /// Assumed future values (year → value) appended to the data.
    public let assumptions: [Int: Double]
    /// The series the model was fitted to (observations and assumptions).
    public let series: Series
    /// Fitted model name (e.g. `ETS(A,Ad,N)+…` or `drift`).
    public let model: String
    /// The scale the model was fitted on.
    public let transform: Transform
    /// Remarks (fallbacks, bounds, assumptions).
    public let notes: [String]
    /// Every whole year after the data through the requested year.
    public let path: [OutlookPoint]
    /// The target read against the outlook, when there is a target.
    public let assessment: TargetAssessment?
    /// The shock applied, if any.
    public let shock: Shock?

    /// With a vintage: the value published later for the target year, or else the latest one published later.
    public let laterActual: Observation?
    /// With a vintage: every usable value published after it (drawn on its chart against the forecast).
    public var laterObservations: [Observation] = []

    /// The latest observed (not assumed) value.
    public var latest: Observation? { observations.last }
}
