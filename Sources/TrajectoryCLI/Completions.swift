import ArgumentParser
import Forecasting
import Planning

/// Shell completion of `--model`: every model name of the grammar (orders and member lists are typed after them).
let modelCompletion = CompletionKind.list(ModelSpec.names)

/// Shell completion of `--indicator`: the ids of the shipped indicator dataset, found as the commands find it.
let indicatorCompletion = CompletionKind.custom { _, _, prefix in indicatorIDs(prefix: prefix) }

/// The shipped indicator ids that start with `prefix` (none when the datasets cannot be found or read).
func indicatorIDs(prefix: String) -> [String] {
    guard let data = try? DatasetCatalog.locate(explicit: nil).cnipa() else { return [] }
    return data.indicators.map(\.id).filter { $0.hasPrefix(prefix) }
}
