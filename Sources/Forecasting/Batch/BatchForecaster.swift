import Dispatch
import Foundation
import LinearAlgebra

/// Forecasts of many series laid out series by series: the series of one block share their forecast
/// periods; the mean of series `j` at period `s` is `mean[j*h + s]`. Interval bounds are either stored
/// (`lower/upper[(j*h + s)*L + l]` for `L` levels) or, for the regressions, kept as each series' σ and the
/// per-period half-width factors and computed when read — a quarter of the memory for 100,000 series.
public struct ForecastBlock: Sendable {
    /// The model of each series (automatic selection may choose a different form per series).
    public internal(set) var models: [String]
    /// Forecast periods, shared by every series of the block.
    public let periods: [Period]
    /// Interval levels in percent, in the order requested.
    public let levels: [Double]
    /// Series ids, in block order.
    public internal(set) var seriesIDs: [String]
    /// Point forecasts: series `j` at period `s` is `mean[j*h + s]`.
    public internal(set) var mean: [Double]
    /// How the interval bounds are held.
    public enum Bounds: Sendable {
        /// `lower/upper[(j*h + s)*L + l]`.
        case explicit(lower: [Double], upper: [Double])
        /// Bound = m ± halfWidth[s*L + l]·σ[j] around the model-scale mean m (`log(mean)` when `logScale`,
        /// whose bounds are then exponentiated).
        case scaled(sigma: [Double], halfWidth: [Double], logScale: Bool)
    }
    /// The interval bounds (stored, or scaled from σ when read).
    public internal(set) var bounds: Bounds

    /// Number of series in the block.
    public var count: Int { seriesIDs.count }
    /// Forecast periods per series.
    public var horizon: Int { periods.count }

    /// Lower bound of series `j` at period `s` for level index `l`.
    @inline(__always)
    public func lowerBound(_ j: Int, _ s: Int, _ l: Int) -> Double { bound(j, s, l, -1) }
    /// Upper bound of series `j` at period `s` for level index `l`.
    @inline(__always)
    public func upperBound(_ j: Int, _ s: Int, _ l: Int) -> Double { bound(j, s, l, 1) }

    @inline(__always)
    private func bound(_ j: Int, _ s: Int, _ l: Int, _ side: Double) -> Double {
        let k = j * periods.count + s
        switch bounds {
        case let .explicit(lower, upper):
            return side < 0 ? lower[k * levels.count + l] : upper[k * levels.count + l]
        case let .scaled(sigma, halfWidth, logScale):
            return GriddedLaw.bound(mean[k], side * halfWidth[s * levels.count + l] * sigma[j], logScale)
        }
    }

    /// The forecast of the `j`-th series of the block.
    public func forecast(_ j: Int) -> Forecast {
        let h = periods.count
        return Forecast(
            seriesID: seriesIDs[j], model: models[j], periods: periods, mean: Array(mean[(j * h)..<((j + 1) * h)]),
            intervals: levels.indices.map { l in
                PredictionInterval(
                    level: levels[l], lower: (0..<h).map { lowerBound(j, $0, l) },
                    upper: (0..<h).map { upperBound(j, $0, l) })
            })
    }
}

/// The outcome of a batch run, in the order the series were given.
public struct BatchResult: Sendable {
    /// Forecast blocks.
    public let blocks: [ForecastBlock]
    /// For every input series: where its forecast is (block, column) or why it failed.
    public let outcomes: [Result<BlockPosition, ForecastingError>]
    /// Remarks on individual series (a simpler model used on a short series, …), in input order.
    public let notes: [SeriesNote]

    /// Position of a series' forecast.
    public struct BlockPosition: Sendable, Hashable {
        /// Index of the block in ``BatchResult/blocks``.
        public let block: Int
        /// Column of the series inside its block.
        public let column: Int
    }

    /// The failures, in input order.
    public var failures: [ForecastingError] {
        outcomes.compactMap { if case let .failure(e) = $0 { return e } else { return nil } }
    }
    /// Number of series forecast.
    public var successCount: Int { outcomes.count - failures.count }
}

/// A remark about one series' forecast.
public struct SeriesNote: Sendable, Equatable {
    /// The series the remark is about.
    public let seriesID: String
    /// The remark.
    public let text: String
}

/// Fits one model to many series and forecasts them all.
///
/// Series are grouped by their observation times. For the trend regressions each group is fitted in one
/// multi-right-hand-side least-squares pass (``TrendRegressionBatch``); other models are fitted series by
/// series. Groups and large groups' chunks run in parallel over the cores; OpenBLAS is then kept to one
/// thread by the caller (see `BLASThreads`).
public struct BatchForecaster: Sendable {
    /// The model fitted to every series.
    public let model: any ForecastModel
    /// How far each series is forecast.
    public let horizon: ForecastHorizon
    /// Interval levels in percent.
    public let levels: [Double]
    /// Worker threads (1 = sequential).
    public let threads: Int

