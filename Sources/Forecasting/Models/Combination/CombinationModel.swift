import Foundation

/// The equal-weight combination of several models' forecasts (`--model combo`: automatic ETS, `auto.arima` and
/// Theta, the combination that is the most accurate simple method on yearly data).
///
/// The point forecast is the mean of the members' point forecasts (``pointRule``; `auto` takes their median). The
/// predictive distribution is the equal-weight mixture of the members' predictive distributions, and its intervals are
/// the mixture's quantiles (``Mixture``, false position on its CDF within the members' bounds) — not averages of the
/// members' bounds. A member that cannot be fitted is left out with a note; with none, the fit fails.
public struct CombinationModel: ForecastModel {
    /// The models combined.
    public let members: [any ForecastModel]
    let label: String
    /// The screen applied before the members see the series (nil: none).
    public var outlierScreen: OutlierScreen? = OutlierScreen()
    /// How the members' point forecasts are combined (the intervals are always the mixture's).
    public var pointRule: FittedParameters.PointRule = .mean

    /// `members` default to ETS, ARIMA and Theta.
    public init(
        members: [any ForecastModel]? = nil, seed: UInt64 = ModelDefaults.seed,
        etsScales: ExponentialSmoothing.Scales = .dataAndLog,
        name: String = "combo"
    ) {
        // The ARIMA member allows two differences, as R's auto.arima: in validation on the M3 yearly training data the
        // combination did better with it (19.12/3.146) than with at most one (19.25/3.166). The ETS member fits the data
        // and their logarithms (`ets`): 18.97/3.130 against 19.11/3.146 with the data-scale `ets:data`.
        self.members = Self.unscreened(
            members ?? [
                ExponentialSmoothing(selection: .automatic, scales: etsScales, seed: seed),
                ARIMAModel(selection: .automatic(maxDifferences: 2)), ThetaModel(),
            ])
        self.label = name
    }

    /// `members` with the outlier screen of their automatic exponential smoothing off: the combination screens the
    /// series once, before any member sees it.
    static func unscreened(_ members: [any ForecastModel]) -> [any ForecastModel] {
        members.map { member in
            guard var ets = member as? ExponentialSmoothing else { return member }
            ets.outlierScreen = nil
            return ets
        }
    }

    /// The name given (`combo`, `combo:ets+theta`).
    public var name: String { label }
    /// The members on the scale the caller chose.
    public func onGivenScale() -> any ForecastModel {
        var copy = CombinationModel(members: members.map { $0.onGivenScale() }, name: label)
        copy.outlierScreen = outlierScreen
        copy.pointRule = pointRule
        return copy
    }

    /// The combination with `screen` (nil: the caller has screened the series already, or wants it as it is).
    func screening(with screen: OutlierScreen?) -> CombinationModel {
        var copy = self
        copy.outlierScreen = screen
        return copy
    }
    /// The smallest number any member needs.
    public var minimumObservations: Int { members.map(\.minimumObservations).min() ?? 1 }

