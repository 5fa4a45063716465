import Dispatch
import Forecasting
import Synchronization
import TrajectoryIO

/// Runs a scenario file's scenario × indicator forecasts in parallel.
///
/// Each distinct fit (indicator, vintage, model, scale, assumptions) is made once and shared by the scenarios
/// that differ from it only in a shock or a target; fits and assessments run over all cores. The output is in
/// file order and depends only on the file and its seed, never on the thread count or timing.
public struct ScenarioRunner: Sendable {
    /// The dataset the scenarios run on.
    public let dataset: IndicatorDataset
    /// Worker threads.
    public let threads: Int

    /// A runner over `dataset` on `threads` threads.
    public init(dataset: IndicatorDataset, threads: Int) {
        self.dataset = dataset
        self.threads = max(1, threads)
    }

    /// The outcome of one scenario × indicator.
    public struct Outcome: Sendable {
        /// The scenario row.
        public let row: ScenarioFile.Row
        /// Its outlook, or why it failed.
        public let result: Result<IndicatorOutlook, PlanningError>
    }

    /// Runs every row; `progress(done, total)` is called from worker threads now and then (total = fits + rows).
    public func run(_ rows: [ScenarioFile.Row], progress: (@Sendable (Int, Int) -> Void)? = nil) -> [Outcome] {
        ForecastingRuntime.useSingleThreadedBLAS()
        let engine = OutlookEngine(dataset: dataset)
        var keyIndex: [OutlookRequest.FitKey: Int] = [:]
        var fitRequests: [OutlookRequest] = []
        var rowFit: [Int] = []
        rowFit.reserveCapacity(rows.count)
        for row in rows {
            let key = row.request.fitKey
            if let k = keyIndex[key] { rowFit.append(k); continue }
            keyIndex[key] = fitRequests.count
            rowFit.append(fitRequests.count)
            fitRequests.append(row.request)
        }
        let total = fitRequests.count + rows.count
        let done = Atomic<Int>(0)
        let step = max(1, total / 100)
        @Sendable func tick() {
            let n = done.add(1, ordering: .relaxed).newValue
            if n % step == 0 || n == total { progress?(n, total) }
        }
        let fits = ConcurrentSlots<Result<OutlookEngine.Fit, PlanningError>>(count: fitRequests.count)
        let requests = fitRequests
        parallel(requests.count) { k in
            fits.set(k, Result { () throws(PlanningError) in try engine.fit(requests[k]) })
            tick()
        }
        let outcomes = ConcurrentSlots<Outcome>(count: rows.count)
        let assignments = rowFit
        parallel(rows.count) { i in
            let result: Result<IndicatorOutlook, PlanningError>
            switch fits.get(assignments[i]) {
            case let .success(fit)?:
                result = Result { () throws(PlanningError) in try engine.assess(fit, rows[i].request) }
            case let .failure(error)?:
                result = .failure(error)
            case nil:
                result = .failure(.invalidRequest("no result"))
            }
            outcomes.set(i, Outcome(row: rows[i], result: result))
            tick()
        }
        return (0..<rows.count).compactMap { outcomes.get($0) }
    }

    /// Runs `body(0..<count)` over the threads in contiguous chunks.
    func parallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let chunks = min(count, threads * 8)
        @Sendable func work(_ c: Int) {
            let start = c * count / chunks, end = (c + 1) * count / chunks
            for i in start..<end { body(i) }
        }
        if threads > 1 && chunks > 1 {
            DispatchQueue.concurrentPerform(iterations: chunks) { work($0) }
        } else {
            for c in 0..<chunks { work(c) }
        }
    }
}
