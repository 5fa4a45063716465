import Foundation
import Testing

@testable import Forecasting

@Suite("ETS, Theta and auto: behaviour")
struct ETSBehaviourTests {
    let trending = [12.0, 13.1, 15.2, 15.9, 17.5, 19.8, 20.1, 22.4, 24.0, 24.9, 27.3, 28.8]

    /// Every form and the automatic combination answer from 3 points up, with fewer parameters than points.
    /// The exponential-smoothing forms inside a fitted model.
    static func forms(of fitted: any FittedModel) -> [ETSFormFit] {
        if let ets = fitted as? FittedETS { return [ets.lead] + ets.members + ets.logMembers }
        if let theta = fitted as? FittedTheta { return [theta.smoothing.lead] }
        if let annotated = fitted as? Annotated { return forms(of: annotated.base) }
        if let widened = fitted as? PriorWidened { return forms(of: widened.base) }
        if let stretched = fitted as? FittedStretched { return forms(of: stretched.base) }
        if let combination = fitted as? FittedCombination { return combination.members.flatMap(forms(of:)) }
        return []
    }

    @Test func shortSeriesNeverFail() throws {
        for n in 3...8 {
            let series = try Series(id: "s\(n)", firstYear: 2001, values: Array(trending.prefix(n)))
            for name in [
                "ets", "ets:select", "ets:ANN", "ets:AAN", "ets:AAdN", "ets:MNN", "ets:MAN", "ets:MAdN", "theta",
                "auto",
            ] {
                let fitted = try ModelCatalog.model(named: name).fit(series)
                // Every exponential-smoothing form fitted (in a mixture, in Theta, in the combination `auto`) keeps
                // fewer parameters than points.
                let fittedForms = Self.forms(of: fitted)
                #expect(!fittedForms.isEmpty, "\(name) n=\(n): no form found")
                for form in fittedForms {
                    #expect(
                        form.parameterCount - 1 < n - 1 || n == 3,
                        "\(name) n=\(n): \(form.modelName) \(form.parameterCount) parameters")
                }
                let forecast = try fitted.forecast(.steps(3))
                #expect(forecast.mean.allSatisfy { $0.isFinite }, "\(name) n=\(n)")
                #expect(
                    forecast.intervals.allSatisfy {
                        $0.lower.allSatisfy { $0.isFinite } && $0.upper.allSatisfy { $0.isFinite }
                    },
                    "\(name) n=\(n)")
                #expect(zip(forecast.intervals[0].lower, forecast.intervals[1].lower).allSatisfy { $0 >= $1 - 1e-9 })
            }
        }
    }

    /// The combination's mean is the weighted mean of its members' means: equal weights by default, Akaike
    /// weights exp(−½ΔAICc) (normalised) for `ets:akaike`; a β/α cap holds for every member.
    @Test func combinationWeights() throws {
        let series = try Series(id: "t", firstYear: 2001, values: trending)
        let times = [2013.0, 2014.0]
        func check(_ fitted: FittedETS, expectedRaw: [Double]) {
            #expect(fitted.members.count >= 2)
            #expect(abs(fitted.weights.reduce(0, +) - 1) < 1e-12)
            for (w, r) in zip(fitted.weights, expectedRaw) { #expect(abs(w - r / expectedRaw.reduce(0, +)) < 1e-12) }
            var expected = [0.0, 0.0], onLogs = [0.0, 0.0]
            for (m, w) in zip(fitted.members, fitted.weights) {
                let p = m.predict(at: times, levels: [])
                for i in 0..<2 { expected[i] += w * p.mean[i] }
            }
            // Forms on the logarithms: additive errors only, weighted as on the data's scale; the point forecast is
            // the average of the data-scale mean and exp of the log-scale mean.
            #expect(fitted.logMembers.count >= 2)
            #expect(fitted.logMembers.allSatisfy { $0.form.error == .additive })
            #expect(abs(fitted.logWeights.reduce(0, +) - 1) < 1e-12)
            for (m, w) in zip(fitted.logMembers, fitted.logWeights) {
                let p = m.predict(at: times, levels: [])
                for i in 0..<2 { onLogs[i] += w * p.mean[i] }
            }
            for i in 0..<2 { expected[i] = 0.5 * expected[i] + 0.5 * exp(onLogs[i]) }
            let got = fitted.predict(at: times, levels: [80, 95])
            for i in 0..<2 { #expect(abs(got.mean[i] - expected[i]) < 1e-9) }
            #expect(got.intervals[1].lower[0] < got.mean[0] && got.mean[0] < got.intervals[1].upper[0])
        }
        let equal = try ExponentialSmoothing().fitETS(series)
        check(equal, expectedRaw: equal.members.map { _ in 1 })
        #expect(equal.logWeights.allSatisfy { abs($0 - 1 / Double(equal.logMembers.count)) < 1e-12 })
        #expect(equal.modelName.hasPrefix("ETS-comb(\(equal.members.count) forms + \(equal.logMembers.count) on logs"))
        // On the data's scale only, the mean is the members' weighted mean.
        let dataOnly = try ExponentialSmoothing(scales: .data).fitETS(series)
        #expect(dataOnly.logMembers.isEmpty)
        let dataMean = dataOnly.predict(at: times, levels: []).mean
        var weighted = [0.0, 0.0]
        for (m, w) in zip(dataOnly.members, dataOnly.weights) {
            let p = m.predict(at: times, levels: [])
            for i in 0..<2 { weighted[i] += w * p.mean[i] }
        }
        for i in 0..<2 { #expect(abs(dataMean[i] - weighted[i]) < 1e-9) }
        // On a scale the caller chose (a transform), no forms on the logarithms of that scale.
        let given = try TransformedModel(base: ExponentialSmoothing(), transform: .log(lower: 0)).fit(series)
        #expect(((given as? FittedTransformed)?.base as? FittedETS)?.logMembers.isEmpty == true)
        let givenAuto = try TransformedModel(base: AutomaticModel(), transform: .log(lower: 0)).fit(series)
        var unwrapped: (any FittedModel)? = (givenAuto as? FittedTransformed)?.base
        while let layer = unwrapped, !(layer is FittedCombination) {
            if let widened = layer as? PriorWidened {
                unwrapped = widened.base
            } else if let stretched = layer as? FittedStretched {
                unwrapped = stretched.base
            } else {
                break
            }
        }
        let autoMembers = (unwrapped as? FittedCombination)?.members ?? []
        #expect(autoMembers.contains { ($0 as? FittedETS)?.logMembers.isEmpty == true })
        #expect(!autoMembers.contains { ($0 as? FittedETS)?.logMembers.isEmpty == false })
        // A series with a value ≤ 0 has no log scale.
        let negative = try ExponentialSmoothing().fitETS(
            Series(id: "n", firstYear: 2001, values: trending.map { $0 - 15 }))
        #expect(negative.logMembers.isEmpty)
        let akaike = try ExponentialSmoothing(combination: .akaike).fitETS(series)
        let best = akaike.members.map(\.rAICc).min() ?? 0
        let kept = akaike.members.map { exp(-0.5 * ($0.rAICc - best)) }
        check(akaike, expectedRaw: kept)
        let capped = try ExponentialSmoothing(trendRatioBound: 0.1).fitETS(series)
        for m in capped.members where m.form.hasTrend { #expect(m.beta <= m.alpha * 0.1 + 1e-12) }
    }

    /// Simulated intervals are reproducible: same seed, same numbers; another seed, other numbers.
    @Test func simulationIsSeeded() throws {
        let series = try Series(id: "m", firstYear: 2001, values: trending)
        let a = try ExponentialSmoothing(selection: .fixed(ETSForm(error: .multiplicative, trend: .additive)), seed: 7)
            .fit(series).forecast(.steps(4))
        let b = try ExponentialSmoothing(selection: .fixed(ETSForm(error: .multiplicative, trend: .additive)), seed: 7)
            .fit(series).forecast(.steps(4))
        let c = try ExponentialSmoothing(selection: .fixed(ETSForm(error: .multiplicative, trend: .additive)), seed: 8)
            .fit(series).forecast(.steps(4))
        #expect(a == b)
        #expect(a.intervals[1].upper != c.intervals[1].upper)
        // The simulated 95% band contains the point forecast and widens with the horizon.
        for h in 0..<4 { #expect(a.intervals[1].lower[h] < a.mean[h] && a.mean[h] < a.intervals[1].upper[h]) }
        let widths = (0..<4).map { a.intervals[1].upper[$0] - a.intervals[1].lower[$0] }
        #expect(widths == widths.sorted())
    }

    /// A batch gives the same numbers on one thread and on several (seeds depend on the series, not the order).
    @Test func batchIsIndependentOfThreads() throws {
        var series: [Series] = []
        for k in 0..<40 {
            let scale = 1 + 0.03 * Double(k % 7), shift = Double(k % 3)
            let values: [Double] = trending.map { $0 * scale + shift }
            series.append(try Series(id: "s\(k)", firstYear: 2001, values: values))
        }
        let one = try BatchForecaster(model: ExponentialSmoothing(), horizon: .steps(4), threads: 1).run(series)
        let two = try BatchForecaster(model: ExponentialSmoothing(), horizon: .steps(4), threads: 2).run(series)
        #expect(one.successCount == 40 && two.successCount == 40)
        for i in 0..<40 {
            guard case let .success(a) = one.outcomes[i], case let .success(b) = two.outcomes[i] else {
                Issue.record("series \(i) failed"); continue
            }
            #expect(one.blocks[a.block].forecast(a.column) == two.blocks[b.block].forecast(b.column))
        }
    }

    /// Latin-hypercube normals: the table has mean 0 and its quantiles match the normal law.
    @Test func stratifiedNormalsHaveTheNormalMarginal() {
        let table = StratifiedNormals.table(1000)
        #expect(abs(table.reduce(0, +)) < 1e-9)
        #expect(abs(table[974] - Normal.quantile(0.9745)) < 1e-12)
        #expect(StratifiedNormals.table(300).count == 300)
    }

    /// The bucket sort of simulated values equals the standard sort: random, tied, sorted, reversed, skewed and
    /// clustered values, short buffers; non-finite values fall back to the standard sort.
    @Test func smallSortEqualsTheStandardSort() {
        var generator = SeededGenerator(seed: 11)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        var cases: [[Double]] = []
        for n in [1, 2, 16, 17, 100, 257, 1000] {
            cases.append((0..<n).map { _ in uniform() * 1000 - 500 })
            cases.append((0..<n).map { _ in Double(Int(uniform() * 5)) })  // many ties
            cases.append((0..<n).map { Double($0) })  // sorted
            cases.append((0..<n).map { Double(-$0) })  // reversed
            cases.append((0..<n).map { _ in exp(8 * uniform()) })  // skewed
            cases.append((0..<n).map { i in i % 10 == 0 ? 1e12 : uniform() })  // clustered + outliers
            cases.append((0..<n).map { _ in 7.25 })  // constant
        }
        cases.append([3, .nan, 1] + (0..<40).map(Double.init))
        cases.append([3, .infinity, 1] + (0..<40).map(Double.init))
        cases.append([-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude] + (0..<40).map(Double.init))
        for values in cases {
            var sorted = values
            let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: values.count)
            let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * values.count + 1)
            sorted.withUnsafeMutableBufferPointer { SmallSort.sort($0, scratch: scratch, counts: counts) }
            scratch.deallocate()
            counts.deallocate()
            if values.contains(where: \.isNaN) {
                // No order is defined with NaN: the same values, and no crash.
                #expect(sorted.filter { !$0.isNaN }.sorted() == values.filter { !$0.isNaN }.sorted())
                #expect(sorted.filter(\.isNaN).count == values.filter(\.isNaN).count)
            } else {
                #expect(sorted == values.sorted(), "n = \(values.count)")
            }
        }
    }

    /// A one-step forecast of exactly 0 (or an overflowing product of forecasts) in a multiplicative-error pass gives a
    /// likelihood that is not finite — the optimiser steps away — rather than an integer overflow in the running
    /// product's exponent.
    @Test func degenerateMultiplicativePassIsNotFinite() {
        let y = [3.0, 4.0, 5.0, 6.0]
        let form = ETSForm(error: .multiplicative, trend: .additive)
        y.withUnsafeBufferPointer { data in
            let zero = ETSRecursion.objective(form, data, 0.5, 0.1, 1, 0, 0)
            #expect(!zero.likelihood.isFinite)
            // Forecasts near 1e300: their product leaves the range of a Double and is renormalised on the way.
            let huge = ETSRecursion.objective(form, data, 0.5, 0.1, 1, 1e300, 1e300)
            #expect(huge.likelihood.isFinite && huge.likelihood > 2 * 4 * 600)
        }
    }

    @Test func autoFallsBackWithANote() throws {
        let one = try AutomaticModel().fit(try Series(id: "one", firstYear: 2020, values: [5]))
        #expect(one.note?.contains("only 1 observation") == true)
        let f1 = try one.forecast(.steps(2))
        #expect(f1.mean == [5, 5] && f1.intervals[0].lower.allSatisfy { $0.isNaN })
        let two = try AutomaticModel().fit(try Series(id: "two", firstYear: 2020, values: [5, 6]))
        #expect(two.modelName == "naive" && two.note?.contains("only 2 observations") == true)
        let irregular = try Series(
            id: "irr", periods: [.year(2020), .year(2021), Period(.date(year: 2022, month: 6, day: 30)), .year(2022)],
            values: [1, 2, 2.4, 3], anchor: .end)
        // A dated value between observed years is not needed on the yearly grid: every model says so.
        let auto = try AutomaticModel().fit(irregular)
        #expect(auto.modelName.hasPrefix("combo(") && auto.note?.contains("dated 2022-06-30 not used") == true)
        let ets = try ExponentialSmoothing().fit(irregular)
        #expect(ets.series.values == [1, 2, 3] && ets.note?.contains("dated 2022-06-30 not used") == true)
        let theta = try ThetaModel().fit(irregular)
        #expect(theta.series.values == [1, 2, 3] && theta.note?.contains("dated 2022-06-30 not used") == true)
        // Missing years are interpolated on the grid, with a note; fewer than 3 year values are still an error.
        let gappy = try Series(
            id: "gap", periods: [.year(2016), .year(2018), .year(2020), .year(2021)], values: [1, 2, 3, 4])
        let gapFit = try ExponentialSmoothing().fit(gappy)
        #expect(
            gapFit.series.values == [1, 1.5, 2, 2.5, 3, 4] && gapFit.note?.contains("2017, 2019 interpolated") == true)
        let sparse = try Series(id: "sparse", periods: [.year(2010), .year(2020), .year(2021)], values: [1, 2, 3])
        #expect(throws: ForecastingError.self) { try ExponentialSmoothing().fit(sparse) }
        let sparseAuto = try AutomaticModel().fit(sparse)
        // auto still fits the combination on the grid, with its bands taken from the 3 observations themselves.
        #expect(
            sparseAuto.modelName.hasPrefix("combo(") && sparseAuto.note?.contains("more years interpolated") == true)
        let band = try sparseAuto.forecast(.steps(3), levels: [95]).intervals[0]
        #expect(zip(band.lower, band.upper).allSatisfy { $0 < $1 })
        let regular = try AutomaticModel().fit(try Series(id: "r", firstYear: 2001, values: trending))
        #expect(regular.modelName.hasPrefix("combo(ETS") && regular.modelName.contains("ARIMA"))
        // On 10 or fewer points ETS is left out, on 6 or fewer ARIMA, on 3 the optimised Theta, each time with a note.
        let ten = try AutomaticModel().fit(try Series(id: "ten", firstYear: 2001, values: Array(trending.prefix(10))))
        #expect(
            ten.modelName.hasPrefix("combo(theta") && ten.modelName.contains("ARIMA")
                && ten.note?.contains("10 observations: ets left out of the combination") == true)
        let six = try AutomaticModel().fit(try Series(id: "six", firstYear: 2001, values: Array(trending.prefix(6))))
        #expect(
            six.modelName == "combo(theta + drift:shrunk + dotm)"
                && six.note?.contains("6 observations: ets and auto.arima left out") == true)
        let three = try AutomaticModel().fit(try Series(id: "3", firstYear: 2001, values: Array(trending.prefix(3))))
        #expect(
            three.modelName == "combo(theta + drift:shrunk)"
                && three.note?.contains("3 observations: ets, auto.arima and dotm left out") == true)
    }

    /// A constant series gets a flat forecast with no spread from every ETS variant and Theta (as R); `auto` keeps the
    /// flat forecast but, on so few points, the tiny-series prior's band (six equal values are not a certainty).
    @Test func constantSeries() throws {
        let series = try Series(id: "c", firstYear: 2001, values: [4, 4, 4, 4, 4, 4])
        for name in ["ets", "ets:select", "ets:MAN", "theta", "auto:own", "auto"] {
            let forecast = try ModelCatalog.model(named: name).fit(series).forecast(.steps(2))
            #expect(forecast.mean == [4, 4], "\(name)")
            if name == "auto" {
                let band = forecast.intervals[1]
                #expect(band.lower.allSatisfy { $0 < 4 } && band.upper.allSatisfy { $0 > 4 })
                #expect(band.upper[1] - band.lower[1] > band.upper[0] - band.lower[0])
            } else {
                #expect(forecast.intervals[1].lower == [4, 4] && forecast.intervals[1].upper == [4, 4], "\(name)")
            }
        }
    }

    @Test func formNamesParse() {
        #expect(ETSForm.parse("AAdN") == ETSForm(error: .additive, trend: .damped))
        #expect(ETSForm.parse("ETS(M,A,N)") == ETSForm(error: .multiplicative, trend: .additive))
        #expect(ETSForm.parse("mnn") == ETSForm(error: .multiplicative, trend: .none))
        #expect(ETSForm.parse("AMN") == nil && ETSForm.parse("X") == nil)
        #expect(throws: ForecastingError.self) { try ModelCatalog.model(named: "ets:AXN") }
        #expect(ETSForm.all.count == 6)
    }
}

