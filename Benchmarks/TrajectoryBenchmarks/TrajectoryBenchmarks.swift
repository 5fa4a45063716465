import Benchmark
import Forecasting
import Foundation
import LinearAlgebra
import Planning
import TrajectoryIO

/// Synthetic panel: `count` series × `length` yearly points on one grid, deterministic.
func syntheticPanel(count: Int, length: Int) -> (times: [Double], values: [Double]) {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    let times = (0..<length).map { 2001.0 + Double($0) }
    var values = [Double](repeating: 0, count: count * length)
    for j in 0..<count {
        let level = 50 + 5000 * uniform(), slope = (uniform() - 0.5) * 0.1 * level
        for i in 0..<length { values[j * length + i] = level + slope * Double(i) + (uniform() - 0.5) * 0.1 * level }
    }
    return (times, values)
}

/// The same panel as long CSV bytes (`series_id,period,value`).
func syntheticCSV(count: Int, length: Int) -> [UInt8] {
    let panel = syntheticPanel(count: count, length: length)
    var text = "series_id,period,value\n"
    text.reserveCapacity(count * length * 24)
    for j in 0..<count {
        for i in 0..<length {
            text += "S\(j),\(2001 + i),\((panel.values[j * length + i] * 10_000).rounded() / 10_000)\n"
        }
    }
    return Array(text.utf8)
}

/// A benchmark of `model` fitted to `series` with 6-year forecasts and 80/95% intervals, one thread.
func batchBenchmark(
    _ name: String, _ model: any ForecastModel, _ series: [Series], _ configuration: Benchmark.Configuration
) {
    Benchmark(name, configuration: configuration) { benchmark in
        let forecaster = try BatchForecaster(model: model, horizon: .steps(6), threads: 1)
        for _ in benchmark.scaledIterations { blackHole(forecaster.run(series)) }
    }
}

