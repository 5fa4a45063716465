import Forecasting
import TrajectoryIO

/// Builds ``IndicatorOutlook``s for a dataset, fitting each distinct (indicator, vintage, model, transform,
/// assumptions) once.
public struct OutlookEngine: Sendable {
    /// The dataset forecast.
    public let dataset: IndicatorDataset
    /// An engine over `dataset`.
    public init(dataset: IndicatorDataset) { self.dataset = dataset }

    /// A fitted but unshocked outlook, shared by requests that differ only in shock or target.
    public struct Fit: Sendable {
        let indicator: Indicator
        let observations: [Observation]
        let assumptions: [Int: Double]
        let series: Series
        let fitted: (any FittedModel)?
        /// The predictive distribution at the target year (computed once, evaluated per shock and target).
        let distribution: (any PredictiveDistribution)?
        let transform: Transform
        let notes: [String]
        let laterActual: Observation?
        let later: [Observation]
        let throughYear: Int
        /// Forecast periods after the data through `throughYear` (empty when that year is observed or assumed).
        let path: [OutlookPoint]
    }

    /// The full outlook of one request.
    public func outlook(_ request: OutlookRequest) throws(PlanningError) -> IndicatorOutlook {
        try assess(fit(request), request)
    }

    /// The year a request forecasts through.
    func throughYear(_ request: OutlookRequest, _ indicator: Indicator) throws(PlanningError) -> Int {
        if let y = request.targetYear { return y }
        if let t = indicator.target { return t.targetYear }
        throw .invalidRequest("indicator '\(indicator.id)' has no plan target: give a target year")
    }

