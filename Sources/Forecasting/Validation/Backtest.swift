import Dispatch
import Foundation

/// Accuracy of one model's forecasts of one series over held-out values.
public struct SeriesScore: Sendable {
    /// The series (with `@origin` in rolling-origin evaluations).
    public let seriesID: String
    /// The model's name.
    public let model: String
    /// Held-out points compared.
    public let points: Int
    /// Mean over the horizon of 200·|y − f|/(|y| + |f|) (the M3 definition, in %).
    public let sMAPE: Double
    /// Mean |y − f| over the horizon divided by the in-sample mean |y_t − y_{t−1}|; NaN when that is 0.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// Mean |y − f| over the horizon divided by the in-sample mean |y_t − y_{t−1}|; NaN when that is 0.
    public let MASE: Double
    /// Points inside the interval of each level (same order as the levels).
    public let covered: [Int]
    /// Mean interval score of the 95% interval scaled like MASE (the M4 MSIS, α = 0.05); NaN without a 95% level.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// Mean interval score of the 95% interval scaled like MASE (the M4 MSIS, α = 0.05); NaN without a 95% level.
    public let MSIS: Double
    /// Root mean squared error and mean absolute error over the horizon, in the series' units.
    public var rmse: Double = .nan, mae: Double = .nan
    /// Mean absolute percentage error over the horizon, in % (NaN when a held-out value is 0).
    public var mape: Double = .nan
}

/// Scores averaged over series, as the M3/M4 competitions report them.
public struct AccuracySummary: Sendable {
    /// The model's name.
    public let model: String
    /// Series scored.
    public let series: Int
    /// Held-out points scored.
    public let points: Int
    /// Mean sMAPE over series, in %.
    public let sMAPE: Double
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// Mean MASE over series.
    public let MASE: Double
    /// Coverage in % for each level.
    public let coverage: [Double]
    // swift-format-ignore: AlwaysUseLowerCamelCase
    /// Mean MSIS over series.
    public let MSIS: Double
    /// Series that could not be forecast.
    public let failures: Int
    /// Means over series of RMSE, MAE and MAPE (units differ between series: read them within a series or a
    /// collection of one unit).
    public var rmse: Double = .nan, mae: Double = .nan, mape: Double = .nan
    /// The series that could not be forecast, with the reason.
    public var failed: [ForecastingError] = []
    /// Wall time of fitting and forecasting, in seconds.
    public let seconds: Double
}

/// Forecast evaluation: on a train/test split or by rolling origins.
public struct Backtest: Sendable {
    /// Interval levels in percent.
    public let levels: [Double]
    /// Worker threads.
    public let threads: Int

    /// A backtest at `levels` on `threads` threads.
    public init(levels: [Double] = ModelDefaults.levels, threads: Int = 1) {
        self.levels = levels
        self.threads = max(1, threads)
    }

    /// Scores one forecast against the held-out values `actual` (matched by period).
    public static func score(train: Series, actual: Series, forecast: Forecast) -> SeriesScore? {
        var index: [Period: Int] = [:]
        for (k, p) in forecast.periods.enumerated() { index[p] = k }
        var n = 0, smape = 0.0, absError = 0.0, penalty = 0.0, squared = 0.0, percent = 0.0
        var covered = [Int](repeating: 0, count: forecast.intervals.count)
        let i95 = forecast.intervals.firstIndex { $0.level == 95 }
        for (p, y) in zip(actual.periods, actual.values) {
            guard let k = index[p] else { continue }
            let f = forecast.mean[k]
            n += 1
            let denominator = abs(y) + abs(f)
            smape += denominator > 0 ? 200 * abs(y - f) / denominator : 0
            absError += abs(y - f)
            squared += (y - f) * (y - f)
            percent += y != 0 ? 100 * abs(y - f) / abs(y) : .nan
            for (l, interval) in forecast.intervals.enumerated() where y >= interval.lower[k] && y <= interval.upper[k]
            {
                covered[l] += 1
            }
            if let i95 {
                let lo = forecast.intervals[i95].lower[k], hi = forecast.intervals[i95].upper[k]
                penalty += (hi - lo) + 40 * max(0, lo - y) + 40 * max(0, y - hi)
            }
        }
        guard n > 0 else { return nil }
        var scale = 0.0
        for t in 1..<max(1, train.count) { scale += abs(train.values[t] - train.values[t - 1]) }
        scale /= Double(max(1, train.count - 1))
        let mase = scale > 0 ? absError / Double(n) / scale : .nan
        let msis = i95 != nil && scale > 0 ? penalty / Double(n) / scale : .nan
        var score = SeriesScore(
            seriesID: train.id, model: forecast.model, points: n, sMAPE: smape / Double(n), MASE: mase,
            covered: covered, MSIS: msis)
        score.rmse = (squared / Double(n)).squareRoot()
        score.mae = absError / Double(n)
        score.mape = percent / Double(n)
        return score
    }

