import Forecasting
import TrajectoryIO

/// The probability that a plan target is met, and the status a planner reads from it.
///
/// For a *higher is better* indicator the target is met when the value is at or above it: P = 1 − F(target);
/// for *lower is better*, at or below: P = F(target), where F is the forecast's predictive CDF at the target
/// year (on the data's scale, after any transform and shock).
public enum AttainmentProbability {
    /// P(target met) from the predictive CDF value F(target).
    public static func probability(cdfAtTarget f: Double, direction: Indicator.Direction) -> Double {
        guard f.isFinite else { return .nan }
        let clamped = min(1, max(0, f))
        return direction == .higher ? 1 - clamped : clamped
    }

    /// Whether an observed `value` meets `target`.
    public static func meets(_ value: Double, target: Double, direction: Indicator.Direction) -> Bool {
        direction == .higher ? value >= target : value <= target
    }

    /// Probability thresholds of the statuses, in the IPCC's calibrated language: *on track* when meeting the
    /// target is likely (P ≥ 2/3), *off track* when it is unlikely (P < 1/3), *at risk* in between.
    public static let onTrackThreshold = 2.0 / 3.0
    /// Below this probability the target is off track (IPCC: unlikely).
    public static let offTrackThreshold = 1.0 / 3.0

    /// The status of a target. `givenValue` is the target year's value when it is observed or assumed (the
    /// status is then final: met or missed); otherwise the status follows the probability.
    /// Without a distribution (one observation), a latest value that already meets the target is *met so far*.
    public static func status(
        probability p: Double, givenValue: Double?, target: Double,
        direction: Indicator.Direction, latestMeets: Bool? = nil
    ) -> TargetStatus {
        if let value = givenValue {
            return meets(value, target: target, direction: direction) ? .met : .missed
        }
        guard p.isFinite else { return latestMeets == true ? .metSoFar : .insufficientData }
        if p >= onTrackThreshold { return .onTrack }
        if p < offTrackThreshold { return .offTrack }
        return .atRisk
    }
}

/// Where an indicator stands against its target.
public enum TargetStatus: String, Sendable, CaseIterable {
    /// The target year's value (observed or assumed) meets the target.
    case met
    /// The target year's value (observed or assumed) misses the target.
    case missed
    /// Meeting the target is likely: P ≥ 2/3.
    case onTrack = "on track"
    /// 1/3 ≤ P < 2/3.
    case atRisk = "at risk"
    /// Meeting the target is unlikely: P < 1/3.
    case offTrack = "off track"
    /// The forecast has no distribution (one observation), and the latest value already meets the target.
    case metSoFar = "met so far"
    /// The forecast has no distribution (one observation).
    case insufficientData = "insufficient data"
    /// The plan sets no target value for the indicator.
    case noTarget = "no target"
}