let benchmarks: @Sendable () -> Void = {
    ForecastingRuntime.useSingleThreadedBLAS()
    let quick = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 30)

    // The hot path: linear trend fit + σ + 5-year forecasts with 80/95% intervals, 100,000 series × 20
    // points on one grid, one thread. The floor is reading the 16 MB of responses once.
    let panel = syntheticPanel(count: 100_000, length: 20)
    Benchmark("LinearTrend100kx20", configuration: quick) { benchmark in
        let batch = try TrendRegressionBatch(model: .linear, times: panel.times)
        let forecastTimes = (1...5).map { 2020.0 + Double($0) }
        for _ in benchmark.scaledIterations {
            let fit = try panel.values.withUnsafeBufferPointer { try batch.fit($0, count: 100_000) }
            let result = batch.forecast(
                coefficients: fit.coefficients, rss: fit.rss, count: 100_000,
                at: forecastTimes, levels: [80, 95])
            blackHole(result)
        }
    }

    // The least-squares kernel alone (coefficients + RSS), for comparison with numpy's lstsq.
    Benchmark("SharedDesignSolve100kx20", configuration: quick) { benchmark in
        let design = try Matrix(rowMajor: panel.times.map { [1, ($0 - 2010.5) / 9.5] })
        let solver = try SharedDesignLeastSquares(design: design)
        var coefficients = [Double](repeating: 0, count: 2 * 100_000)
        var rss = [Double](repeating: 0, count: 100_000)
        for _ in benchmark.scaledIterations {
            try panel.values.withUnsafeBufferPointer { y in
                try coefficients.withUnsafeMutableBufferPointer { c in
                    try rss.withUnsafeMutableBufferPointer { r in
                        try solver.solve(responses: y, count: 100_000, coefficients: c, residualSumOfSquares: r)
                    }
                }
            }
            blackHole(rss)
        }
    }

    // Reading the long CSV of 20,000 series × 20 points (about 9 MB) into series.
    let csv = syntheticCSV(count: 20_000, length: 20)
    Benchmark("ReadLongCSV20kx20", configuration: quick) { benchmark in
        for _ in benchmark.scaledIterations {
            let series = try csv.withUnsafeBufferPointer { try LongCSVReader().parse($0, fileName: "bench.csv") }
            blackHole(series)
        }
    }

    // Automatic ETS (Akaike-weighted combination of six forms) + 6-year forecasts with 80/95% intervals for
    // the 645 M3 yearly series, one thread — the workload statsforecast's AutoETS is timed on.
    let m3Path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets/m3-yearly/train.csv").path
    if let m3 = try? LongCSVReader().read(path: m3Path) {
        let slow = Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal], warmupIterations: 1,
            maxDuration: .seconds(10), maxIterations: 10)
        batchBenchmark("AutoETS_M3Yearly_645", ExponentialSmoothing(), m3, slow)
        batchBenchmark("Combo_M3Yearly_645", CombinationModel(), m3, slow)
        batchBenchmark("AutoARIMA_M3Yearly_645", ARIMAModel(), m3, slow)
        batchBenchmark("Theta_M3Yearly_645", ThetaModel(), m3, slow)
    }

    // 10,000 generated what-if scenarios over all plan indicators (about 39,000 scenario × indicator forecasts with
    // intervals and attainment probabilities), parsed from YAML and run on one thread: the `scenarios run` workload.
    let datasetsPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets").path
    if let cnipa = try? DatasetCatalog(root: datasetsPath).cnipa(),
        let yaml = try? ScenarioGenerator.yaml(count: 10_000, seed: 1, dataset: cnipa)
    {
        let slow = Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal], warmupIterations: 1,
            maxDuration: .seconds(10), maxIterations: 10)
        Benchmark("Scenarios10k_PlanIndicators", configuration: slow) { benchmark in
            for _ in benchmark.scaledIterations {
                let file = try ScenarioFile.parse(yaml, file: "generated.yaml")
                let outcomes = ScenarioRunner(dataset: cnipa, threads: 1).run(try file.rows(for: cnipa))
                let entries = outcomes.compactMap { o in
                    (try? o.result.get()).map { (scenario: Optional(o.row.scenario), outlook: $0) }
                }
                blackHole(OutlookTable.make(entries).render(.csv).count)
            }
        }
    }

    // Batch forecaster + CSV formatting for the same 20,000 series (one thread).
    let series20k = try! csv.withUnsafeBufferPointer { try LongCSVReader().parse($0, fileName: "bench.csv") }
    Benchmark("ForecastAndFormat20kx20", configuration: quick) { benchmark in
        let forecaster = try BatchForecaster(model: TrendRegression.linear, horizon: .steps(5), threads: 1)
        for _ in benchmark.scaledIterations {
            let result = forecaster.run(series20k)
            var bytes = 0
            ForecastWriter(format: .csv).write(result, levels: [80, 95]) { bytes += $0.count }
            blackHole(bytes)
        }
    }

    // Small deterministic workloads for CI: malloc counts are the same on every run of the same code, so
    // `Thresholds/` (written by `swift package --allow-writing-to-package-directory benchmark thresholds update
    // --filter 'CI_.*'`) pins them; `scripts/ci_checks.sh` fails when one grows by more than 2%.
    let pinned = Benchmark.Configuration(
        metrics: [.mallocCountTotal], warmupIterations: 1, maxDuration: .seconds(2), maxIterations: 3,
        thresholds: [.mallocCountTotal: BenchmarkThresholds(relative: [.p90: 2.0])])
    let smallPanel = syntheticPanel(count: 5_000, length: 20)
    Benchmark("CI_LinearTrend5kx20", configuration: pinned) { benchmark in
        let batch = try TrendRegressionBatch(model: .linear, times: smallPanel.times)
        for _ in benchmark.scaledIterations {
            let fit = try smallPanel.values.withUnsafeBufferPointer { try batch.fit($0, count: 5_000) }
            blackHole(
                batch.forecast(
                    coefficients: fit.coefficients, rss: fit.rss, count: 5_000,
                    at: [2021, 2022, 2023], levels: [80, 95]))
        }
    }
    let smallCSV = syntheticCSV(count: 2_000, length: 20)
    Benchmark("CI_ReadLongCSV2kx20", configuration: pinned) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try smallCSV.withUnsafeBufferPointer { try LongCSVReader().parse($0, fileName: "bench.csv") })
        }
    }
    if let m3 = try? LongCSVReader().read(path: m3Path) {
        let sample = Array(m3.prefix(40))
        batchBenchmark("CI_ETS_M3Yearly_40", ExponentialSmoothing(), sample, pinned)
        batchBenchmark("CI_Auto_M3Yearly_40", AutomaticModel(), sample, pinned)
    }
}