    /// Fits the model of a request (the shock and target are not used).
    public func fit(_ request: OutlookRequest) throws(PlanningError) -> Fit {
        let indicator = try dataset.indicator(request.indicatorID)
        let rows = try dataset.usableObservations(indicator.id, asOf: request.asOf)
        guard !rows.isEmpty else {
            if let asOf = request.asOf {
                throw .noObservationInVintage(indicator: indicator.id, asOf: asOf.description)
            }
            throw .invalidRequest("indicator '\(indicator.id)' has no observation")
        }
        let through = try throughYear(request, indicator)
        guard (1800...2300).contains(through) else {
            throw .invalidRequest("year \(through) is outside 1800–2300")
        }
        var periods = rows.map(\.period), values = rows.map(\.value)
        let lastTime = periods.last.map { $0.time(anchor: indicator.anchor) } ?? 0
        for (year, value) in request.assumptions.sorted(by: { $0.key < $1.key }) {
            let p = Period.year(year)
            guard p.time(anchor: indicator.anchor) > lastTime + 1e-9 else {
                throw .invalidRequest(
                    "indicator '\(indicator.id)': the assumed value for \(year) is not after the last observation (\(rows.last?.period.description ?? ""))"
                )
            }
            guard value.isFinite else {
                throw .invalidRequest(
                    "indicator '\(indicator.id)': the assumed value for \(year) is not a finite number")
            }
            if let lower = indicator.lowerBound, value < lower {
                throw .invalidRequest(
                    "indicator '\(indicator.id)': the assumed value \(NumberText.compact(value)) for \(year) is below the lower bound \(NumberText.compact(lower))"
                )
            }
            if let upper = indicator.upperBound, value > upper {
                throw .invalidRequest(
                    "indicator '\(indicator.id)': the assumed value \(NumberText.compact(value)) for \(year) is above the upper bound \(NumberText.compact(upper))"
                )
            }
            periods.append(p)
            values.append(value)
        }
        let series: Series
        do {
            series = try Series(
                id: indicator.id, periods: periods, values: values, anchor: indicator.anchor,
                name: indicator.name, unit: indicator.unit)
        } catch {
            throw .forecasting(error)
        }
        let transform = try request.transform.resolve(for: indicator, values: values)
        var laterActual: Observation?
        var later: [Observation] = []
        if let asOf = request.asOf {
            later = try dataset.usableObservations(indicator.id).filter { $0.period.lastDay > asOf }
            laterActual = later.last { $0.period == .year(through) } ?? later.last
        }
        var notes: [String] = []
        if request.transform == .auto, case .none = transform, indicator.lowerBound != nil {
            notes.append("a value lies on a bound, so the model is fitted on the data's scale")
        }
        // The target year observed or assumed: nothing to fit.
        if let lastPeriod = series.periods.last,
            lastPeriod.time(anchor: indicator.anchor) >= Period.year(through).time(anchor: indicator.anchor) - 1e-9
        {
            return Fit(
                indicator: indicator, observations: rows, assumptions: request.assumptions, series: series,
                fitted: nil, distribution: nil, transform: transform, notes: notes, laterActual: laterActual,
                later: later, throughYear: through, path: [])
        }
        let fitted: any FittedModel
        let forecastPeriods: [Period]
        let forecast: (mean: [Double], intervals: [PredictionInterval], distributions: [any PredictiveDistribution])
        do throws(ForecastingError) {
            let base = request.model.model(seed: request.seed)
            forecastPeriods = try series.forecastPeriods(.through(year: through))
            let times = forecastPeriods.map { $0.time(anchor: indicator.anchor) }
            // Fitted and forecast under the time limit per series; the path and the target year's distribution in
            // one pass (a simulating model simulates once).
            (fitted, forecast) = try SeriesDeadline.limited(
                seconds: SeriesDeadline.defaultSeconds, series: series.id, model: request.model.description
            ) { () throws(ForecastingError) in
                let fitted = try TransformedModel(base: base, transform: transform).fit(series)
                return (fitted, fitted.forecastWithDistributions(at: times, levels: [80, 95]))
            }
        } catch {
            throw .forecasting(error)
        }
        if let note = fitted.note { notes.append(note) }
        let times = forecastPeriods.map { $0.time(anchor: indicator.anchor) }
        do {
            if let far = try BandPlausibility.check(
                series, model: fitted.modelName, periods: forecastPeriods, mean: forecast.mean,
                intervals: forecast.intervals)
            {
                notes.append(far)
            }
        } catch {
            throw .forecasting(error)
        }
        let path = forecastPeriods.indices.map { k in
            OutlookPoint(
                period: forecastPeriods[k], time: times[k], median: forecast.mean[k],
                lo80: forecast.intervals[0].lower[k], hi80: forecast.intervals[0].upper[k],
                lo95: forecast.intervals[1].lower[k], hi95: forecast.intervals[1].upper[k], isGiven: false)
        }
        return Fit(
            indicator: indicator, observations: rows, assumptions: request.assumptions, series: series,
            fitted: fitted, distribution: forecast.distributions.last,
            transform: transform, notes: notes, laterActual: laterActual, later: later, throughYear: through,
            path: path)
    }

