import Foundation

/// The Theta method of Assimakopoulos & Nikolopoulos (2000) in Hyndman & Billah's (2003) form, as R
/// `forecast::thetaf` for non-seasonal data: simple exponential smoothing (ETS(A,N,N) fitted by mean squared
/// error) plus a drift of half the slope of a straight line through the data,
///
///   ŷ(h) = ses(h) + b/2 · (h − 1 + (1 − (1 − α)ⁿ)/α),
///
/// with intervals ŷ(h) ± z·σ·√((h − 1)α² + 1), σ² the smoothing model's residual variance.
public struct ThetaModel: ForecastModel {
    /// The Theta method.
    public init() {}
    /// `theta`.
    public var name: String { "theta" }
    /// Three observations at least.
    public var minimumObservations: Int { 3 }

    /// Fits the series; an unequally spaced one is fitted on its yearly grid (as ``ExponentialSmoothing``), with a
    /// note.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let (regular, notes) = series.preparedForFit(minimum: minimumObservations, screen: nil)
        return Annotated.appending(notes, try fitTheta(regular))
    }

    func fitTheta(_ series: Series) throws(ForecastingError) -> FittedTheta {
        let n = series.count
        try requireObservations(series)
        let ses = ExponentialSmoothing(
            selection: .fixed(ETSForm(error: .additive, trend: .none)),
            criterion: .meanSquaredError, name: "ses")
        let smoothing: FittedETS
        do {
            smoothing = try ses.fitETS(series)
        } catch {
            throw .numerical(series: series.id, model: name, detail: error.description)
        }
        // Slope of the least-squares line on 0…n−1, halved.
        let xbar = Double(n - 1) / 2, ybar = series.values.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in series.values.enumerated() {
            sxy += (Double(i) - xbar) * (v - ybar)
            sxx += (Double(i) - xbar) * (Double(i) - xbar)
        }
        return FittedTheta(smoothing: smoothing, drift: sxy / sxx / 2, alpha: max(1e-10, smoothing.lead.alpha))
    }
}

struct FittedTheta: FittedModel {
    let smoothing: FittedETS
    let drift: Double
    let alpha: Double

    var modelName: String { "theta" }
    var series: Series { smoothing.series }
    var fittedValues: [Double] { smoothing.fittedValues }
    var residuals: [Double] { smoothing.residuals }
    var residualVariance: Double { smoothing.residualVariance }
    var note: String? { smoothing.note }
    var parameters: FittedParameters { .theta(smoothing: smoothing.lead.estimates, drift: drift) }

    /// Normal laws ŷ(h) ± z·σ·√((h − 1)α² + 1) (R's `thetaf`).
    func predictive(at times: [Double]) -> PredictiveForecast {
        let base = smoothing.predictive(at: times)
        let n = Double(series.count)
        let steps = smoothing.horizonSteps(times)
        let shift = (1 - pow(1 - alpha, n)) / alpha
        let mean = zip(base.mean, steps).map { $0 + drift * (Double($1 - 1) + shift) }
        let sd = steps.map { (residualVariance * (Double($0 - 1) * alpha * alpha + 1)).squareRoot() }
        return PredictiveForecast(mean: mean, laws: zip(mean, sd).map { GriddedLaw(center: $0, sigma: $1) })
    }
}
