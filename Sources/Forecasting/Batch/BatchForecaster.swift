import Dispatch
import Foundation
import LinearAlgebra

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
    /// The time limit per series in seconds (``SeriesDeadline``; nil: none): a series past it fails with
    /// ``ForecastingError/timedOut(series:model:seconds:)`` and the others are written.
    public var seriesTimeLimit: Double? = SeriesDeadline.defaultSeconds
    /// Called, from any worker thread, with the number of series in each group of series as it is done.
    public var progress: (@Sendable (Int) -> Void)?

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
        var settled: [Int: String] = [:]
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
                if case let .targetNotAfterData(_, target, _) = error {
                    settled[i] = Self.settledNote(s, target: target)
                }
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
        let work: @Sendable (Int) -> Void = { (t: Int) in
            results.set(t, self.forecastGroup(chunks[t], series))
            self.progress?(chunks[t].members.count)
        }
        if threads > 1 && tasks.count > 1 {
            DispatchQueue.concurrentPerform(iterations: tasks.count, execute: work)
        } else {
            for t in 0..<tasks.count { work(t) }
        }
        var blocks: [ForecastBlock] = []
        var notesByIndex = settled
        for t in 0..<tasks.count {
            guard let (block, failures, notes) = results.get(t) else { continue }
            for (i, text) in notes { notesByIndex[i] = notesByIndex[i].map { $0 + "; " + text } ?? text }
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
        if let trend = model as? TrendRegression { return forecastTrendGroup(trend, group, series, rescale: false) }
        if let scaled = model as? MagnitudeScaled, let trend = scaled.base as? TrendRegression {
            return forecastTrendGroup(trend, group, series, rescale: true)
        }
        var failures: [(Int, ForecastingError)] = []
        var notes: [(Int, String)] = []
        var lower: [Double] = [], upper: [Double] = []
        var block = emptyBlock(group.periods)
        let times = group.periods.map { $0.time(anchor: series[group.members[0]].anchor) }
        for i in group.members {
            do throws(ForecastingError) {
                let (fitted, mean, intervals) = try SeriesDeadline.limited(
                    seconds: seriesTimeLimit, series: series[i].id, model: model.name
                ) { () throws(ForecastingError) in
                    let fitted = try model.fit(series[i])
                    let (mean, intervals) = fitted.predict(at: times, levels: levels)
                    return (fitted, mean, intervals)
                }
                let far = try BandPlausibility.check(
                    series[i], model: fitted.modelName, periods: group.periods, mean: mean, intervals: intervals)
                let said = [fitted.note, far].compactMap { $0 }
                if !said.isEmpty { notes.append((i, said.joined(separator: "; "))) }
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

    /// The note of a series whose data already reach the year asked for: the value observed that year, if any.
    static func settledNote(_ s: Series, target: String) -> String {
        let at = s.periods.indices.last { s.periods[$0].description == target }
        let last = s.periods.last?.description ?? "?"
        if let at {
            return "\(target) is observed (\(formatNumber(s.values[at]))): nothing left to forecast"
        }
        return "the data already reach \(last), past \(target): nothing left to forecast"
    }

    /// The note of a series whose forecast or bounds are not all finite (written NA).
    static let notFiniteNote =
        "the forecast or some interval bounds are not finite numbers (values near the limits of double precision) and are written as NA"

    /// The trend regressions of one group in one least-squares pass; with `rescale`, a series outside the safe
    /// magnitudes is fitted times a power of ten and its means and σ mapped back, as ``MagnitudeScaled`` does.
    private func forecastTrendGroup(_ trend: TrendRegression, _ group: Group, _ series: [Series], rescale: Bool)
        -> GroupOutcome
    {
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
        var ids: [String] = [], fittedMembers: [Int] = [], exponents: [Int] = []
        ids.reserveCapacity(group.members.count)
        for i in group.members {
            do {
                var y = try trend.modelScaleValues(series[i])
                let e = rescale && !trend.logScale ? MagnitudeScaled.exponent(y) : 0
                if e != 0 { y = y.map { MagnitudeScaled.scale($0, byPowerOfTen: e) } }
                exponents.append(-e)
                values.append(contentsOf: y)
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
            var r = batch.forecast(coefficients: coefficients, rss: rss, count: ids.count, at: times, levels: levels)
            let h = times.count
            for (j, e) in exponents.enumerated() where e != 0 {
                r.sigma[j] = MagnitudeScaled.scale(r.sigma[j], byPowerOfTen: e)
                for s in 0..<h { r.mean[j * h + s] = MagnitudeScaled.scale(r.mean[j * h + s], byPowerOfTen: e) }
            }
            // Series whose widest band says nothing (``BandPlausibility``) fail; the others keep their columns.
            var farNotes: [(Int, String)] = []
            if let widest = levels.indices.max(by: { levels[$0] < levels[$1] }) {
                var keep: [Int] = []
                keep.reserveCapacity(ids.count)
                for j in 0..<ids.count {
                    let member = fittedMembers[j]
                    let found = BandPlausibility.firstImplausible(
                        range: BandPlausibility.range(series[member]), count: h, mean: { r.mean[j * h + $0] },
                        width: { s in
                            let m = r.mean[j * h + s], half = r.halfWidth[s * levels.count + widest] * r.sigma[j]
                            return GriddedLaw.bound(m, half, trend.logScale)
                                - GriddedLaw.bound(m, -half, trend.logScale)
                        })
                    if let (s, ratio) = found {
                        do {
                            farNotes.append(
                                (
                                    member,
                                    try BandPlausibility.verdict(
                                        series[member], model: trend.name, periods: group.periods, index: s,
                                        ratio: ratio)
                                ))
                        } catch {
                            failures.append((member, error))
                            continue
                        }
                    }
                    keep.append(j)
                }
                if keep.count < ids.count {
                    guard !keep.isEmpty else { return (nil, failures, []) }
                    ids = keep.map { ids[$0] }
                    fittedMembers = keep.map { fittedMembers[$0] }
                    r.sigma = keep.map { r.sigma[$0] }
                    r.mean = keep.flatMap { j in r.mean[(j * h)..<((j + 1) * h)] }
                }
            }
            let block = ForecastBlock(
                models: Array(repeating: trend.name, count: ids.count), periods: group.periods,
                levels: levels, seriesIDs: ids,
                mean: r.mean,
                bounds: .scaled(
                    sigma: r.sigma, halfWidth: r.halfWidth,
                    logScale: trend.logScale))
            // The widest interval holds the others, so its bounds alone tell whether all are finite.
            var notes = farNotes
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
