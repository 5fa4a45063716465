/// An ordered series of observations of one indicator.
///
/// Observations are sorted by time on construction; two observations at one time are an error. Values must
/// be finite. Times are decimal years (see ``Period``).
public struct Series: Sendable {
    /// Identifier (the `series_id` column, or the indicator id).
    public let id: String
    /// Periods as written in the data, oldest first.
    public let periods: [Period]
    /// Decimal-year times of ``periods``.
    public let times: [Double]
    /// Observed values.
    public let values: [Double]
    /// Where year-labelled periods sit on the time axis.
    public let anchor: AnnualAnchor
    /// Human-readable name, when known.
    public var name: String?
    /// Unit of the values, when known.
    public var unit: String?

    /// Builds a series, sorting the observations by time.
    /// - Throws: ``ForecastingError/duplicatePeriod(series:period:)`` when two observations share a time;
    ///   ``ForecastingError/nonFiniteValue(series:period:)`` for NaN or infinite values.
    public init(
        id: String, periods: [Period], values: [Double], anchor: AnnualAnchor = .start,
        name: String? = nil, unit: String? = nil
    ) throws(ForecastingError) {
        guard periods.count == values.count else {
            throw .numerical(series: id, model: "series", detail: "\(periods.count) periods but \(values.count) values")
        }
        var order = Array(periods.indices)
        let rawTimes = periods.map { $0.time(anchor: anchor) }
        var sorted = true
        for i in 1..<max(1, rawTimes.count) where rawTimes[i] <= rawTimes[i - 1] { sorted = false; break }
        if !sorted { order.sort { rawTimes[$0] < rawTimes[$1] } }
        let p = sorted ? periods : order.map { periods[$0] }
        let t = sorted ? rawTimes : order.map { rawTimes[$0] }
        let v = sorted ? values : order.map { values[$0] }
        for i in 0..<v.count where !v[i].isFinite {
            throw .nonFiniteValue(series: id, period: p[i].description)
        }
        for period in p where !period.isInValidRange {
            throw .periodOutOfRange(series: id, period: period.description)
        }
        for i in 1..<max(1, t.count) where t[i] == t[i - 1] {
            throw .duplicatePeriod(series: id, period: p[i].description)
        }
        self.init(validatedID: id, periods: p, times: t, values: v, anchor: anchor, name: name, unit: unit)
    }

    private init(
        validatedID id: String, periods: [Period], times: [Double], values: [Double], anchor: AnnualAnchor,
        name: String?, unit: String?
    ) {
        self.id = id
        self.periods = periods
        self.times = times
        self.values = values
        self.anchor = anchor
        self.name = name
        self.unit = unit
    }

    /// Builds a series whose `times` were already computed with `anchor` (the readers' fast path): when they
    /// are strictly increasing and the values finite, the arrays are taken as they are; otherwise this falls
    /// back to the sorting initializer and its errors.
    public init(
        id: String, periods: [Period], times: [Double], values: [Double], anchor: AnnualAnchor,
        name: String? = nil, unit: String? = nil
    ) throws(ForecastingError) {
        var valid =
            periods.count == values.count && times.count == values.count
            && (periods.first?.isInValidRange ?? true) && (periods.last?.isInValidRange ?? true)
        if valid {
            for i in 0..<values.count where !values[i].isFinite || (i > 0 && !(times[i] > times[i - 1])) {
                valid = false
                break
            }
        }
        if valid {
            self.init(
                validatedID: id, periods: periods, times: times, values: values, anchor: anchor, name: name, unit: unit)
        } else {
            try self.init(id: id, periods: periods, values: values, anchor: anchor, name: name, unit: unit)
        }
    }

    /// A series from consecutive years starting at `firstYear`.
    public init(id: String, firstYear: Int, values: [Double]) throws(ForecastingError) {
        try self.init(id: id, periods: (0..<values.count).map { .year(firstYear + $0) }, values: values)
    }

    /// Number of observations.
    public var count: Int { values.count }

    /// The observations dated on or before `day` (a vintage): a year counts as dated on 31 December.
    public func asOf(_ day: CalendarDay) throws(ForecastingError) -> Series {
        var p: [Period] = [], v: [Double] = []
        for (period, value) in zip(periods, values) where period.lastDay <= day {
            p.append(period)
            v.append(value)
        }
        return try Series(id: id, periods: p, values: v, anchor: anchor, name: name, unit: unit)
    }