    /// - Throws: ``ForecastingError/invalidLevel(_:)`` for a level outside (0, 100).
    public init(
        model: any ForecastModel, horizon: ForecastHorizon, levels: [Double] = ModelDefaults.levels,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws(ForecastingError) {
        for level in levels where !(level > 0 && level < 100) { throw .invalidLevel(level) }
        self.model = model
        self.horizon = horizon
        self.levels = levels
        self.threads = max(1, threads)
    }

    /// Series sharing observation times and anchor (so also forecast periods).
    struct Group: Sendable {
        var members: [Int]
        var periods: [Period]
    }

    /// Forecasts every series; a series that cannot be forecast is reported, the others go on.
    ///
    /// When the batch runs on more than one thread, OpenBLAS is set to one thread first: the engine
    /// parallelises over series, and two levels of threads would oversubscribe the cores.
    public func run(_ series: [Series]) -> BatchResult {
        if threads > 1 { ForecastingRuntime.useSingleThreadedBLAS() }
        var outcomes = [Result<BatchResult.BlockPosition, ForecastingError>?](repeating: nil, count: series.count)
        // Group by grid.
        struct GridKey: Hashable { let times: [Double]; let anchor: AnnualAnchor }
        var groupIndex: [GridKey: Int] = [:]
        var groups: [Group] = []
        var previous = -1  // group of the previous series: consecutive series usually share a grid
        for (i, s) in series.enumerated() {
            if previous >= 0, let first = groups[previous].members.first,
                series[first].anchor == s.anchor, series[first].times == s.times
            {
                groups[previous].members.append(i)
                continue
            }
            let key = GridKey(times: s.times, anchor: s.anchor)
            if let g = groupIndex[key] {
                groups[g].members.append(i)
                previous = g
                continue
            }
            do {
                let periods = try s.forecastPeriods(horizon)
                groupIndex[key] = groups.count
                previous = groups.count
                groups.append(Group(members: [i], periods: periods))
            } catch {
                outcomes[i] = .failure(error)
            }
        }
        // Split large groups into chunks so every core gets work; each chunk becomes one block. Regressions keep
        // big chunks (one blocked least-squares pass each); per-series models take small ones to balance load.
        let perThread = (series.count + threads * 8 - 1) / (threads * 8)
        let chunkSize = model is TrendRegression ? max(1024, perThread) : max(8, perThread)
        var tasks: [Group] = []
        for g in groups {
            var start = 0
            while start < g.members.count {
                let end = min(g.members.count, start + chunkSize)
                tasks.append(Group(members: Array(g.members[start..<end]), periods: g.periods))
                start = end
            }
        }
        let results = ConcurrentSlots<GroupOutcome>(count: tasks.count)
        let chunks = tasks
        let work: @Sendable (Int) -> Void = { (t: Int) in results.set(t, self.forecastGroup(chunks[t], series)) }
        if threads > 1 && tasks.count > 1 {
            DispatchQueue.concurrentPerform(iterations: tasks.count, execute: work)
        } else {
            for t in 0..<tasks.count { work(t) }
        }
        var blocks: [ForecastBlock] = []
        var notesByIndex: [Int: String] = [:]
        for t in 0..<tasks.count {
            guard let (block, failures, notes) = results.get(t) else { continue }
            for (i, text) in notes { notesByIndex[i] = text }
            for (i, e) in failures { outcomes[i] = .failure(e) }
            if let block {
                let b = blocks.count
                var column = 0
                for i in tasks[t].members where outcomes[i] == nil {
                    outcomes[i] = .success(.init(block: b, column: column))
                    column += 1
                }
                blocks.append(block)
            }
        }
        let notes = notesByIndex.keys.sorted().compactMap { i in
            notesByIndex[i].map { SeriesNote(seriesID: series[i].id, text: $0) }
        }
        return BatchResult(
            blocks: blocks,
            outcomes: outcomes.map {
                $0 ?? .failure(.numerical(series: "?", model: model.name, detail: "no result"))
            }, notes: notes)
    }

    typealias GroupOutcome = (ForecastBlock?, [(Int, ForecastingError)], [(Int, String)])

    /// Fits and forecasts one group; returns its block (members that failed are left out), the failures and
    /// the notes.
    func forecastGroup(_ group: Group, _ series: [Series]) -> GroupOutcome {
        if let trend = model as? TrendRegression { return forecastTrendGroup(trend, group, series) }
        var failures: [(Int, ForecastingError)] = []
        var notes: [(Int, String)] = []
        var lower: [Double] = [], upper: [Double] = []
        var block = emptyBlock(group.periods)
        let times = group.periods.map { $0.time(anchor: series[group.members[0]].anchor) }
        for i in group.members {
            do {
                let fitted = try model.fit(series[i])
                let (mean, intervals) = fitted.predict(at: times, levels: levels)
                if let note = fitted.note { notes.append((i, note)) }
                // Never a bare NA: numbers that are not finite (where the model gives intervals at all) are said.
                if !fitted.parameters.estimatesNothing,
                    !mean.allSatisfy(\.isFinite)
                        || intervals.contains(where: {
                            !$0.lower.allSatisfy(\.isFinite) || !$0.upper.allSatisfy(\.isFinite)
                        })
                {
                    notes.append((i, Self.notFiniteNote))
                }
                block.seriesIDs.append(series[i].id)
                block.models.append(fitted.modelName)
                block.mean.append(contentsOf: mean)
                for s in 0..<times.count {
                    for l in levels.indices {
                        lower.append(intervals[l].lower[s])
                        upper.append(intervals[l].upper[s])
                    }
                }
            } catch {
                failures.append((i, error))
            }
        }
        block.bounds = .explicit(lower: lower, upper: upper)
        return (block.count > 0 ? block : nil, failures, notes)
    }

    private func emptyBlock(_ periods: [Period]) -> ForecastBlock {
        ForecastBlock(
            models: [], periods: periods, levels: levels, seriesIDs: [], mean: [],
            bounds: .explicit(lower: [], upper: []))
    }

    /// The note of a series whose forecast or bounds are not all finite (written NA).
    static let notFiniteNote =
        "the forecast or some interval bounds are not finite numbers (values near the limits of double precision) and are written as NA"

    private func forecastTrendGroup(_ trend: TrendRegression, _ group: Group, _ series: [Series]) -> GroupOutcome {
        let first = series[group.members[0]]
        let n = first.count
        var failures: [(Int, ForecastingError)] = []
        guard n >= trend.minimumObservations else {
            return (
                nil,
                group.members.map {
                    ($0, .tooShort(series: series[$0].id, model: trend.name, needed: trend.minimumObservations, got: n))
                },
                []
            )
        }
        // Gather the responses column by column, on the model's scale.
        var values = [Double]()
        values.reserveCapacity(n * group.members.count)
        var ids: [String] = [], fittedMembers: [Int] = []
        ids.reserveCapacity(group.members.count)
        for i in group.members {
            do {
                values.append(contentsOf: try trend.modelScaleValues(series[i]))
                ids.append(series[i].id)
                fittedMembers.append(i)
            } catch {
                failures.append((i, error))
            }
        }
        guard !ids.isEmpty else { return (nil, failures, []) }
        do {
            let batch = try TrendRegressionBatch(model: trend, times: first.times, seriesLabel: first.id)
            let (coefficients, rss) = try values.withUnsafeBufferPointer { (p) throws(ForecastingError) in
                try batch.fit(p, count: ids.count, seriesLabel: first.id)
            }
            let times = group.periods.map { $0.time(anchor: first.anchor) }
            let r = batch.forecast(coefficients: coefficients, rss: rss, count: ids.count, at: times, levels: levels)
            let block = ForecastBlock(
                models: Array(repeating: trend.name, count: ids.count), periods: group.periods,
                levels: levels, seriesIDs: ids,
                mean: r.mean,
                bounds: .scaled(
                    sigma: r.sigma, halfWidth: r.halfWidth,
                    logScale: trend.logScale))
            // The widest interval holds the others, so its bounds alone tell whether all are finite.
            var notes: [(Int, String)] = []
            let h = group.periods.count
            let widest = levels.indices.max { levels[$0] < levels[$1] }
            for j in 0..<ids.count {
                var finite = r.sigma[j].isFinite
                for s in 0..<h where finite {
                    finite = block.mean[j * h + s].isFinite
                    if let l = widest, finite {
                        finite = block.lowerBound(j, s, l).isFinite && block.upperBound(j, s, l).isFinite
                    }
                }
                if !finite { notes.append((fittedMembers[j], Self.notFiniteNote)) }
            }
            return (block, failures, notes)
        } catch {
            // The grid cannot identify the trend: every member fails with the group's reason, named per series.
            let detail: String
            if case let .numerical(_, _, d) = error { detail = d } else { detail = error.description }
            for i in group.members where !failures.contains(where: { $0.0 == i }) {
                failures.append((i, .numerical(series: series[i].id, model: trend.name, detail: detail)))
            }
            return (nil, failures, [])
        }
    }
}

/// Process-wide settings of the numeric runtime.
public enum ForecastingRuntime {
    /// Sets OpenBLAS to one thread. Trajectory parallelises over series; its matrices are far too small for
    /// OpenBLAS's threading to pay, and idle OpenBLAS threads spin in `sched_yield`.
    public static func useSingleThreadedBLAS() { BLASThreads.set(1) }
}