@Suite("Backtest metrics: closed forms")
struct BacktestTests {
    /// Naive on train 1, 2, 4 and test 5, 7: forecasts 4, 4; σ² = (1² + 2²)/2; sMAPE, MASE and MSIS by hand.
    @Test func scoresByHand() throws {
        let train = try Series(id: "s", firstYear: 2001, values: [1, 2, 4])
        let test = try Series(id: "s", firstYear: 2004, values: [5, 7])
        let forecast = try NaiveModel().fit(train).forecast(.steps(2), levels: [80, 95])
        let score = try #require(Backtest.score(train: train, actual: test, forecast: forecast))
        #expect(score.points == 2)
        #expect(abs(score.sMAPE - (200.0 / 9 + 600.0 / 11) / 2) < 1e-12)
        #expect(abs(score.MASE - 2 / 1.5) < 1e-12)
        let z95 = Normal.quantile(0.975), z80 = Normal.quantile(0.9)
        var msis = 0.0
        var covered80 = 0
        for (h, y) in [(1.0, 5.0), (2.0, 7.0)] {
            let se = (2.5 * h).squareRoot()
            let lo = 4 - z95 * se, hi = 4 + z95 * se
            msis += (hi - lo) + 40 * max(0, lo - y) + 40 * max(0, y - hi)
            if abs(y - 4) <= z80 * se { covered80 += 1 }
        }
        #expect(abs(score.MSIS - msis / 2 / 1.5) < 1e-9)
        #expect(score.covered[0] == covered80)
    }

