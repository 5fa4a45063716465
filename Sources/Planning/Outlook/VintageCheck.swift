import Forecasting
import TrajectoryIO

/// Forecasts made from a vintage (the data as of a day) against the values published later in the same data set:
/// every later usable observation of each indicator (year-end or annual values, and dated points of levels) is
/// forecast at its own time and compared.
public struct VintageCheck: Sendable {
    /// The dataset checked.
    public let dataset: IndicatorDataset
    /// A check over `dataset`.
    public init(dataset: IndicatorDataset) { self.dataset = dataset }

    /// One later observation against its forecast.
    public struct Point: Sendable {
        /// The indicator.
        public let indicator: String
        /// The model as named.
        public let model: String
        /// The fitted model's name.
        public let fittedModel: String
        /// The period forecast.
        public let period: Period
        /// The value published later.
        public let actual: Double
        /// The forecast median.
        public let forecast: Double
        public let lo80: Double, hi80: Double, lo95: Double, hi95: Double
        /// P(value ≤ actual) under the forecast: near 0 or 1 when the actual was a surprise.
        public let probabilityBelowActual: Double
    }

    /// Per-model accuracy over all points.
    public struct Summary: Sendable {
        /// The model as named.
        public let model: String
        /// Values forecast.
        public let points: Int
        /// Indicators they belong to.
        public let indicators: Int
        /// Mean of 200·|a − f|/(|a| + |f|), percent.
        public let sMAPE: Double
        /// Share of values inside the 80% interval, in %.
        public let coverage80: Double
        /// Share of values inside the 95% interval, in %.
        public let coverage95: Double
    }

    /// The points of every indicator with later data; indicators that cannot be fitted as of the day are skipped
    /// and reported in `skipped`.
    public func run(
        asOf: CalendarDay, models: [ModelSpec], transform: TransformChoice, seed: UInt64,
        indicators: [String]? = nil
    ) throws(PlanningError) -> (points: [Point], skipped: [String]) {
        var points: [Point] = []
        var skipped: [String] = []
        for indicator in try (indicators ?? dataset.indicators.map(\.id)).map({ id throws(PlanningError) in
            try dataset.indicator(id)
        }) {
            let all = try dataset.usableObservations(indicator.id)
            let later = all.filter { $0.period.lastDay > asOf }
            guard !later.isEmpty else { continue }
            let known = all.filter { $0.period.lastDay <= asOf }
            for spec in models {
                let name = spec.text
                do {
                    let series = try Series(
                        id: indicator.id, periods: known.map(\.period), values: known.map(\.value),
                        anchor: indicator.anchor, name: indicator.name, unit: indicator.unit)
                    let scale = try transform.resolve(for: indicator, values: series.values)
                    let fitted = try TransformedModel(base: spec.model(seed: seed), transform: scale).fit(series)
                    let times = later.map { $0.period.time(anchor: indicator.anchor) }
                    let (mean, intervals) = fitted.predict(at: times, levels: [80, 95])
                    for (k, o) in later.enumerated() {
                        points.append(
                            Point(
                                indicator: indicator.id, model: name, fittedModel: fitted.modelName, period: o.period,
                                actual: o.value, forecast: mean[k], lo80: intervals[0].lower[k],
                                hi80: intervals[0].upper[k],
                                lo95: intervals[1].lower[k], hi95: intervals[1].upper[k],
                                probabilityBelowActual: fitted.cumulativeProbability(of: o.value, at: times[k])))
                    }
                } catch {
                    skipped.append("\(indicator.id) (\(name)): \(error)")
                }
            }
        }
        return (points, skipped)
    }

    /// Accuracy per model, in the order the models were given.
    public static func summarise(_ points: [Point], models: [String]) -> [Summary] {
        models.map { name in
            let mine = points.filter { $0.model == name }
            let n = Double(mine.count)
            let smape =
                mine.reduce(0.0) { $0 + 200 * abs($1.actual - $1.forecast) / (abs($1.actual) + abs($1.forecast)) } / n
            let withIntervals = mine.filter { $0.lo80.isFinite }
            let m = Double(withIntervals.count)
            return Summary(
                model: name, points: mine.count, indicators: Set(mine.map(\.indicator)).count, sMAPE: smape,
                coverage80: 100 * Double(withIntervals.filter { $0.lo80 <= $0.actual && $0.actual <= $0.hi80 }.count)
                    / m,
                coverage95: 100 * Double(withIntervals.filter { $0.lo95 <= $0.actual && $0.actual <= $0.hi95 }.count)
                    / m)
        }
    }
}