    /// Applies the request's shock and target to a fit.
    public func assess(_ fit: Fit, _ request: OutlookRequest) throws(PlanningError) -> IndicatorOutlook {
        let indicator = fit.indicator
        var notes = fit.notes
        let shock = request.shock
        func shocked(_ point: OutlookPoint) -> OutlookPoint {
            guard let shock, point.period.calendarYear >= shock.fromYear else { return point }
            return point.mapped { clamp(shock.apply($0), indicator) }
        }
        let path = fit.path.map(shocked)
        // The target year: the last path point, or the observed/assumed value.
        let targetTime = Period.year(fit.throughYear).time(anchor: indicator.anchor)
        let atTarget: OutlookPoint
        let given: Bool
        if let last = path.last {
            atTarget = last
            given = false
        } else {
            guard
                let k = fit.series.periods.firstIndex(where: {
                    abs($0.time(anchor: indicator.anchor) - targetTime) < 1e-9
                })
            else {
                throw .invalidRequest(
                    "indicator '\(indicator.id)': the data already go beyond \(fit.throughYear); give a later year or an earlier --as-of"
                )
            }
            let v = fit.series.values[k]
            atTarget = shocked(
                OutlookPoint(
                    period: fit.series.periods[k], time: targetTime, median: v, lo80: v, hi80: v,
                    lo95: v, hi95: v, isGiven: true))
            given = true
            notes.append(
                fit.assumptions[fit.throughYear] != nil
                    ? "the \(fit.throughYear) value is assumed" : "the \(fit.throughYear) value is observed")
        }
        if let shock { notes.append("shock from \(shock.fromYear): \(shock.change.text)") }
        // A shock (or data) that takes the path beyond the range of double precision is an error, not a row of NA.
        let bounds = [atTarget.median, atTarget.lo80, atTarget.hi80, atTarget.lo95, atTarget.hi95]
        guard path.allSatisfy({ $0.median.isFinite }), bounds.allSatisfy({ $0.isFinite || $0.isNaN }),
            atTarget.median.isFinite
        else {
            throw .invalidRequest(
                "indicator '\(indicator.id)': the forecast is not a finite number"
                    + (shock.map { " after the shock from \($0.fromYear) (\($0.change.text))" } ?? ""))
        }
        var assessment: TargetAssessment?
        let targetValue =
            request.targetValue ?? indicator.target.flatMap { $0.targetYear == fit.throughYear ? $0.targetValue : nil }
        if request.targetValue != nil || indicator.target?.targetYear == fit.throughYear || request.targetYear != nil {
            let latest = fit.observations.last
            let latestTime = latest.map { $0.period.time(anchor: indicator.anchor) } ?? .nan
            let latestValue = latest.map(\.value) ?? .nan
            let years = targetTime - latestTime
            var probability = Double.nan
            var status = TargetStatus.noTarget
            var required = Double.nan
            if let target = targetValue {
                if given {
                    probability =
                        AttainmentProbability.meets(atTarget.median, target: target, direction: indicator.direction)
                        ? 1 : 0
                } else if let distribution = fit.distribution {
                    // F'(x) = F(s⁻¹(x)) for the increasing shock s.
                    var x = target
                    if let shock, fit.throughYear >= shock.fromYear { x = shock.invert(target) }
                    let f = distribution.cdf(x)
                    probability = AttainmentProbability.probability(cdfAtTarget: f, direction: indicator.direction)
                }
                required = years > 0 ? (target - latestValue) / years : .nan
                let latestMeets = latest.map {
                    AttainmentProbability.meets($0.value, target: target, direction: indicator.direction)
                }
                status = AttainmentProbability.status(
                    probability: probability, givenValue: given ? atTarget.median : nil,
                    target: target, direction: indicator.direction, latestMeets: latestMeets)
                if !given, let latest, latestMeets == true {
                    notes.append(
                        status == .metSoFar
                            ? "met so far: the only observation (\(latest.period)) already meets the target; one value gives no forecast distribution"
                            : "the latest value (\(latest.period)) already meets the target")
                }
                if !given, let latest, latest.confidence == "low" {
                    notes.append("the latest value (\(latest.period)) has low confidence in its source")
                }
                if let goal = indicator.target, goal.isGoal {
                    notes.append("target \(NumberText.compact(target)) by \(goal.targetYear) \(goal.notes)")
                }
            }
            assessment = TargetAssessment(
                targetYear: fit.throughYear, targetValue: targetValue, atTarget: atTarget,
                probability: probability, requiredPerYear: required,
                trendPerYear: years > 0 ? (atTarget.median - latestValue) / years : .nan, status: status,
                latestLowConfidence: !given && latest?.confidence == "low")
        }
        return IndicatorOutlook(
            indicator: indicator, observations: fit.observations, assumptions: fit.assumptions,
            series: fit.series, model: fit.fitted?.modelName ?? (given ? "observed" : "none"),
            transform: fit.transform, notes: notes, path: path, assessment: assessment, shock: shock,
            laterActual: fit.laterActual, laterObservations: fit.later)
    }

    func clamp(_ y: Double, _ indicator: Indicator) -> Double {
        var v = y
        if let lower = indicator.lowerBound { v = max(lower, v) }
        if let upper = indicator.upperBound { v = min(upper, v) }
        return v
    }
}

extension Period {
    /// The calendar year the period falls in.
    var calendarYear: Int {
        switch kind {
        case let .year(y): return y
        case let .date(y, _, _): return y
        case let .decimal(x): return Int(x.rounded(.down))
        }
    }
}
