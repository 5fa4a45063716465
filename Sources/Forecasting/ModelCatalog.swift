/// The models that can be named on the command line.
public enum ModelCatalog {
    /// Every model name, in the order help text lists them.
    public static let names = ["naive", "drift", "mean", "linear", "loglinear", "quadratic"]

    /// The model called `name` (case-insensitive).
    /// - Throws: ``ForecastingError/unknownModel(_:known:)``.
    public static func model(named name: String) throws(ForecastingError) -> any ForecastModel {
        switch name.lowercased() {
        case "naive", "rw", "randomwalk": return NaiveModel()
        case "drift", "rwdrift", "rwf": return DriftModel()
        case "mean", "meanf": return MeanModel()
        case "linear", "trend": return TrendRegression.linear
        case "loglinear", "log-linear", "exponential": return TrendRegression.loglinear
        case "quadratic": return TrendRegression.quadratic
        default: throw .unknownModel(name, known: names)
        }
    }
}
