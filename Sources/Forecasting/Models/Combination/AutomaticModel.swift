/// `--model auto`: the engine's recommended automatic method.
///
/// The equal-weight combination of automatic ETS, automatic ARIMA and Theta (``CombinationModel``) from 3 observations
/// up — the most accurate method in rolling-origin validation on the M3 yearly training data
/// (sMAPE/MASE 18.97/3.130 against 19.50/3.215 for automatic ETS alone; `scripts/validate_ets_design.sh`) — without
/// its ARIMA member on 6 or fewer observations.
/// On 2 observations the naive method, on 1 a flat forecast without intervals, and on unequally spaced series
/// (mid-year points) the random walk with drift in continuous time — each with a note saying so.
public struct AutomaticModel: ForecastModel {
    /// Seed of the ETS member's simulated paths.
    public let seed: UInt64
    /// The scales of the ETS member.
    public let etsScales: ExponentialSmoothing.Scales
    /// The automatic method with `seed` for simulated intervals and the ETS member's scales.
    public init(seed: UInt64 = ModelDefaults.seed, etsScales: ExponentialSmoothing.Scales = .dataAndLog) {
        self.seed = seed
        self.etsScales = etsScales
    }
    /// `auto`.
    public var name: String { "auto" }
    /// On a scale the caller chose, the ETS member keeps to the data's scale.
    public func onGivenScale() -> any ForecastModel { AutomaticModel(seed: seed, etsScales: .data) }
    /// One observation is enough (a flat forecast without interval).
    public var minimumObservations: Int { 1 }

    /// Fits the method the series length calls for (see above), with a note whenever it is not the full combination.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        switch series.count {
        case 0:
            throw .emptySeries(series: series.id)
        case 1:
            return SinglePoint(series: series)
        case 2:
            return Annotated(
                base: try NaiveModel().fit(series),
                note: "only 2 observations: the naive method was used instead of exponential smoothing")
        default:
            if series.regularStep == nil {
                let base: any FittedModel =
                    series.count >= 3 ? try DriftModel().fit(series) : try NaiveModel().fit(series)
                return Annotated(
                    base: base,
                    note:
                        "unequally spaced observations: the random walk with drift (continuous time) was used instead of exponential smoothing"
                )
            }
            if series.count <= 6 {
                // The KPSS test that chooses ARIMA's differencing has no power on so few points (on 4 trending values
                // it keeps d = 0 and forecasts the mean); in the M3 validation ETS + Theta tied with the full
                // combination on series this short (sMAPE/MASE 26.85/3.961 against 27.03/3.956).
                let fitted = try CombinationModel(
                    members: [
                        ExponentialSmoothing(selection: .automatic, scales: etsScales, seed: seed), ThetaModel(),
                    ],
                    seed: seed
                ).fit(series)
                let note = "\(series.count) observations: ARIMA is left out of the combination"
                return Annotated(base: fitted, note: fitted.note.map { note + "; " + $0 } ?? note)
            }
            return try CombinationModel(seed: seed, etsScales: etsScales).fit(series)
        }
    }
}
