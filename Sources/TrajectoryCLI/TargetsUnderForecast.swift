import Forecasting
import Planning
import TrajectoryIO

/// Under a table forecast of dataset indicators through `year`: those of `ids` with a target that year (or every one
/// when a `target` is given), each assessed by its `request`.
func printTargets(
    _ data: IndicatorDataset, year: Int, ids: [String], target: Double?, request: (String) -> OutlookRequest
) throws {
    let engine = OutlookEngine(dataset: data)
    var entries: [(scenario: String?, outlook: IndicatorOutlook)] = []
    for id in ids
    where try target != nil
        || data.indicator(id).target.map({ $0.targetYear == year && $0.targetValue != nil }) ?? false
    {
        if let outlook = try? engine.outlook(request(id)) { entries.append((nil, outlook)) }
    }
    guard !entries.isEmpty else { return }
    try FileIO.writeStandardOutput(
        Array("\nPlan targets in \(year):\n".utf8) + renderTargets(entries, .table, toFile: false))
}