    @Test func rollingOriginCutsAndSummaries() throws {
        let series = try Series(id: "a", firstYear: 2001, values: (0..<10).map { Double($0) * 2 + 1 })
        let result = try Backtest(levels: [80, 95]).rollingOrigin(
            model: DriftModel(), series: [series], holdout: 2, origins: 3)
        #expect(result.scores.map(\.seriesID) == ["a@2006", "a@2007", "a@2008"])
        // A straight line: drift forecasts are exact.
        #expect(result.summary.sMAPE < 1e-12 && result.summary.MASE < 1e-12)
        #expect(result.summary.points == 6 && result.summary.series == 3)
    }

    let concentratedSeries = [12.0, 13.1, 15.2, 15.9, 17.5, 19.8, 20.1, 22.4, 24.0, 24.9, 27.3, 28.8]

    /// The concentrated states are the least-squares ones: the sum of squared errors of a full pass at them equals
    /// the concentrated value, and it is a quadratic in (ℓ₀, b₀) with zero slope there (a move δ in ℓ₀ adds
    /// exactly δ²Σg² ≥ 0, so both sides are larger).
    @Test func concentratedStatesMinimiseTheSquaredErrors() {
        let forms = [
            ETSForm(error: .additive, trend: .none), ETSForm(error: .additive, trend: .additive),
            ETSForm(error: .additive, trend: .damped),
        ]
        for form in forms {
            let (alpha, beta, phi) = (0.45, form.hasTrend ? 0.12 : 0, form.trend == .damped ? 0.9 : 1)
            let best = concentratedSeries.withUnsafeBufferPointer {
                ETSRecursion.concentrated(form, $0, alpha, beta, phi, 10, 1)
            }
            func sse(_ l0: Double, _ b0: Double) -> Double {
                ETSRecursion.run(form, concentratedSeries, alpha, beta, phi, l0, b0).residuals.reduce(0) {
                    $0 + $1 * $1
                }
            }
            let at = sse(best.l0, best.b0)
            #expect(abs(at - best.sse) <= 1e-9 * max(1, at), "\(form)")
            let step = 0.05
            for (dl, db) in [(step, 0.0), (-step, 0.0), (0.0, step), (0.0, -step)] where form.hasTrend || db == 0 {
                #expect(sse(best.l0 + dl, best.b0 + db) > at, "\(form) moved by (\(dl), \(db))")
            }
            // Zero slope: the central difference vanishes relative to the curvature.
            let slope = (sse(best.l0 + step, best.b0) - sse(best.l0 - step, best.b0)) / (2 * step)
            #expect(abs(slope) <= 1e-6 * max(1, at / step), "\(form) slope \(slope)")
        }
    }

    /// The automatic combination's additive-error forms, estimated with their states concentrated out, reach at least
    /// the likelihood of the joint search over parameters and states that the single-form fit (R's path) makes.
    @Test func concentratedEstimationReachesTheJointOptimum() throws {
        let series = try Series(id: "t", firstYear: 2001, values: concentratedSeries)
        var automatic = ExponentialSmoothing(scales: .data)
        automatic.outlierScreen = nil
        let members = ETSBehaviourTests.forms(of: try automatic.fit(series))
        for code in ["ANN", "AAN", "AAdN"] {
            let form = try #require(ETSForm.parse(code))
            let joint = try ExponentialSmoothing(selection: .fixed(form)).fitETS(series).lead
            let concentrated = try #require(
                members.first { $0.form == form && $0.estimatedParameters == joint.estimatedParameters })
            #expect(concentrated.rLikelihoodCriterion <= joint.rLikelihoodCriterion + 1e-6, "\(code)")
        }
    }
}
