import Foundation

/// Values near the ends of the Double range are legal input (a series in 10⁻³⁰⁰ units, denormals, 10³⁰⁸), but the
/// arithmetic of a fit squares them: variances of data near 10⁻²⁰⁰ underflow to 0 (zero-width bands, quantile
/// searches that stop at once), sums of squares near 10³⁰⁸ overflow (NaN bands, failed fits). Every model built from
/// a ``ModelSpec`` is therefore fitted to a series whose largest |value| lies in 10⁻⁶⁰…10⁶⁰: a series outside is
/// multiplied by a power of ten (a change of unit, which the models' own normalisations — `ETSUnits`' decade, ARIMA's
/// and Theta's mean |y| — already follow: the fit takes the same path as for the series in ordinary units), fitted,
/// and its forecasts, laws, fitted values and estimates are mapped back. Series inside the window, every series of
/// the shipped data, are fitted as they are.
public struct MagnitudeScaled: ForecastModel {
    /// The model fitted to the rescaled series.
    public let base: any ForecastModel

    /// `base`, fitted in a safe magnitude.
    public init(_ base: any ForecastModel) { self.base = base }

    /// The base model's name.
    public var name: String { base.name }
    /// The base model's minimum.
    public var minimumObservations: Int { base.minimumObservations }
    /// The base model on a given scale, still rescaled.
    public func onGivenScale() -> any ForecastModel { MagnitudeScaled(base.onGivenScale()) }
    /// The base model with its own intervals, still rescaled.
    public func withOwnIntervals() -> any ForecastModel { MagnitudeScaled(base.withOwnIntervals()) }

    /// The exponent e of the factor 10^e that brings the largest finite |value| of `values` into 1…10, or 0 when it
    /// already lies in 10⁻⁶⁰…10⁶⁰ (or there is none).
    static func exponent(_ values: [Double]) -> Int {
        var largest = 0.0
        for y in values where y.isFinite { largest = max(largest, abs(y)) }
        guard largest > 0 else { return 0 }
        let d = Int(Foundation.log10(largest).rounded(.down))
        return abs(d) <= window ? 0 : -d
    }

    /// Largest |decade| fitted as given.
    static let window = 60

    /// Fits `base` to the series times 10^e (see `exponent(_:)`).
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let e = Self.exponent(series.values)
        guard e != 0 else { return try base.fit(series) }
        let scaled = try Series(
            id: series.id, periods: series.periods, times: series.times,
            values: series.values.map { Self.scale($0, byPowerOfTen: e) }, anchor: series.anchor, name: series.name,
            unit: series.unit)
        return FittedMagnitudeScaled(base: try base.fit(scaled), series: series, exponent: -e)
    }

    /// x·10^e in steps of at most 10^±300 (10^e itself may not be a Double: e = 323 for denormals).
    static func scale(_ x: Double, byPowerOfTen e: Int) -> Double {
        var x = x, e = e
        while e != 0 {
            let step = max(-300, min(300, e))
            x *= Foundation.pow(10, Double(step))
            e -= step
        }
        return x
    }
}

/// A fit of the rescaled series in the units of the data; see ``MagnitudeScaled``.
struct FittedMagnitudeScaled: FittedModel {
    let base: any FittedModel
    let series: Series
    /// The fit's numbers are multiplied by 10^exponent to come back to the data's units.
    let exponent: Int

    private func back(_ x: Double) -> Double { MagnitudeScaled.scale(x, byPowerOfTen: exponent) }

    var modelName: String { base.modelName }
    var note: String? { base.note }
    var fittedValues: [Double] { base.fittedValues.map(back) }
    var residualsAreUnitFree: Bool { base.residualsAreUnitFree }
    var residuals: [Double] { residualsAreUnitFree ? base.residuals : base.residuals.map(back) }
    var residualVariance: Double {
        residualsAreUnitFree
            ? base.residualVariance
            : MagnitudeScaled.scale(base.residualVariance, byPowerOfTen: 2 * exponent)
    }
    var parameters: FittedParameters { base.parameters.inUnits(powerOfTen: exponent) }
    /// The likelihood on the data's scale: a change of unit by c moves every model's log-likelihood by −n·log c.
    var likelihood: (any LikelihoodFit)? {
        base.likelihood.map {
            ShiftedLikelihood(
                base: self, inner: $0, shift: -Double($0.effectiveObservations) * Double(exponent) * log(10.0))
        }
    }

    func predictive(at times: [Double]) -> PredictiveForecast {
        let e = exponent
        return base.predictive(at: times).mapping(mean: back) { ScaledLaw(base: $0, exponent: e) }
    }

