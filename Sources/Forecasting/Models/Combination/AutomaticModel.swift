/// `--model auto`: the engine's recommended automatic method.
///
/// The equal-weight combination of automatic ETS, automatic ARIMA and Theta (``CombinationModel``) from 3 observations
/// up — the most accurate method in rolling-origin validation on the M3 yearly training data
/// (sMAPE/MASE 18.97/3.130 against 19.50/3.215 for automatic ETS alone; `scripts/validate_ets_design.sh`) — without
/// its ARIMA member on 6 or fewer observations.
/// On 2 observations the naive method, on 1 a flat forecast without intervals — each with a note saying so. A series
/// with missing years or dated observations is fitted on its yearly grid (``Series/annualGrid()``); only when that
/// grid cannot be built (fewer than 3 year values) is the random walk with drift in continuous time used, with a
/// note.
public struct AutomaticModel: ForecastModel {
    /// Seed of the ETS member's simulated paths.
    public let seed: UInt64
    /// The scales of the ETS member.
    public let etsScales: ExponentialSmoothing.Scales
    /// The prior that widens the bands of series of up to 30 points (nil: the members' own bands).
    public let tinySeriesPrior: TinySeriesPrior?
    /// The screen that replaces likely one-off outliers before fitting (nil: none).
    public var outlierScreen: OutlierScreen? = OutlierScreen()
    /// Whether the series is on the data's scale (the prior's noise is then relative to its level) rather than on a
    /// transformed one.
    let onDataScale: Bool
    /// The automatic method with `seed` for simulated intervals, the ETS member's scales and the tiny-series prior.
    public init(
        seed: UInt64 = ModelDefaults.seed, etsScales: ExponentialSmoothing.Scales = .dataAndLog,
        tinySeriesPrior: TinySeriesPrior? = TinySeriesPrior()
    ) {
        self.init(seed: seed, etsScales: etsScales, tinySeriesPrior: tinySeriesPrior, onDataScale: true)
    }
    init(seed: UInt64, etsScales: ExponentialSmoothing.Scales, tinySeriesPrior: TinySeriesPrior?, onDataScale: Bool) {
        self.seed = seed
        self.etsScales = etsScales
        self.tinySeriesPrior = tinySeriesPrior
        self.onDataScale = onDataScale
    }
    /// `auto`.
    public var name: String { "auto" }
    /// On a scale the caller chose, the ETS member keeps to the data's scale and the prior's noise is absolute.
    public func onGivenScale() -> any ForecastModel {
        var model = AutomaticModel(seed: seed, etsScales: .data, tinySeriesPrior: tinySeriesPrior, onDataScale: false)
        model.outlierScreen = outlierScreen
        return model
    }
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
            return widened(
                Annotated(
                    base: try NaiveModel().fit(series),
                    note: "only 2 observations: the naive method was used instead of exponential smoothing"))
        default:
            let spaced = series.equallySpaced(minimum: 3)
            if spaced == nil, series.count <= (tinySeriesPrior?.maximumLength ?? 0),
                let sparse = series.annualGrid(mostlyInterpolated: true), let gridNote = sparse.note
            {
                // Most years interpolated: the combination follows the line through the observations, and its bands
                // come from the observations themselves (the prior on their actual gaps), not from the smooth grid.
                let fitted = widened(
                    try fitEquallySpaced(sparse.series, screen: outlierScreen), observations: series)
                return Annotated(
                    base: fitted,
                    leading:
                        "\(gridNote) (more years interpolated than observed: the bands are taken from the \(series.count) observations)"
                )
            }
            guard let (regular, gridNote) = spaced else {
                return Annotated(
                    base: try DriftModel().fit(series),
                    note:
                        "too few yearly values for a yearly grid (\(series.count) observations; 3 year values needed, with no more missing years than observed ones): the random walk with drift (continuous time) was used instead of the combination"
                )
            }
            // The screen runs here, once: the combination below does not screen again.
            let (prepared, screenNotes) = regular.preparedForFit(minimum: 3, screen: outlierScreen)
            // On a grid, the prior reads the observations themselves (interpolated years would understate the noise).
            let fitted = widened(
                try fitEquallySpaced(prepared, screen: nil), observations: gridNote == nil ? nil : series)
            return Annotated.leading((gridNote.map { [$0] } ?? []) + screenNotes, fitted)
        }
    }

    private func widened(_ fitted: any FittedModel, observations: Series? = nil) -> any FittedModel {
        tinySeriesPrior?.widen(fitted, relative: onDataScale, observations: observations) ?? fitted
    }

    /// The combination the length calls for, on a series one value a year of 3 or more points (the grid always has
    /// 3); `screen` is the combination's own.
    private func fitEquallySpaced(_ series: Series, screen: OutlierScreen?) throws(ForecastingError) -> any FittedModel
    {
        guard series.count <= 6 else {
            return try CombinationModel(seed: seed, etsScales: etsScales).screening(with: screen).fit(series)
        }
        // The KPSS test that chooses ARIMA's differencing has no power on so few points (on 4 trending values it keeps
        // d = 0 and forecasts the mean); in the M3 validation ETS + Theta tied with the full combination on series this
        // short (sMAPE/MASE 26.85/3.961 against 27.03/3.956).
        let fitted = try CombinationModel(
            members: [ExponentialSmoothing(selection: .automatic, scales: etsScales, seed: seed), ThetaModel()],
            seed: seed
        ).screening(with: screen).fit(series)
        return Annotated(base: fitted, leading: "\(series.count) observations: ARIMA is left out of the combination")
    }
}
