import Foundation

/// The equal-weight combination of several models' forecasts (`--model combo`: automatic ETS, `auto.arima` and
/// Theta, the combination that is the most accurate simple method on yearly data).
///
/// The point forecast is the mean of the members' point forecasts. The predictive distribution is the equal-weight
/// mixture of the members' predictive distributions, and its intervals are the mixture's quantiles (found by
/// bisection on its CDF) — not averages of the members' bounds. A member that cannot be fitted is left out with a
/// note; with none, the fit fails.
public struct CombinationModel: ForecastModel {
    public let members: [any ForecastModel]
    let label: String

    /// `members` default to ETS, ARIMA and Theta.
    public init(members: [any ForecastModel]? = nil, seed: UInt64 = 42, etsScales: ExponentialSmoothing.Scales = .dataAndLog,
                name: String = "combo") {
        // The ARIMA member allows two differences, as R's auto.arima: in validation on the M3 yearly training data the
        // combination did better with it (19.12/3.146) than with at most one (19.25/3.166). The ETS member fits the data
        // and their logarithms (`ets`): 18.97/3.130 against 19.11/3.146 with the data-scale `ets:data`.
        self.members = members ?? [ExponentialSmoothing(selection: .automatic, scales: etsScales, seed: seed),
                                   ARIMAModel(selection: .automatic(maxDifferences: 2)), ThetaModel()]
        self.label = name
    }

    public var name: String { label }
    public func onGivenScale() -> any ForecastModel {
        CombinationModel(members: members.map { $0.onGivenScale() }, name: label)
    }
    public var minimumObservations: Int { members.map(\.minimumObservations).min() ?? 1 }

    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        var fitted: [any FittedModel] = []
        var left: [String] = []
        var firstError: ForecastingError?
        for m in members {
            do { fitted.append(try m.fit(series)) } catch {
                left.append("\(m.name) (\(error))")
                if firstError == nil { firstError = error }
            }
        }
        guard !fitted.isEmpty else { throw firstError ?? .numerical(series: series.id, model: name, detail: "no member could be fitted") }
        var notes = fitted.compactMap { f in f.note.map { "\(f.modelName): \($0)" } }
        if !left.isEmpty { notes.append("left out: " + left.joined(separator: "; ")) }
        return FittedCombination(series: series, members: fitted, label: label, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}

/// A fitted ``CombinationModel``.
struct FittedCombination: FittedModel {
    let series: Series
    let members: [any FittedModel]
    let label: String
    let note: String?

    var modelName: String { "\(label)(" + members.map(\.modelName).joined(separator: " + ") + ")" }
    var fittedValues: [Double] {
        (0..<series.count).map { i in members.map { $0.fittedValues[i] }.reduce(0, +) / Double(members.count) }
    }
    var residuals: [Double] { zip(series.values, fittedValues).map { $0 - $1 } }
    var residualVariance: Double {
        let r = residuals.filter(\.isFinite)
        return r.reduce(0) { $0 + $1 * $1 } / Double(max(1, r.count))
    }
    /// A combination has no likelihood of its own.
    var logLikelihood: Double { .nan }
    var parameterCount: Int { members.map(\.parameterCount).reduce(0, +) }
    var effectiveObservations: Int { series.count }

    func predict(at times: [Double], levels: [Double]) -> (mean: [Double], intervals: [PredictionInterval]) {
        let parts = members.map { $0.forecastWithDistributions(at: times, levels: levels) }
        let mean = times.indices.map { k in parts.map { $0.mean[k] }.reduce(0, +) / Double(parts.count) }
        let laws = parts.map(\.distributions)
        let intervals = levels.enumerated().map { l, level in
            let pLow = 0.5 - level / 200, pHigh = 0.5 + level / 200
            var lower: [Double] = [], upper: [Double] = []
            for k in times.indices {
                let mixture = laws.map { $0[k] }
                // The mixture's quantile lies between the members' own ones.
                let lows = parts.map { $0.intervals[l].lower[k] }, highs = parts.map { $0.intervals[l].upper[k] }
                lower.append(Self.quantile(mixture, pLow, lows.min() ?? .nan, lows.max() ?? .nan))
                upper.append(Self.quantile(mixture, pHigh, highs.min() ?? .nan, highs.max() ?? .nan))
            }
            return PredictionInterval(level: level, lower: lower, upper: upper)
        }
        return (mean, intervals)
    }

    func predictiveDistribution(at time: Double) -> any PredictiveDistribution {
        EqualMixture(members: members.map { $0.predictiveDistribution(at: time) })
    }

    /// The p-quantile of the equal mixture within [lo, hi] (where its CDF crosses p): false position with the
    /// Illinois modification, which keeps the bracket and converges superlinearly on these smooth CDFs.
    static func quantile(_ laws: [any PredictiveDistribution], _ p: Double, _ lo: Double, _ hi: Double) -> Double {
        guard lo.isFinite, hi.isFinite else { return .nan }
        if hi - lo <= 1e-12 * max(1, abs(lo)) { return lo }
        let mixture = EqualMixture(members: laws)
        var a = lo, b = hi
        var fa = mixture.cdf(a) - p, fb = mixture.cdf(b) - p
        if fa >= 0 { return a }
        if fb <= 0 { return b }
        var side = 0
        for _ in 0..<100 {
            let x = fb - fa > 0 ? (a * fb - b * fa) / (fb - fa) : 0.5 * (a + b)
            let fx = mixture.cdf(x) - p
            if abs(fx) < 1e-12 || b - a <= 1e-10 * max(1, abs(x)) { return x }
            if fx < 0 {
                a = x; fa = fx
                if side == -1 { fb *= 0.5 }
                side = -1
            } else {
                b = x; fb = fx
                if side == 1 { fa *= 0.5 }
                side = 1
            }
        }
        return 0.5 * (a + b)
    }
}

/// The equal-weight mixture of predictive distributions.
struct EqualMixture: PredictiveDistribution {
    let members: [any PredictiveDistribution]
    func cdf(_ x: Double) -> Double {
        members.reduce(0) { $0 + $1.cdf(x) } / Double(members.count)
    }
}
