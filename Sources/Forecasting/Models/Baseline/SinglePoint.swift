/// One observation: the forecast repeats it; no interval can be estimated (NaN bounds, shown as NA).
struct SinglePoint: FittedModel {
    let series: Series
    var modelName: String { "naive" }
    var fittedValues: [Double] { [.nan] }
    var residuals: [Double] { [.nan] }
    var residualVariance: Double { .nan }
    var parameters: FittedParameters { .none }
    var note: String? { "only 1 observation: the forecast repeats it and no interval can be estimated" }
    func predictive(at times: [Double]) -> PredictiveForecast {
        let value = series.values[0]
        return PredictiveForecast(mean: times.map { _ in value }, laws: times.map { _ in UndefinedDistribution() })
    }
}
