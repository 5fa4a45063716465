/// A forecasting method: fits a series and returns a ``FittedModel``.
///
/// Every family lives in its own folder under `Models/`, and every fitted model answers in the same shape (its
/// ``PredictiveForecast``), so selection, combination and output never depend on the family. Models are built
/// from a ``ModelSpec`` (the command line's model grammar).
public protocol ForecastModel: Sendable {
    /// The name used on the command line and in output (`linear`, `drift`, …).
    var name: String { get }
    /// The smallest number of observations the model can be fitted to with a residual variance.
    var minimumObservations: Int { get }
    /// Fits the model to `series`.
    func fit(_ series: Series) throws(ForecastingError) -> any FittedModel
    /// The model to fit on a scale the caller has already chosen (a ``Transform``): the model itself, unless it
    /// picks scales of its own (automatic ETS's forms on the logarithms), which it then leaves out.
    func onGivenScale() -> any ForecastModel
    /// The model with its own intervals only, for a caller that calibrates them itself (`--intervals calibrated`):
    /// the model itself, unless it calibrates some series' intervals of its own (`auto` on long series).
    func withOwnIntervals() -> any ForecastModel
}

extension ForecastModel {
    /// A model that picks no scale of its own is itself on any given scale.
    public func onGivenScale() -> any ForecastModel { self }
    /// A model that calibrates nothing of its own keeps its intervals as they are.
    public func withOwnIntervals() -> any ForecastModel { self }

    /// Throws ``ForecastingError/tooShort(series:model:needed:got:)`` when `series` has fewer than `needed`
    /// observations (by default ``minimumObservations``).
    func requireObservations(_ series: Series, _ needed: Int? = nil) throws(ForecastingError) {
        let needed = needed ?? minimumObservations
        guard series.count >= needed else {
            throw .tooShort(series: series.id, model: name, needed: needed, got: series.count)
        }
    }
}
