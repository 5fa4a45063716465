import Forecasting
import TrajectoryIO

/// How the scale of a model is chosen for an indicator (`--transform`).
public enum TransformChoice: String, Sendable, Hashable, CaseIterable {
    /// Logit between the indicator's two bounds when it has both and every value lies strictly inside; log above
    /// the lower bound when it has only that (counts, amounts, cycles); the data's scale otherwise.
    case auto
    case none
    case log
    case logit
    /// Box–Cox with λ chosen for each series by Guerrero's method, as R's `BoxCox.lambda` (values must be ≥ 0).
    case boxcox

    /// The transform for `indicator` with observed `values`.
    /// - Throws: ``PlanningError/invalidRequest(_:)`` when an explicit transform lacks the bounds it needs.
    public func resolve(for indicator: Indicator, values: [Double]) throws(PlanningError) -> Transform {
        try resolve(
            name: "indicator '\(indicator.id)'", lower: indicator.lowerBound, upper: indicator.upperBound,
            values: values)
    }

    /// The transform for a series `name` with these bounds and observed `values`.
    public func resolve(name: String, lower: Double?, upper: Double?, values: [Double]) throws(PlanningError)
        -> Transform
    {
        switch self {
        case .none:
            return .none
        case .boxcox:
            guard values.allSatisfy({ $0 >= 0 }) else {
                throw .invalidRequest("\(name) has negative values, which the Box–Cox scale cannot take")
            }
            return .boxCox(lambda: BoxCox.guerreroLambda(values))
        case .log:
            return .log(lower: lower ?? 0)
        case .logit:
            guard let lower, let upper else {
                throw .invalidRequest(
                    "\(name) needs a lower and an upper bound for --transform logit (it has \(lower.map { "lower \(NumberText.compact($0))" } ?? "no lower"), \(upper.map { "upper \(NumberText.compact($0))" } ?? "no upper"))"
                )
            }
            return .logit(lower: lower, upper: upper)
        case .auto:
            if let lower, let upper {
                let t = Transform.logit(lower: lower, upper: upper)
                if values.allSatisfy(t.contains) { return t }
            }
            if let lower {
                let t = Transform.log(lower: lower)
                if values.allSatisfy(t.contains) { return t }
            }
            return .none
        }
    }
}

/// A level shift applied to an indicator from a year on: every value from that year, observed or forecast,
/// is changed by the same relative or absolute amount (the whole trajectory shifted, as if the shock had
/// happened then).
public struct Shock: Sendable, Hashable {
    /// A relative (`+10%`) or absolute (`-1.5`) change.
    public enum Change: Sendable, Hashable {
        /// Multiply by 1 + fraction (`"+10%"` is 0.10).
        case relative(Double)
        /// Add this amount, in the indicator's unit.
        case absolute(Double)
    }
    /// The first year changed.
    public let fromYear: Int
    /// The change.
    public let change: Change

    /// A shock of `change` from `fromYear` on.
    public init(fromYear: Int, change: Change) {
        self.fromYear = fromYear
        self.change = change
    }

    /// The shocked value of `y`.
    public func apply(_ y: Double) -> Double {
        switch change {
        case let .relative(f): return y * (1 + f)
        case let .absolute(c): return y + c
        }
    }

    /// The unshocked value whose shocked value is `x` (the shock is increasing in y).
    public func invert(_ x: Double) -> Double {
        switch change {
        case let .relative(f): return x / (1 + f)
        case let .absolute(c): return x - c
        }
    }
}

/// What to forecast for one indicator and against which target.
public struct OutlookRequest: Sendable, Hashable {
    /// The indicator.
    public var indicatorID: String
    /// Vintage: only observations dated on or before this day.
    public var asOf: CalendarDay?
    /// The model.
    public var model: ModelSpec
    /// The scale.
    public var transform: TransformChoice
    /// Future values taken as given (year → value), appended to the data before fitting.
    public var assumptions: [Int: Double]
    /// A level shift, if any.
    public var shock: Shock?
    /// The year to forecast through; the plan's target year when nil.
    public var targetYear: Int?
    /// A target value replacing the plan's (or giving one where the plan has none).
    public var targetValue: Double?
    /// Seed of simulated intervals.
    public var seed: UInt64

    /// A request; the defaults are `trajectory targets`'.
    public init(
        indicatorID: String, asOf: CalendarDay? = nil, model: ModelSpec = .auto, transform: TransformChoice = .auto,
        assumptions: [Int: Double] = [:], shock: Shock? = nil, targetYear: Int? = nil, targetValue: Double? = nil,
        seed: UInt64 = ModelDefaults.seed
    ) {
        self.indicatorID = indicatorID
        self.asOf = asOf
        self.model = model
        self.transform = transform
        self.assumptions = assumptions
        self.shock = shock
        self.targetYear = targetYear
        self.targetValue = targetValue
        self.seed = seed
    }

    /// The part of the request that determines the fit (shocks and targets are applied to a fitted outlook).
    var fitKey: FitKey {
        FitKey(
            indicatorID: indicatorID, asOf: asOf, model: model.description, transform: transform,
            assumptions: assumptions.sorted { $0.key < $1.key }.map { [Double($0.key), $0.value] }, seed: seed)
    }

    struct FitKey: Hashable, Sendable {
        let indicatorID: String
        let asOf: CalendarDay?
        let model: String
        let transform: TransformChoice
        let assumptions: [[Double]]
        let seed: UInt64
    }
}

extension Shock.Change {
    /// `+10%`, `-2.5`.
    public var text: String {
        switch self {
        case let .relative(f): return (f >= 0 ? "+" : "") + NumberText.compact(f * 100) + "%"
        case let .absolute(c): return (c >= 0 ? "+" : "") + NumberText.compact(c)
        }
    }
}
