/// Point forecasts and one predictive distribution per forecast time: what every fitted model gives
/// (``FittedModel/predictive(at:)``).
public struct PredictiveForecast: Sendable {
    /// Point forecasts (the mean; for log-scale and transformed models the back-transformed median).
    public let mean: [Double]
    /// The predictive law at each forecast time.
    public let laws: [any PredictiveDistribution]

    /// A forecast of `mean` with one law per forecast time.
    public init(mean: [Double], laws: [any PredictiveDistribution]) {
        self.mean = mean
        self.laws = laws
    }

    /// Central intervals at `levels` (percent), read off the laws, nested across levels: the band at a level contains
    /// the bands at every lower level asked for. Every law's own intervals nest; a law rescaled per level (calibrated
    /// intervals stretch each level by its own factor) may not, and then the wider band takes in the narrower one.
    public func intervals(levels: [Double]) -> [PredictionInterval] {
        var result = levels.map { level in
            var lower: [Double] = [], upper: [Double] = []
            lower.reserveCapacity(laws.count)
            upper.reserveCapacity(laws.count)
            for law in laws {
                let bounds = law.interval(level: level)
                lower.append(bounds.lower)
                upper.append(bounds.upper)
            }
            return PredictionInterval(level: level, lower: lower, upper: upper)
        }
        guard levels.count > 1 else { return result }
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        for (narrow, wide) in zip(order, order.dropFirst()) {
            var lower = result[wide].lower, upper = result[wide].upper
            var changed = false
            for k in lower.indices {
                // NaN bounds (no interval) stay NaN.
                if result[narrow].lower[k] < lower[k] { lower[k] = result[narrow].lower[k]; changed = true }
                if result[narrow].upper[k] > upper[k] { upper[k] = result[narrow].upper[k]; changed = true }
            }
            if changed { result[wide] = PredictionInterval(level: levels[wide], lower: lower, upper: upper) }
        }
        return result
    }

    /// The forecast with every law mapped (a transform, a rescaling).
    func mapping(mean f: (Double) -> Double, laws g: (any PredictiveDistribution) -> any PredictiveDistribution)
        -> PredictiveForecast
    {
        PredictiveForecast(mean: mean.map(f), laws: laws.map(g))
    }
}

/// A central prediction interval at one level.
public struct PredictionInterval: Sendable, Equatable {
    /// Nominal coverage in percent (80 means the 10% and 90% quantiles).
    public let level: Double
    /// Lower bounds, one per forecast period.
    public let lower: [Double]
    /// Upper bounds, one per forecast period.
    public let upper: [Double]

    /// An interval at `level` percent with its bounds per period.
    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// The forecast of one series: the same shape for every model.
public struct Forecast: Sendable, Equatable {
    /// The series forecast.
    public let seriesID: String
    /// The fitted model's name (the form or order chosen).
    public let model: String
    /// Forecast periods (whole years after the data).
    public let periods: [Period]
    /// Point forecasts (the mean; for log-scale models the back-transformed mean of the log, i.e. the median).
    public let mean: [Double]
    /// One interval per requested level, in the order requested.
    public let intervals: [PredictionInterval]

    /// A forecast of one series.
    public init(seriesID: String, model: String, periods: [Period], mean: [Double], intervals: [PredictionInterval]) {
        self.seriesID = seriesID
        self.model = model
        self.periods = periods
        self.mean = mean
        self.intervals = intervals
    }
}