    /// The law of 10^e·X for the law of X (``StretchedLaw`` about 0 would multiply by 10^e itself, which is not a
    /// Double, or not exactly one, at the exponents this wrapper meets).
    struct ScaledLaw: PredictiveDistribution {
        let base: any PredictiveDistribution
        let exponent: Int
        func cdf(_ x: Double) -> Double { base.cdf(MagnitudeScaled.scale(x, byPowerOfTen: -exponent)) }
        func interval(level: Double) -> (lower: Double, upper: Double) {
            let (lower, upper) = base.interval(level: level)
            return (
                MagnitudeScaled.scale(lower, byPowerOfTen: exponent),
                MagnitudeScaled.scale(upper, byPowerOfTen: exponent)
            )
        }
    }
}

extension FittedParameters {
    /// The estimates of a fit to the data times 10^-`e`, in the data's units: levels, trends, drifts and means times
    /// 10^e, variances times 10^2e, log-scale levels shifted by e·log 10; smoothing weights, AR/MA coefficients and the
    /// variances of relative errors or log-scale forms unchanged.
    func inUnits(powerOfTen e: Int) -> FittedParameters {
        func s(_ x: Double) -> Double { MagnitudeScaled.scale(x, byPowerOfTen: e) }
        func s2(_ x: Double) -> Double { MagnitudeScaled.scale(x, byPowerOfTen: 2 * e) }
        func ets(_ p: ETSParameters, onLogs: Bool) -> ETSParameters {
            let relative = onLogs || p.form.error == .multiplicative
            var out = ETSParameters(
                form: p.form, alpha: p.alpha, beta: p.beta, phi: p.phi,
                initialLevel: onLogs ? p.initialLevel + Double(e) * log(10.0) : s(p.initialLevel),
                initialTrend: onLogs ? p.initialTrend : s(p.initialTrend), statesEstimated: p.statesEstimated,
                sigma2: relative ? p.sigma2 : s2(p.sigma2))
            out.runnerUp = p.runnerUp  // a difference of criteria: the same in any unit
            return out
        }
        switch self {
        case let .exponentialSmoothing(p): return .exponentialSmoothing(ets(p, onLogs: false))
        case let .formMixture(forms):
            return .formMixture(
                forms.map {
                    .init(
                        parameters: ets($0.parameters, onLogs: $0.onLogarithms), weight: $0.weight,
                        onLogarithms: $0.onLogarithms)
                })
        case let .arima(p):
            var out = ARIMAParameters(order: p.order, ar: p.ar, ma: p.ma, mean: s(p.mean), sigma2: s2(p.sigma2))
            out.runnerUp = p.runnerUp
            return .arima(out)
        case let .theta(smoothing, drift): return .theta(smoothing: ets(smoothing, onLogs: false), drift: s(drift))
        case let .optimizedTheta(level, alpha, theta, dynamic, sigma2):
            return .optimizedTheta(
                initialLevel: s(level), alpha: alpha, theta: theta, dynamic: dynamic, sigma2: s2(sigma2))
        case let .complexSmoothing(a0, a1, level, potential, sigma2):
            return .complexSmoothing(
                a0: a0, a1: a1, initialLevel: s(level), initialPotential: s(potential), sigma2: s2(sigma2))
        case let .randomWalk(drift, driftVariance, sigma2):
            return .randomWalk(drift: drift.map(s), driftVariance: s2(driftVariance), sigma2: s2(sigma2))
        case let .mean(mean, sigma2): return .mean(mean: s(mean), sigma2: s2(sigma2))
        case let .trendRegression(coefficients, centre, scale, logScale, sigma2):
            let mapped =
                logScale
                ? coefficients.enumerated().map { $0.offset == 0 ? $0.element + Double(e) * log(10.0) : $0.element }
                : coefficients.map(s)
            return .trendRegression(
                coefficients: mapped, centre: centre, scale: scale, logScale: logScale,
                sigma2: logScale ? sigma2 : s2(sigma2))
        case let .combination(members, point):
            return .combination(
                members.map {
                    .init(modelName: $0.modelName, weight: $0.weight, parameters: $0.parameters.inUnits(powerOfTen: e))
                }, point: point)
        case let .transformed(transform, inner):
            // A transform is applied before the rescaling (``TransformedModel`` wraps the spec's model), so a
            // transformed fit is never rescaled; kept as it is.
            return .transformed(transform, inner)
        case .none: return .none
        }
    }
}
