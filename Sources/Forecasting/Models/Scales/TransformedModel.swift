import Foundation

/// A model fitted on a transformed scale (``Transform``) and answering on the data's scale.
public struct TransformedModel: ForecastModel {
    /// The model fitted on the transformed scale.
    public let base: any ForecastModel
    /// The scale.
    public let transform: Transform

    /// `base` fitted on the `transform` scale.
    public init(base: any ForecastModel, transform: Transform) {
        self.base = base
        self.transform = transform
    }

    /// The base model's name.
    public var name: String { base.name }
    /// The base model's minimum.
    public var minimumObservations: Int { base.minimumObservations }

    /// The base model with its own intervals, on the same scale.
    public func withOwnIntervals() -> any ForecastModel {
        TransformedModel(base: base.withOwnIntervals(), transform: transform)
    }

    /// Fits `base` to g(y).
    /// - Throws: ``ForecastingError/outsideTransformDomain(series:period:value:transform:)`` for a value on or
    ///   outside a bound, and the base model's errors.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        if case .none = transform { return try base.fit(series) }
        for (period, y) in zip(series.periods, series.values) where !transform.contains(y) {
            throw .outsideTransformDomain(
                series: series.id, period: period.description, value: y,
                transform: transform.description)
        }
        let scaled = try Series(
            id: series.id, periods: series.periods, times: series.times,
            values: series.values.map(transform.forward), anchor: series.anchor,
            name: series.name, unit: series.unit)
        return FittedTransformed(base: try base.onGivenScale().fit(scaled), series: series, transform: transform)
    }
}

/// A model fitted on a scale chosen per series (by series id), e.g. each indicator of a dataset between its own
/// bounds; series without an entry are fitted on the data's scale.
public struct PerSeriesTransformedModel: ForecastModel {
    /// The model fitted on each series' scale.
    public let base: any ForecastModel
    /// The scale of each series id (none when absent).
    public let transforms: [String: Transform]

    /// `base` on the scale `transforms` gives each series.
    public init(base: any ForecastModel, transforms: [String: Transform]) {
        self.base = base
        self.transforms = transforms
    }

    /// The base model's name.
    public var name: String { base.name }
    /// The base model's minimum.
    public var minimumObservations: Int { base.minimumObservations }

    /// The base model with its own intervals, on the same scales.
    public func withOwnIntervals() -> any ForecastModel {
        PerSeriesTransformedModel(base: base.withOwnIntervals(), transforms: transforms)
    }

    /// Fits the series on its own scale.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        try TransformedModel(base: base, transform: transforms[series.id] ?? .none).fit(series)
    }
}

/// A fitted model on a transformed scale; see ``TransformedModel``.
struct FittedTransformed: FittedModel {
    let base: any FittedModel
    let series: Series
    let transform: Transform

    var modelName: String { base.modelName }
    var fittedValues: [Double] { base.fittedValues.map(transform.inverse) }
    /// Residuals on the transformed scale, where the model is estimated.
    var residuals: [Double] { base.residuals }
    var residualVariance: Double { base.residualVariance }
    var residualsAreUnitFree: Bool {
        if case .none = transform { return base.residualsAreUnitFree }
        return true
    }
    var parameters: FittedParameters { .transformed(transform, base.parameters) }
    /// The base model's likelihood with the Jacobian of the transform, log L + Σ log|dz/dy| (on the data's scale).
    var likelihood: (any LikelihoodFit)? {
        base.likelihood.map {
            ShiftedLikelihood(
                base: self, inner: $0, shift: series.values.reduce(0) { $0 + transform.logJacobian($1) })
        }
    }
    var note: String? {
        let own = "fitted on the \(transform) scale; the point forecast is the back-transformed median"
        return base.note.map { $0 + "; " + own } ?? own
    }

    /// The base model's forecast mapped back through the inverse transform (quantiles map unchanged).
    func predictive(at times: [Double]) -> PredictiveForecast {
        base.predictive(at: times).mapping(mean: transform.inverse) { law in
            Transformed(base: law, transform: transform)
        }
    }

    /// F(x) = F_z(g(x)) for the increasing transform g, 0 and 1 beyond the bounds.
    struct Transformed: PredictiveDistribution {
        let base: any PredictiveDistribution
        let transform: Transform
        func cdf(_ x: Double) -> Double {
            switch transform {
            case .none: return base.cdf(x)
            case let .log(lower):
                if x <= lower { return 0 }
            case let .logit(lower, upper):
                if x <= lower { return 0 }
                if x >= upper { return 1 }
            case let .boxCox(lambda):
                if lambda > 0 ? x < 0 : x <= 0 { return 0 }
            }
            return base.cdf(transform.forward(x))
        }

        func interval(level: Double) -> (lower: Double, upper: Double) {
            let (lower, upper) = base.interval(level: level)
            return (transform.inverse(lower), transform.inverse(upper))
        }
    }
}