    /// The periods a forecast covers: whole years after the last observation, either the next `steps`
    /// of them or every one up to and including `throughYear`.
    public func forecastPeriods(_ horizon: ForecastHorizon) throws(ForecastingError) -> [Period] {
        guard let lastTime = times.last, let lastPeriod = periods.last else { throw .emptySeries(series: id) }
        // First whole year whose time lies after the last observation.
        let offset = anchor == .end ? 1.0 : 0.0
        // Periods lie in Period.validYears (checked when the series is built), so this is a small whole number.
        guard let start = Int(exactly: (lastTime - offset).rounded(.down)) else {
            throw .periodOutOfRange(series: id, period: lastPeriod.description)
        }
        var first = start
        while Double(first) + offset <= lastTime + 1e-9 { first += 1 }
        switch horizon {
        case let .steps(h):
            guard h >= 1 else { throw .invalidHorizon("the horizon must be at least 1, got \(h)") }
            guard h <= 1000 else { throw .invalidHorizon("the horizon must be at most 1000 periods, got \(h)") }
            return (0..<h).map { .year(first + $0) }
        case let .through(year):
            guard year >= first else {
                throw .targetNotAfterData(series: id, target: String(year), last: lastPeriod.description)
            }
            guard year - first < 1000 else {
                throw .invalidHorizon("\(year) is more than 1000 years after the data")
            }
            return (first...year).map { .year($0) }
        }
    }
}

extension Series {
    /// The step between observations (1 year for yearly data, 1 for fewer than 2 observations); nil when the gaps
    /// are unequal (a missing year, a mid-year point).
    public var regularStep: Double? {
        guard count >= 2 else { return 1 }
        let step = times[1] - times[0]
        for i in 2..<count where abs(times[i] - times[i - 1] - step) > 1e-6 * max(1, step) { return nil }
        return step
    }

    /// Whole steps ahead of the last observation for each forecast time (at least 1), for models of equally
    /// spaced data.
    func stepsAhead(_ times: [Double]) -> [Int] {
        let last = self.times[count - 1]
        let step = regularStep ?? 1
        return times.map { max(1, Int((($0 - last) / step).rounded())) }
    }

    /// For models that need one value a year: the unbroken run of year-labelled values that ends at the latest
    /// one (dated values such as mid-year points, and years before a gap, left out), with a note saying so; nil
    /// when that run has fewer than `minimum` values. (R's `na.contiguous` takes the longest run instead; for
    /// forecasting, the latest one is the one that matters.)
    func latestAnnualRun(minimum: Int) -> (series: Series, note: String)? {
        var years: [(Int, Int)] = []  // (year, index)
        for (i, p) in periods.enumerated() { if case let .year(y) = p.kind { years.append((y, i)) } }
        guard var k = years.indices.last else { return nil }
        while k > 0 && years[k - 1].0 == years[k].0 - 1 { k -= 1 }
        let run = years[k...]
        guard run.count >= minimum, run.count < count, let first = run.first, let last = run.last else { return nil }
        let indices = run.map(\.1)
        guard
            let sub = try? Series(
                id: id, periods: indices.map { periods[$0] }, values: indices.map { values[$0] },
                anchor: anchor, name: name, unit: unit)
        else { return nil }
        let left = count - run.count
        return (
            sub,
            "one value a year is needed: fitted to \(first.0)–\(last.0), the latest unbroken run of yearly values (\(left) other observation\(left == 1 ? "" : "s") left out)"
        )
    }
}

extension Series {
    /// The values divided by their mean absolute value, and that scale (1 when it is 0 or not finite): what the fits
    /// by least squares of their errors work on, so their estimates do not depend on the unit. The mean is computed on
    /// the values over the largest so it does not overflow near 1e308.
    /// - Throws: ``ForecastingError/numerical(series:model:detail:)`` naming `model` when a scaled value is not finite.
    func dividedByMeanAbsoluteValue(model: String) throws(ForecastingError) -> (scale: Double, values: [Double]) {
        let largest = values.reduce(0) { max($0, abs($1)) }
        var scale = largest * (values.reduce(0) { $0 + abs($1) / largest } / Double(values.count))
        if !(scale > 0) || !scale.isFinite { scale = 1 }
        let y = values.map { $0 / scale }
        guard y.allSatisfy(\.isFinite) else {
            throw .numerical(series: id, model: model, detail: "the values are not finite after scaling")
        }
        return (scale, y)
    }
}

/// How far to forecast.
public enum ForecastHorizon: Sendable, Hashable {
    /// The next `n` whole years after the last observation.
    case steps(Int)
    /// Every whole year after the last observation up to and including this one (a plan's target year).
    case through(year: Int)
}
