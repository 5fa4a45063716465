import Forecasting
import TrajectoryIO

/// A dataset of named indicators: metadata, plan targets and sourced observations.
///
/// Files in its folder: `indicators.csv` (id, name, unit, direction, bounds, kind, annual anchor),
/// `observations.csv` (one sourced value a row, with `confidence` and `basis`), `plan_targets.csv`.
public struct IndicatorDataset: Sendable {
    /// The dataset's name (`cnipa`).
    public let name: String
    /// Indicators in file order.
    public let indicators: [Indicator]
    /// Every observation row, including year-to-date rows.
    public let observations: [Observation]

    /// The indicator called `id`.
    public func indicator(_ id: String) throws(PlanningError) -> Indicator {
        guard let found = indicators.first(where: { $0.id == id }) else {
            throw .unknownIndicator(dataset: name, id: id, known: indicators.map(\.id))
        }
        return found
    }

    /// The observations a model may use for `id`, one per period, in time order.
    ///
    /// Year-to-date cumulative rows of flows are left out (they are not annual values). When several rows give
    /// the same period, the rule is: highest confidence (high > medium > low), then the row listed last.
    /// With `asOf`, only observations dated on or before that day are kept (a year counts as 31 December).
    public func usableObservations(_ id: String, asOf: CalendarDay? = nil) throws(PlanningError) -> [Observation] {
        let anchor = try indicator(id).anchor
        return try provenance(id, asOf: asOf).filter(\.used).map(\.observation)
            .sorted { $0.period.time(anchor: anchor) < $1.period.time(anchor: anchor) }
    }

    /// Every row of indicator `id` with whether the models use it and why (see ``usableObservations(_:asOf:)``).
    public func provenance(_ id: String, asOf: CalendarDay? = nil) throws(PlanningError) -> [ObservationChoice] {
        _ = try indicator(id)
        let rows = observations.filter { $0.indicatorID == id }
        var chosen: [Period: Int] = [:]
        var candidates: [Period: Int] = [:]
        for (k, o) in rows.enumerated()
        where o.basis != .ytdCumulative && !(asOf.map { o.period.lastDay > $0 } ?? false) {
            candidates[o.period, default: 0] += 1
            if let existing = chosen[o.period], Self.rank(o.confidence) < Self.rank(rows[existing].confidence) {
                continue
            }
            chosen[o.period] = k
        }
        return rows.enumerated().map { k, o in
            if o.basis == .ytdCumulative {
                return ObservationChoice(
                    observation: o, used: false, reason: "year-to-date cumulative figure of a flow: not an annual value"
                )
            }
            if let asOf, o.period.lastDay > asOf {
                return ObservationChoice(observation: o, used: false, reason: "dated after the vintage \(asOf)")
            }
            let n = candidates[o.period] ?? 1
            guard let winner = chosen[o.period] else {
                return ObservationChoice(observation: o, used: false, reason: "not usable")
            }
            if winner == k {
                if n == 1 { return ObservationChoice(observation: o, used: true, reason: "only value for \(o.period)") }
                let tie = rows.enumerated().contains { j, other in
                    j != k && other.period == o.period && other.basis != .ytdCumulative
                        && Self.rank(other.confidence) == Self.rank(o.confidence)
                }
                return ObservationChoice(
                    observation: o, used: true,
                    reason: tie
                        ? "\(n) values for \(o.period): highest confidence (\(o.confidence)) shared, listed last"
                        : "\(n) values for \(o.period): highest confidence (\(o.confidence))")
            }
            let w = rows[winner]
            return ObservationChoice(
                observation: o, used: false,
                reason: Self.rank(w.confidence) > Self.rank(o.confidence)
                    ? "line \(w.line) gives \(o.period) with higher confidence (\(w.confidence))"
                    : "line \(w.line) gives \(o.period) with the same confidence and is listed later")
        }
    }

    static func rank(_ confidence: String) -> Int {
        switch confidence {
        case "high": return 3;
        case "medium": return 2;
        case "low": return 1;
        default: return 0
        }
    }

    /// The series of indicator `id` for modelling (see ``usableObservations(_:asOf:)``).
    public func series(_ id: String, asOf: CalendarDay? = nil) throws(PlanningError) -> Series {
        let indicator = try indicator(id)
        let rows = try usableObservations(id, asOf: asOf)
        do {
            return try Series(
                id: id, periods: rows.map(\.period), values: rows.map(\.value), anchor: indicator.anchor,
                name: indicator.name, unit: indicator.unit)
        } catch {
            throw .forecasting(error)
        }
    }

    /// Loads a dataset folder.
    public static func load(name: String, folder: String) throws(PlanningError) -> IndicatorDataset {
        try PlanningError.wrapping { try loadFolder(name: name, folder: folder) }
    }