    /// Fits every member; a member that fails is left out with a note.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        // Members see one series: an unequally spaced one on its yearly grid, when it has one, with likely outliers
        // replaced (no member's variance or trend is built on a one-off value).
        let (prepared, notes) = series.preparedForFit(minimum: minimumObservations, screen: outlierScreen)
        return Annotated.leading(notes, try fitMembers(prepared))
    }

    private func fitMembers(_ series: Series) throws(ForecastingError) -> any FittedModel {
        var fitted: [any FittedModel] = []
        var left: [String] = []
        var firstError: ForecastingError?
        for m in members {
            do { fitted.append(try m.fit(series)) } catch {
                left.append("\(m.name) (\(error))")
                if firstError == nil { firstError = error }
            }
        }
        guard !fitted.isEmpty else {
            throw firstError ?? .numerical(series: series.id, model: name, detail: "no member could be fitted")
        }
        // A member whose band says nothing (``BandPlausibility``) would make the mixture's band as wide: left out,
        // unless every member is so (the forecast's own check then decides).
        let plausible = fitted.map(BandPlausibility.isPlausible)
        var implausible: [String] = []
        if plausible.contains(true) && plausible.contains(false) {
            implausible = zip(fitted, plausible).filter { !$1 }.map(\.0.modelName)
            fitted = zip(fitted, plausible).filter { $1 }.map(\.0)
        }
        var notes = fitted.compactMap { f in f.note.map { "\(f.modelName): \($0)" } }
        if !left.isEmpty { notes.append("left out: " + left.joined(separator: "; ")) }
        if !implausible.isEmpty {
            notes.append(
                "left out, its 95% band within \(BandPlausibility.referenceHorizon) years wider than a million times the data's range and forecast: "
                    + implausible.joined(separator: ", "))
        }
        return FittedCombination(
            series: series, members: fitted, label: label, pointRule: pointRule,
            note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}

/// A fitted ``CombinationModel``.
struct FittedCombination: FittedModel {
    let series: Series
    let members: [any FittedModel]
    let label: String
    let pointRule: FittedParameters.PointRule
    let note: String?

    var modelName: String { "\(label)(" + members.map(\.modelName).joined(separator: " + ") + ")" }
    var fittedValues: [Double] {
        let each = members.map(\.fittedValues)
        return (0..<series.count).map { i in pointRule.combine(each.map { $0[i] }) }
    }
    var residuals: [Double] { zip(series.values, fittedValues).map { $0 - $1 } }
    var residualVariance: Double {
        let r = residuals.filter(\.isFinite)
        return r.reduce(0) { $0 + $1 * $1 } / Double(max(1, r.count))
    }
    /// Every member with weight 1/k in the mixture. (A combination has no likelihood of its own: ``likelihood`` is nil.)
    var parameters: FittedParameters {
        .combination(
            members.map {
                .init(modelName: $0.modelName, weight: 1 / Double(members.count), parameters: $0.parameters)
            },
            point: pointRule)
    }

    /// The mean (or median, ``pointRule``) of the members' point forecasts, and the equal-weight ``Mixture`` of their
    /// laws.
    func predictive(at times: [Double]) -> PredictiveForecast {
        let parts = members.map { $0.predictive(at: times) }
        let mean = times.indices.map { k in pointRule.combine(parts.map { $0.mean[k] }) }
        return PredictiveForecast(
            mean: mean,
            laws: times.indices.map { k in
                Mixture(equallyWeighted: Self.guarded(parts.map { $0.laws[k] }, centers: parts.map { $0.mean[k] }))
            })
    }

    /// No member may blow the mixture up: a member whose 95% band reaches more than ``spreadCap`` times as far from
    /// its point forecast as the median member's (on either side) is drawn in about its point forecast to that
    /// reach. On M3 N0351 (30 … 10,710 after an explosive early phase) the ETS member's multiplicative and log-scale
    /// forms read the early jumps as volatility: its 95% upper bound six years out was 1.4 million against 21,000 for
    /// ARIMA and Theta, and the mixture's 378,000.
    static func guarded(_ laws: [any PredictiveDistribution], centers: [Double]) -> [any PredictiveDistribution] {
        guard laws.count >= 3 else { return laws }
        let bands = laws.map { $0.interval(level: 95) }
        let upper = zip(bands, centers).map { $0.upper - $1 }, lower = zip(bands, centers).map { $1 - $0.lower }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        let upperCap = spreadCap * median(upper), lowerCap = spreadCap * median(lower)
        guard upperCap.isFinite, lowerCap.isFinite, upperCap > 0, lowerCap > 0 else { return laws }
        return laws.indices.map { i in
            let shrink = min(
                1, upperCap / max(upper[i], .leastNonzeroMagnitude), lowerCap / max(lower[i], .leastNonzeroMagnitude))
            return shrink < 1 ? StretchedLaw(base: laws[i], center: centers[i], stretch: shrink) : laws[i]
        }
    }

    /// How many times the median member's reach a member's band may reach.
    static let spreadCap = 5.0
}
