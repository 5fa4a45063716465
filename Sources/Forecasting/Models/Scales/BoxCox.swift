import Foundation

/// The Box–Cox scale's parameter as R's `forecast::BoxCox.lambda` chooses it for yearly data: Guerrero's (1993)
/// method, the λ in [lower, upper] that makes the coefficient of variation of sd/mean^(1−λ) over consecutive pairs of
/// values (from the last one back) smallest, found by Brent's method as R's `optimize()`; 1 for 2 or fewer values;
/// the lower limit raised to 0 when a value is not positive.
public enum BoxCox {
    /// λ for the series `y`.
    public static func guerreroLambda(_ y: [Double], lower: Double = -1, upper: Double = 2) -> Double {
        guard y.count > 2 else { return 1 }
        let low = y.contains { !($0 > 0) } ? max(lower, 0) : lower
        // As R's optimize(): a criterion that is not finite counts as the largest double.
        return BrentMinimum.minimize(low, upper) { lambda in
            let v = variation(of: y, lambda: lambda)
            return v.isFinite ? v : .greatestFiniteMagnitude
        }
    }

    /// Guerrero's criterion: the coefficient of variation of sd/mean^(1−λ) of the pairs (R's `guer.cv`, period 2).
    static func variation(of y: [Double], lambda: Double) -> Double {
        let pairs = y.count / 2
        let start = y.count - 2 * pairs
        var ratios: [Double] = []
        ratios.reserveCapacity(pairs)
        for k in 0..<pairs {
            let a = y[start + 2 * k], b = y[start + 2 * k + 1]
            let mean = (a + b) / 2
            let sd = abs(a - b) / 2.0.squareRoot()
            ratios.append(sd / pow(mean, 1 - lambda))
        }
        let finite = ratios.filter { !$0.isNaN }
        guard finite.count >= 2 else { return .nan }
        let m = finite.reduce(0, +) / Double(finite.count)
        let s = (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1)).squareRoot()
        return s / m
    }
}

/// A model fitted on the Box–Cox scale whose λ Guerrero's method chooses from the series being fitted (so a
/// rolling-origin backtest never sees the values it holds out); a series with a negative value is fitted on the
/// data's scale, with a note.
public struct BoxCoxModel: ForecastModel {
    /// The model fitted on the Box–Cox scale.
    public let base: any ForecastModel

    /// `base` on each series' own Box–Cox scale.
    public init(base: any ForecastModel) { self.base = base }

    /// The base model's name.
    public var name: String { base.name }
    /// The base model's minimum.
    public var minimumObservations: Int { base.minimumObservations }

    /// The base model with its own intervals, on its Box–Cox scale.
    public func withOwnIntervals() -> any ForecastModel { BoxCoxModel(base: base.withOwnIntervals()) }

    /// Fits `base` on the Box–Cox scale of λ = ``BoxCox/guerreroLambda(_:lower:upper:)`` of the series.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        guard series.values.allSatisfy({ $0 >= 0 }) else {
            return Annotated(
                base: try base.fit(series),
                appending: "a negative value: fitted on the data's scale, not on a Box–Cox scale")
        }
        let lambda = BoxCox.guerreroLambda(series.values)
        return try TransformedModel(base: base, transform: .boxCox(lambda: lambda)).fit(series)
    }
}