    /// Forecasts each training series over its test periods and scores the forecasts.
    /// - Returns: the per-series scores and the summary.
    public func evaluate(model: any ForecastModel, train: [Series], test: [Series]) throws(ForecastingError)
        -> (scores: [SeriesScore], summary: AccuracySummary)
    {
        var testByID: [String: Series] = [:]
        for s in test { testByID[s.id] = s }
        let pairs = train.compactMap { s in testByID[s.id].map { (s, $0) } }
        let horizon =
            pairs.map { pair in
                pair.1.periods.filter { $0.time(anchor: pair.0.anchor) > (pair.0.times.last ?? 0) }.count
            }.max() ?? 1
        let forecaster = try BatchForecaster(
            model: model, horizon: .steps(max(1, horizon)), levels: levels, threads: threads)
        let clock = ContinuousClock()
        let start = clock.now
        let result = forecaster.run(pairs.map(\.0))
        let elapsed = clock.now - start
        var scores: [SeriesScore] = []
        for (i, outcome) in result.outcomes.enumerated() {
            guard case let .success(position) = outcome else { continue }
            let forecast = result.blocks[position.block].forecast(position.column)
            if let s = Self.score(train: pairs[i].0, actual: pairs[i].1, forecast: forecast) { scores.append(s) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        var summary = summarize(model.name, scores, failures: result.failures.count, seconds: seconds)
        summary.failed = result.failures
        return (scores, summary)
    }

    /// Rolling-origin evaluation on one data set: for each of `origins` cut points, the series up to the cut is
    /// forecast `holdout` periods ahead and scored on the values that follow. The last origin leaves exactly
    /// `holdout` values after the cut.
    public func rollingOrigin(model: any ForecastModel, series: [Series], holdout: Int, origins: Int)
        throws(ForecastingError) -> (scores: [SeriesScore], summary: AccuracySummary)
    {
        guard holdout >= 1 else { throw .invalidHorizon("the holdout must be at least 1") }
        var train: [Series] = [], test: [Series] = []
        for s in series {
            for k in 0..<max(1, origins) {
                let cut = s.count - holdout - (max(1, origins) - 1 - k)
                guard cut >= 1 else { continue }
                let id = origins > 1 ? "\(s.id)@\(s.periods[cut - 1])" : s.id
                let end = min(s.count, cut + holdout)
                train.append(
                    try Series(
                        id: id, periods: Array(s.periods[0..<cut]), values: Array(s.values[0..<cut]),
                        anchor: s.anchor))
                test.append(
                    try Series(
                        id: id, periods: Array(s.periods[cut..<end]), values: Array(s.values[cut..<end]),
                        anchor: s.anchor))
            }
        }
        return try evaluate(model: model, train: train, test: test)
    }

    func summarize(_ model: String, _ scores: [SeriesScore], failures: Int, seconds: Double) -> AccuracySummary {
        func mean(_ xs: [Double]) -> Double {
            let finite = xs.filter { $0.isFinite }
            return finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
        }
        let points = scores.reduce(0) { $0 + $1.points }
        let coverage = levels.indices.map { l in
            points > 0 ? 100 * Double(scores.reduce(0) { $0 + $1.covered[l] }) / Double(points) : .nan
        }
        var summary = AccuracySummary(
            model: model, series: scores.count, points: points, sMAPE: mean(scores.map(\.sMAPE)),
            MASE: mean(scores.map(\.MASE)), coverage: coverage, MSIS: mean(scores.map(\.MSIS)),
            failures: failures, seconds: seconds)
        summary.rmse = mean(scores.map(\.rmse))
        summary.mae = mean(scores.map(\.mae))
        summary.mape = mean(scores.map(\.mape))
        return summary
    }
}
