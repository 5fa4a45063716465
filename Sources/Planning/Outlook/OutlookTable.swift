import Forecasting
import TrajectoryIO

/// The targets table: one row per indicator (and scenario) with the latest value, the target, the forecast at
/// the target year with 80/95% intervals, the probability that the target is met, the annual change still
/// required against the one the forecast implies, and the status.
public enum OutlookTable {
    /// The CSV/JSON columns (with a `scenario` column first for scenario runs).
    public static func columns(scenario: Bool) -> [String] {
        (scenario ? ["scenario"] : []) + [
            "indicator", "latest_period", "latest_value", "target_year", "target", "direction", "forecast",
            "lo80", "hi80", "lo95", "hi95", "p_meet", "required_per_year", "trend_per_year", "status", "model",
            "transform", "unit", "actual_period", "actual_value", "note",
        ]
    }

    /// Builds the table; `scenario` names go in a first column when given. `footnotes` (the notes under a text
    /// table) can be left out when the table is written as CSV or JSON, whose rows carry the notes. `scenarioColumn`
    /// says whether there is a scenario column when `entries` cannot (an empty shard of a scenario run).
    public static func make(
        _ entries: [(scenario: String?, outlook: IndicatorOutlook)], footnotes: Bool = true,
        scenarioColumn: Bool? = nil
    ) -> ResultTable {
        let withScenario = scenarioColumn ?? entries.contains { $0.scenario != nil }
        let withActuals = entries.contains { $0.outlook.laterActual != nil }
        var table = ResultTable(
            header: columns(scenario: withScenario),
            tableColumns: (withScenario ? ["scenario"] : []) + [
                "indicator", "latest_period", "latest_value", "target_year", "target", "forecast",
                "lo95", "hi95", "p_meet", "required_per_year", "trend_per_year", "status",
            ]
                + (withActuals ? ["actual_period", "actual_value"] : []))
        for (scenario, o) in entries {
            table.append(row(scenario: withScenario ? scenario ?? "" : nil, o))
            if footnotes && !o.notes.isEmpty {
                table.footnotes.append(
                    "\(scenario.map { "[\($0)] " } ?? "")\(o.indicator.id): \(o.notes.joined(separator: "; "))")
            }
        }
        guard footnotes else { return table }
        if !table.footnotes.isEmpty { table.footnotes.insert("", at: 0) }
        table.footnotes.append(contentsOf: [
            "", "forecast: median at the target year; p_meet: probability the target is met (direction respected);",
            "status: met/missed (the target year's value is observed or assumed), else on track (p >= 2/3), at risk, off track (p < 1/3).",
        ])
        if withActuals {
            table.footnotes.append(
                "actual: the target year's value published after the vintage (else the latest value published after it)."
            )
        }
        return table
    }

    static func row(scenario: String?, _ o: IndicatorOutlook) -> [ResultTable.Cell] {
        let a = o.assessment
        let p = a?.atTarget
        var cells: [ResultTable.Cell] = scenario.map { [.text($0)] } ?? []
        cells += [
            .text(o.indicator.id),
            .text(o.latest?.period.description ?? ""),
            .number(o.latest?.value ?? .nan),
            .text(a.map { String($0.targetYear) } ?? ""),
            .number(a?.targetValue ?? .nan),
            .text(o.indicator.direction.rawValue),
            .number(p?.median ?? .nan),
            .number(p?.lo80 ?? .nan), .number(p?.hi80 ?? .nan), .number(p?.lo95 ?? .nan), .number(p?.hi95 ?? .nan),
            .number(a?.probability ?? .nan),
            .number(a?.requiredPerYear ?? .nan),
            .number(a?.trendPerYear ?? .nan),
            .text(a?.statusText ?? ""),
            .text(o.model),
            .text(o.transform.description),
            .text(o.indicator.unit),
            .text(o.laterActual?.period.description ?? ""),
            .number(o.laterActual?.value ?? .nan),
            .text(o.notes.joined(separator: "; ")),
        ]
        return cells
    }
}
