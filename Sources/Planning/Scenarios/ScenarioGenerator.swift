import Forecasting
import TrajectoryIO

/// Random but reproducible scenario files for load tests and benchmarks: `count` scenarios over a dataset's plan
/// indicators mixing vintages, models, shocks, assumed values and target overrides.
public enum ScenarioGenerator {
    /// The YAML text of a scenario file.
    public static func yaml(count: Int, seed: UInt64, dataset: IndicatorDataset) throws(PlanningError) -> String {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }
        let plan = dataset.indicators.filter { $0.isPlanIndicator && $0.target?.targetValue != nil }
        // Indicators every model can fit (3 or more values as of the earliest vintage), for scenarios that name a model.
        var fittable: [String] = []
        for indicator in plan
        where try dataset.usableObservations(indicator.id, asOf: CalendarDay(year: 2023, month: 12, day: 31)).count >= 3
        {
            fittable.append(indicator.id)
        }
        let vintages = ["", "2023-12-31", "2024-06-30", "2024-12-31"]
        let models = ["auto", "drift", "theta", "linear"]
        var text =
            "# \(count) generated scenarios (trajectory scenarios generate --count \(count) --seed \(seed))\ndataset: \(dataset.name)\ntarget_year: 2025\nseed: \(seed)\nscenarios:\n"
        text.reserveCapacity(count * 120)
        for k in 0..<count {
            text += "  - name: s\(k)\n"
            let vintage = pick(vintages)
            switch k % 4 {
            case 0:
                if !vintage.isEmpty { text += "    as_of: \(vintage)\n" }
                let model = pick(models)
                text += "    model: \(model)\n"
                if model != "auto" { text += "    indicators: [\(fittable.joined(separator: ", "))]\n" }
            case 1:
                if !vintage.isEmpty { text += "    as_of: \(vintage)\n" }
                let change = Int(next() % 41) - 20
                text += "    shock: {from: 2025, change: \"\(change >= 0 ? "+" : "")\(change)%\"}\n"
            case 2:
                let indicator = pick(plan)
                let latest =
                    try dataset.usableObservations(indicator.id, asOf: CalendarDay(year: 2023, month: 12, day: 31))
                    .last?.value ?? 1
                let factor = 0.9 + Double(next() % 201) / 1000
                text += "    as_of: 2023-12-31\n    indicators: [\(indicator.id)]\n"
                var value = latest * factor
                // Stay inside the bounds.
                if let upper = indicator.upperBound { value = min(value, latest + (upper - latest) / 2) }
                text += "    assume: {2024: \(NumberText.short(value))}\n"
            default:
                let indicator = pick(plan)
                let target = (indicator.target?.targetValue ?? 1) * (0.9 + Double(next() % 201) / 1000)
                if !vintage.isEmpty { text += "    as_of: \(vintage)\n" }
                text += "    indicators: [\(indicator.id)]\n    target: \(NumberText.short(target))\n"
            }
        }
        return text
    }
}
