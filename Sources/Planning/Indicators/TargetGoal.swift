import Forecasting
import TrajectoryIO

/// A goal a planner sets for an indicator the plan table leaves without one (the examination cycles, PCT filings,
/// the industrialisation rate), or in place of the plan's: `--target ID=VALUE[@YEAR]` or a row of a targets file.
/// Without a year, the plan's target year (2025) is meant.
public struct TargetGoal: Sendable, Equatable {
    /// The indicator.
    public let indicatorID: String
    /// The value to reach (at or above it when higher is better, at or below when lower is better).
    public let value: Double
    /// The year it is to be reached by.
    public let year: Int
    /// Where the goal was given, for the notes (`--target`, or the file and line).
    public let origin: String

    /// The plan's target year, meant when a goal names none.
    public static let defaultYear = 2025

    /// A goal for `indicatorID`.
    public init(indicatorID: String, value: Double, year: Int = defaultYear, origin: String = "--target") {
        self.indicatorID = indicatorID
        self.value = value
        self.year = year
        self.origin = origin
    }

    /// Parses `ID=VALUE` or `ID=VALUE@YEAR` (`inv_exam_cycle_months=15@2025`).
    /// - Throws: ``PlanningError/invalidRequest(_:)`` saying what was expected.
    public static func parse(_ text: String, origin: String = "--target") throws(PlanningError) -> TargetGoal {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw .invalidRequest(
                "\(origin) '\(text)': expected ID=VALUE or ID=VALUE@YEAR, e.g. inv_exam_cycle_months=15@2025")
        }
        let valueAndYear = parts[1].split(separator: "@", maxSplits: 1).map { String($0).trimmingSpaces }
        guard let value = Double(valueAndYear[0]), value.isFinite else {
            throw .invalidRequest("\(origin) '\(text)': the target value '\(valueAndYear[0])' is not a number")
        }
        var year = defaultYear
        if valueAndYear.count == 2 {
            guard let y = Int(valueAndYear[1]), NodeReader.years.contains(y) else {
                throw .invalidRequest("\(origin) '\(text)': the year '\(valueAndYear[1])' must be a year in 1800–2300")
            }
            year = y
        }
        return TargetGoal(indicatorID: parts[0], value: value, year: year, origin: origin)
    }

    /// Reads a targets file: a CSV with columns `indicator_id`, `target_value` and optionally `target_year` (the
    /// column names of the plan's `plan_targets.csv`); an empty year means the plan's.
    /// - Throws: ``PlanningError/dataFile(_:)`` for a file that cannot be read or a cell that is not a number.
    public static func read(path: String) throws(PlanningError) -> [TargetGoal] {
        try PlanningError.wrapping {
            let table = try CSVTable(path: path)
            let id = try table.column("indicator_id"), value = try table.column("target_value")
            let yearColumn = table.header.firstIndex(of: "target_year")
            var goals: [TargetGoal] = []
            for row in table.rows {
                guard let v = try table.optionalNumber(row, value) else {
                    throw PlanningError.badMetadata(file: path, line: row.line, detail: "target_value is empty")
                }
                var year = defaultYear
                if let yearColumn, let y = try table.optionalNumber(row, yearColumn) {
                    guard let whole = Int(exactly: y), NodeReader.years.contains(whole) else {
                        throw PlanningError.badMetadata(
                            file: path, line: row.line, detail: "target_year must be a year in 1800–2300, got \(y)")
                    }
                    year = whole
                }
                goals.append(
                    TargetGoal(
                        indicatorID: row.fields[id].trimmingSpaces, value: v, year: year,
                        origin: "\(path):\(row.line)"))
            }
            return goals
        }
    }
}

extension IndicatorDataset {
    /// The dataset with `goals` as the targets of their indicators (replacing the plan's for the same indicator).
    /// - Throws: ``PlanningError/unknownIndicator(dataset:id:known:)`` for a goal naming no indicator.
    public func withGoals(_ goals: [TargetGoal]) throws(PlanningError) -> IndicatorDataset {
        guard !goals.isEmpty else { return self }
        var byID: [String: TargetGoal] = [:]
        for goal in goals {
            _ = try indicator(goal.indicatorID)
            byID[goal.indicatorID] = goal
        }
        let updated = indicators.map { indicator -> Indicator in
            guard let goal = byID[indicator.id] else { return indicator }
            var copy = indicator
            copy.target = PlanTarget(
                baselineYear: indicator.target?.baselineYear, baselineValue: indicator.target?.baselineValue,
                targetYear: goal.year, targetValue: goal.value, sourceURL: "", notes: "given with \(goal.origin)",
                isGoal: true)
            return copy
        }
        return IndicatorDataset(name: name, indicators: updated, observations: observations)
    }
}