    /// ``load(name:folder:)``, whose steps throw planning and data-file errors.
    private static func loadFolder(name: String, folder: String) throws -> IndicatorDataset {
        let meta = try CSVTable(path: folder + "/indicators.csv")
        let c = (
            id: try meta.column("indicator_id"), name: try meta.column("name"), unit: try meta.column("unit"),
            direction: try meta.column("direction"), lower: try meta.column("lower_bound"),
            upper: try meta.column("upper_bound"), kind: try meta.column("kind"),
            anchor: try meta.column("annual_anchor"), plan: try meta.column("plan_indicator")
        )
        var indicators: [Indicator] = []
        for row in meta.rows {
            let f = row.fields
            guard let direction = Indicator.Direction(rawValue: f[c.direction].trimmingSpaces) else {
                throw PlanningError.badMetadata(
                    file: meta.file, line: row.line,
                    detail: "direction must be 'higher' or 'lower', got '\(f[c.direction])'")
            }
            guard let kind = Indicator.Kind(rawValue: f[c.kind].trimmingSpaces) else {
                throw PlanningError.badMetadata(
                    file: meta.file, line: row.line, detail: "kind must be 'level' or 'flow', got '\(f[c.kind])'")
            }
            guard let anchor = AnnualAnchor(rawValue: f[c.anchor].trimmingSpaces) else {
                throw PlanningError.badMetadata(
                    file: meta.file, line: row.line,
                    detail: "annual_anchor must be 'start' or 'end', got '\(f[c.anchor])'")
            }
            indicators.append(
                Indicator(
                    id: f[c.id].trimmingSpaces, name: f[c.name], unit: f[c.unit], direction: direction,
                    lowerBound: try meta.optionalNumber(row, c.lower),
                    upperBound: try meta.optionalNumber(row, c.upper), kind: kind, anchor: anchor,
                    isPlanIndicator: f[c.plan].trimmingSpaces == "yes", target: nil))
        }
        // Plan targets.
        let targets = try CSVTable(path: folder + "/plan_targets.csv")
        let t = (
            id: try targets.column("indicator_id"), baseYear: try targets.column("baseline_year"),
            baseValue: try targets.column("baseline_value"), year: try targets.column("target_year"),
            value: try targets.column("target_value"), url: try targets.column("source_url"),
            notes: try targets.column("notes")
        )
        for row in targets.rows {
            let id = row.fields[t.id].trimmingSpaces
            guard let k = indicators.firstIndex(where: { $0.id == id }) else {
                throw PlanningError.badMetadata(
                    file: targets.file, line: row.line, detail: "indicator '\(id)' is not in indicators.csv")
            }
            guard let year = try targets.optionalNumber(row, t.year) else {
                throw PlanningError.badMetadata(file: targets.file, line: row.line, detail: "target_year is empty")
            }
            indicators[k].target = PlanTarget(
                baselineYear: try targets.optionalNumber(row, t.baseYear).map { Int($0) },
                baselineValue: try targets.optionalNumber(row, t.baseValue),
                targetYear: Int(year), targetValue: try targets.optionalNumber(row, t.value),
                sourceURL: row.fields[t.url], notes: row.fields[t.notes])
        }
        // Observations.
        let obs = try CSVTable(path: folder + "/observations.csv")
        let o = (
            id: try obs.column("indicator_id"), period: try obs.column("period"), value: try obs.column("value"),
            unit: try obs.column("unit"), url: try obs.column("source_url"), title: try obs.column("source_title"),
            notes: try obs.column("notes"), confidence: try obs.column("confidence"), basis: try obs.column("basis")
        )
        var observations: [Observation] = []
        for row in obs.rows {
            let f = row.fields
            let id = f[o.id].trimmingSpaces
            guard indicators.contains(where: { $0.id == id }) else {
                throw PlanningError.badMetadata(
                    file: obs.file, line: row.line, detail: "indicator '\(id)' is not in indicators.csv")
            }
            guard let period = Period.parse(f[o.period]) else {
                throw DataFileError.badPeriod(
                    file: obs.file, line: row.line, column: o.period + 1, columnName: "period", text: f[o.period])
            }
            guard let value = try obs.optionalNumber(row, o.value) else {
                throw DataFileError.nonNumericValue(
                    file: obs.file, line: row.line, column: o.value + 1, columnName: "value", text: "")
            }
            guard let basis = Observation.Basis(rawValue: f[o.basis].trimmingSpaces) else {
                throw PlanningError.badMetadata(
                    file: obs.file, line: row.line, detail: "basis must be annual, point or ytd_cumulative")
            }
            let kind = indicators.first(where: { $0.id == id })?.kind ?? .level
            if case .date = period.kind, kind == .flow, basis != .ytdCumulative {
                throw PlanningError.badMetadata(
                    file: obs.file, line: row.line,
                    detail:
                        "indicator '\(id)' is a flow, so a value dated \(period) must have basis ytd_cumulative (a flow has no value at a point in time), got '\(basis.rawValue)'"
                )
            }
            if kind == .level, basis == .ytdCumulative {
                throw PlanningError.badMetadata(
                    file: obs.file, line: row.line,
                    detail:
                        "indicator '\(id)' is a level, which has no year-to-date cumulative value; use basis 'point' or 'annual'"
                )
            }
            if case .year = period.kind, basis != .annual {
                throw PlanningError.badMetadata(
                    file: obs.file, line: row.line,
                    detail: "a year period (\(period)) must have basis 'annual', got '\(basis.rawValue)'")
            }
            observations.append(
                Observation(
                    indicatorID: id, period: period, value: value, unit: f[o.unit],
                    sourceURL: f[o.url], sourceTitle: f[o.title], notes: f[o.notes],
                    confidence: f[o.confidence].trimmingSpaces, basis: basis, line: row.line))
        }
        return IndicatorDataset(name: name, indicators: indicators, observations: observations)
    }
}

/// One observation row and whether the models use it, with the reason.
public struct ObservationChoice: Sendable, Equatable {
    /// The row.
    public let observation: Observation
    /// Whether the models use it.
    public let used: Bool
    /// Why (or why not).
    public let reason: String
}
