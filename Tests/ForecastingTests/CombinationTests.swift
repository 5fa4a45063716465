import Foundation
import Testing

@testable import Forecasting

@Suite("Combination and calibrated intervals")
struct CombinationTests {
    let trending: [Double] = [3, 4.5, 4.9, 6.2, 7.1, 7.0, 8.4, 9.9, 10.1, 11.6, 12.0, 13.4, 13.1, 14.8, 15.5, 16.9]

    /// `auto` takes the median of its members' point forecasts (on 6 points: Theta, the shrunk drift and the dynamic
    /// optimised Theta, so the middle one), `auto:mean` their mean; both keep the same mixture for the intervals, and
    /// the parameters say which rule was used.
    @Test func automaticPointForecastIsTheMembersMedian() throws {
        let s = try Series(id: "s", firstYear: 2000, values: [3, 4.5, 4.9, 6.2, 7.1, 7.0])
        let times = [2006.0, 2008.0, 2011.0]
        let members = try ["theta", "drift:shrunk", "dotm"].map { try ModelSpec.parse($0).model().fit(s) }
        let each = members.map { $0.predict(at: times, levels: []).mean }
        let median = try ModelSpec.parse("auto").model().fit(s)
        let mean = try ModelSpec.parse("auto:mean").model().fit(s)
        #expect(median.modelName == "combo(theta + drift:shrunk + dotm)")
        let (m, bands) = median.predict(at: times, levels: [80, 95])
        let (a, meanBands) = mean.predict(at: times, levels: [80, 95])
        var differs = false
        for k in times.indices {
            let v = each.map { $0[k] }.sorted()
            #expect(abs(m[k] - v[1]) < 1e-9 * abs(v[1]))
            #expect(abs(a[k] - v.reduce(0, +) / 3) < 1e-9 * abs(v[1]))
            differs = differs || abs(m[k] - a[k]) > 1e-6 * abs(a[k])
            // The bands come from the same mixture of laws; the tiny-series prior's floor is about the point forecast,
            // so a band may differ only where that floor binds, and always contains its point forecast.
            #expect(bands[1].lower[k] < m[k] && m[k] < bands[1].upper[k])
            #expect(meanBands[1].lower[k] < a[k] && a[k] < meanBands[1].upper[k])
        }
        #expect(differs, "the three members agree: the test series does not tell the rules apart")
        guard case .combination(_, .median) = median.parameters, case .combination(_, .mean) = mean.parameters else {
            Issue.record("the parameters do not name the point rule")
            return
        }
        #expect(FittedParameters.PointRule.median.combine([4, 1, 3, 2]) == 2.5)
        #expect(FittedParameters.PointRule.median.combine([5, 1, 3]) == 3)
        #expect(FittedParameters.PointRule.median.combine([1, .nan, 3]).isNaN)
    }

    /// `auto:trim` (a validated variant, not the default) drops the highest and the lowest of five members' point
    /// forecasts and averages the other three; with fewer members it is the median.
    @Test func trimmedPointRuleDropsTheExtremes() throws {
        #expect(FittedParameters.PointRule.trimmed.combine([10, 1, 3, 2, 4]) == 3)
        #expect(FittedParameters.PointRule.trimmed.combine([9, 1, 3, 2, 4, 8]) == 4.25)
        #expect(FittedParameters.PointRule.trimmed.combine([4, 1, 3, 2]) == 2.5)
        #expect(FittedParameters.PointRule.trimmed.combine([1, 2, .nan, 4, 5]).isNaN)
        // On 16 points `auto` has its five members; the trimmed rule's forecast is the mean of the middle three.
        let s = try Series(id: "s", firstYear: 2000, values: trending)
        let times = [2016.0, 2018.0]
        let fit = try ModelSpec.parse("auto:trim").model().fit(s)
        guard case .combination(let members, .trimmed) = fit.parameters else {
            Issue.record("auto:trim does not report the trimmed rule")
            return
        }
        #expect(members.count == 5)
        let median = try ModelSpec.parse("auto").model().fit(s).predict(at: times, levels: []).mean
        let trimmed = fit.predict(at: times, levels: []).mean
        #expect(zip(median, trimmed).contains { abs($0 - $1) > 1e-6 * abs($0) }, "the rules agree on the test series")
    }

    /// ARIMA joins `auto` from 7 observations; `auto:arima=N` (for validating that rule) moves the threshold, and the
    /// note says ARIMA was left out.
    @Test func arimaThresholdIsAValidatedVariant() throws {
        let s = try Series(id: "s", firstYear: 2000, values: Array(trending.prefix(8)))
        let shipped = try ModelSpec.parse("auto").model().fit(s)
        let later = try ModelSpec.parse("auto:arima=9").model().fit(s)
        #expect(shipped.modelName.contains("ARIMA("))
        #expect(!later.modelName.contains("ARIMA("))
        #expect(later.note?.contains("auto.arima left out") == true)
        #expect(try ModelSpec.parse("auto:arima=9").family == .automatic(arimaMinimum: 9))
        #expect(ModelSpec.auto.family == .automatic(arimaMinimum: AutomaticModel.defaultARIMAMinimum))
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("auto:arima=x") }
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("auto:arima=2") }
    }

    /// The point forecast is the mean of the members'; each interval bound is the mixture's quantile: the members'
    /// CDFs average to exactly the bound's probability there.
    @Test func mixtureIntervalsAreTheMixtureQuantiles() throws {
        let s = try Series(id: "s", firstYear: 2000, values: trending)
        let combo = try CombinationModel(members: [DriftModel(), NaiveModel(), ThetaModel()]).fit(s)
        let members: [any FittedModel] = [try DriftModel().fit(s), try NaiveModel().fit(s), try ThetaModel().fit(s)]
        let times = [2016.0, 2018.0, 2021.0]
        let (mean, intervals) = combo.predict(at: times, levels: [80, 95])
        for (k, t) in times.enumerated() {
            let expected = members.map { $0.predict(at: [t], levels: []).mean[0] }.reduce(0, +) / 3
            #expect(abs(mean[k] - expected) < 1e-9)
            for interval in intervals {
                let p = interval.level / 100
                let cdfLow = members.map { $0.cumulativeProbability(of: interval.lower[k], at: t) }.reduce(0, +) / 3
                let cdfHigh = members.map { $0.cumulativeProbability(of: interval.upper[k], at: t) }.reduce(0, +) / 3
                #expect(abs(cdfLow - (1 - p) / 2) < 1e-6 && abs(cdfHigh - (1 + p) / 2) < 1e-6)
            }
        }
        #expect(combo.modelName.hasPrefix("combo(drift + naive + "))
        #expect(try ModelCatalog.model(named: "combo:ets+arima+theta").name == "combo:ets+arima+theta")
        // Automatic ETS on both scales: the forms on the logarithms enter the mixture as log-normal laws with their
        // own normal law's parameters and half the weight; the intervals are the mixture's quantiles.
        let ets = try ExponentialSmoothing().fitETS(s)
        let (laws, weights) = ets.mixture(maxH: 3)
        #expect(laws.count == ets.members.count + ets.logMembers.count && abs(weights.reduce(0, +) - 1) < 1e-12)
        for (k, member) in ets.logMembers.enumerated() {
            guard case let .normal(m, sd) = member.law(maxH: 3, paths: 100),
                case let .logNormal(lm, lsd) = laws[ets.members.count + k]
            else {
                Issue.record("log-scale member \(k) is not a log-normal law")
                continue
            }
            #expect(m == lm && sd == lsd)
            #expect(abs(weights[ets.members.count + k] - 0.5 / Double(ets.logMembers.count)) < 1e-12)
            // exp(m + z·sd) is the log-normal law's Φ(z) quantile.
            let alone = Mixture([laws[ets.members.count + k]], [1], step: 2)
            #expect(abs(alone.cdf(exp(m[2] + 1.5 * sd[2])) - Normal.cdf(1.5)) < 1e-12)
            #expect(abs(alone.quantile(Normal.cdf(1.5), z: 1.5) - exp(m[2] + 1.5 * sd[2])) < 1e-9 * exp(m[2]))
        }
        let forecast = ets.predict(at: [2017], levels: [95])
        let law = ets.predictiveDistribution(at: 2017)
        #expect(abs(law.cdf(forecast.intervals[0].lower[0]) - 0.025) < 1e-6)
        #expect(abs(law.cdf(forecast.intervals[0].upper[0]) - 0.975) < 1e-6)
        #expect(throws: ForecastingError.self) { try ModelCatalog.model(named: "combo:ets") }
    }

    /// The calibration factor is the split-conformal quantile of |z| over Φ⁻¹((1+L)/2): 1 for scores that are
    /// exactly standard normal, 2 for scores twice as large.
    @Test func calibrationScaleClosedForm() throws {
        let s = try Series(id: "s", firstYear: 2000, values: trending)
        let base = try DriftModel().fit(s)
        let m = 399
        let normal = (0..<m).map { abs(Normal.quantile(0.5 + 0.5 * (Double($0) + 1) / Double(m + 1))) }.sorted()
        let calibrated = FittedCalibrated(base: base, scores: normal, weights: normal.map { _ in 1 }, origins: 10)
        #expect(abs(calibrated.scale(80) - 1) < 0.01 && abs(calibrated.scale(95) - 1) < 0.01)
        let doubled = FittedCalibrated(
            base: base, scores: normal.map { 2 * $0 }, weights: normal.map { _ in 1 }, origins: 10)
        #expect(abs(doubled.scale(95) - 2) < 0.02)
        // Levels below 50% take the 50% factor (at 0% the ratio was 0/0: an infinite median).
        #expect(doubled.scale(0) == doubled.scale(50) && doubled.scale(1e-9) == doubled.scale(50))
        let median = doubled.predictiveDistribution(at: 2017).quantile(0.5)
        #expect(median.isFinite && abs(median - base.predict(at: [2017], levels: []).mean[0]) < 1e-9)
        let (mean, intervals) = doubled.predict(at: [2017], levels: [95])
        let (_, own) = base.predict(at: [2017], levels: [95])
        #expect(abs((intervals[0].upper[0] - mean[0]) - doubled.scale(95) * (own[0].upper[0] - mean[0])) < 1e-9)
        // Too few scores: the model's own intervals.
        let few = FittedCalibrated(base: base, scores: [1, 2], weights: [1, 1], origins: 2)
        #expect(few.scale(95) == 1 && few.note?.contains("too few") == true)
    }

    /// A strength w applies the factors to the power w (halfway: the square root), clamped to 0…1.
    @Test func calibrationStrengthShrinksTheFactors() throws {
        let s = try Series(id: "s", firstYear: 2000, values: trending)
        let base = try DriftModel().fit(s)
        let m = 399
        let doubled = (0..<m).map { 2 * abs(Normal.quantile(0.5 + 0.5 * (Double($0) + 1) / Double(m + 1))) }.sorted()
        let full = FittedCalibrated(base: base, scores: doubled, weights: doubled.map { _ in 1 }, origins: 10)
        let half = FittedCalibrated(
            base: base, scores: doubled, weights: doubled.map { _ in 1 }, origins: 10, strength: 0.5)
        for level in [80.0, 95.0] { #expect(abs(half.scale(level) - full.scale(level).squareRoot()) < 1e-12) }
        #expect(abs(half.scale(95) - 2.0.squareRoot()) < 0.02)
        #expect(half.note?.contains("calibrated halfway") == true)
        #expect(CalibratedModel(base: ThetaModel(), strength: 3).strength == 1)
        #expect(CalibratedModel(base: ThetaModel(), strength: -1).strength == 0)
        #expect(CalibratedModel(base: ThetaModel(), strength: .nan).strength == 1)
        // A tail prior c: the exponent at level L is n/(n + c), n = m(1 − L) of the m scores beyond the level.
        let byTail = FittedCalibrated(
            base: base, scores: doubled, weights: doubled.map { _ in 1 }, origins: 10, tailPrior: 6)
        for level in [50.0, 80.0, 95.0, 99.0] {
            let n = Double(m) * (1 - level / 100)
            #expect(abs(byTail.exponent(level) - n / (n + 6)) < 1e-12)
            #expect(abs(byTail.scale(level) - Foundation.pow(full.scale(level), n / (n + 6))) < 1e-12)
        }
        #expect(byTail.exponent(20) == byTail.exponent(50))
        #expect(byTail.exponent(95) < byTail.exponent(80) && byTail.exponent(80) < 1)
        // Its CDF inverts the rescaled bounds at every level (the factors differ by level), and increases.
        let law = byTail.predictiveDistribution(at: 2019)
        let (_, bands) = byTail.predict(at: [2019], levels: [50, 80, 95, 99])
        for (band, level) in zip(bands, [50.0, 80, 95, 99]) {
            #expect(abs(law.cdf(band.upper[0]) - (0.5 + level / 200)) < 1e-9)
            #expect(abs(law.cdf(band.lower[0]) - (0.5 - level / 200)) < 1e-9)
        }
        // Past 99% the exponent falls faster than the normal quantile grows: 99.5% stretched alone would lie inside
        // 99%; the law's bands keep growing with the level instead.
        let mean = byTail.predict(at: [2019], levels: []).mean[0]
        let rawReach = [99.0, 99.5].map { level in
            byTail.scale(level) * (base.predictiveDistribution(at: 2019).interval(level: level).upper - mean)
        }
        #expect(rawReach[1] < rawReach[0])  // the case the envelope exists for
        let reach = [97.5, 99, 99.5, 99.9].map { law.interval(level: $0).upper - mean }
        #expect(zip(reach, reach.dropFirst()).allSatisfy { $0 < $1 })
        // Where the levels' bands grow on their own (80% here), each is its factor times the base law's.
        let own80 = base.predictiveDistribution(at: 2019).interval(level: 80).upper - mean
        #expect(abs(law.interval(level: 80).upper - mean - byTail.scale(80) * own80) < 1e-9)
        let (low, high) = law.interval(level: 99.9)
        let grid = (0...200).map { law.cdf(low + (high - low) * Double($0) / 200) }
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 <= $1 } && grid[0] < 0.001 && grid[200] > 0.999)
        #expect(CalibratedModel(base: ThetaModel(), tailPrior: -1).tailPrior == 0)
        #expect(CalibratedModel(base: ThetaModel(), tailPrior: .nan).tailPrior == nil)
    }

    /// `auto` calibrates the intervals of a series of 50 or more observations halfway on its own past forecasts
    /// (each bound's distance from the point forecast is the mixture's own times the square root of the full
    /// calibration's factor) and leaves shorter series alone; `--intervals calibrated` on `auto` calibrates the
    /// mixture's own intervals once, in full, not the halfway-calibrated ones again. `auto:tail=C` (for validation)
    /// applies the exponent n_L/(n_L + C) instead, n_L = 45(1 − L) of the 45 past scores beyond the level.
    @Test func automaticCalibratesLongSeriesHalfway() throws {
        let values = (0..<60).map { t in
            let x = Double(t)
            return 100 + 2 * x + 6 * Foundation.sin(1.7 * x) + 4 * Foundation.cos(0.37 * x * x)
        }
        let long = try Series(id: "long", firstYear: 1950, values: values)
        let levels = [80.0, 95.0]
        let own = try ModelSpec.parse("auto:nocal").model().fit(long).forecast(.steps(4), levels: levels)
        let fullModel = CalibratedModel(base: try ModelSpec.parse("auto:nocal").model())
        let full = try fullModel.fit(long).forecast(.steps(4), levels: levels)
        let halfFit = try ModelSpec.parse("auto").model().fit(long)
        let half = try halfFit.forecast(.steps(4), levels: levels)
        #expect(halfFit.note?.contains("intervals calibrated halfway") == true)
        let tailFit = try ModelSpec.parse("auto:tail=6").model().fit(long)
        let tail = try tailFit.forecast(.steps(4), levels: levels)
        #expect(
            tailFit.note?.contains(
                "intervals calibrated partly (the factors to the power 0.60 at 80%, 0.27 at 95%: fewer past forecasts beyond the wider band) on 45 forecasts"
            ) == true)
        #expect(half.mean == own.mean && full.mean == own.mean && tail.mean == own.mean)
        var largestChange = 0.0
        for (i, level) in levels.enumerated() {
            let n = 45 * (1 - level / 100)
            for k in 0..<4 {
                let c = own.mean[k]
                for (o, f, h, t) in [
                    (
                        own.intervals[i].upper[k], full.intervals[i].upper[k], half.intervals[i].upper[k],
                        tail.intervals[i].upper[k]
                    ),
                    (
                        own.intervals[i].lower[k], full.intervals[i].lower[k], half.intervals[i].lower[k],
                        tail.intervals[i].lower[k]
                    ),
                ] {
                    let factor = (f - c) / (o - c)
                    largestChange = max(largestChange, abs(factor - 1))
                    #expect(abs((h - c) / (o - c) - factor.squareRoot()) < 1e-9)
                    #expect(abs((t - c) / (o - c) - Foundation.pow(factor, n / (n + 6))) < 1e-9)
                }
            }
        }
        #expect(largestChange > 0.01)  // the calibration moves the bands, so the checks above can fail
        let outer = try CalibratedModel(base: try ModelSpec.parse("auto").model()).fit(long)
        let twice = try outer.forecast(.steps(4), levels: levels)
        #expect(twice.intervals.map(\.upper) == full.intervals.map(\.upper))
        #expect(twice.intervals.map(\.lower) == full.intervals.map(\.lower))
        #expect(outer.note?.contains("halfway") == false)
        let quarter = try ModelSpec.parse("auto:cal=0.25").model().fit(long)
        #expect(quarter.note?.contains("intervals calibrated to the power 0.25") == true)
        for bad in ["auto:cal=2", "auto:cal=-0.1", "auto:tail=-1", "auto:tail=x", "auto:cal=nan"] {
            #expect(throws: ForecastingError.self) { try ModelSpec.parse(bad) }
        }
        // 49 observations: the mixture's own bands.
        let shorter = try Series(id: "shorter", firstYear: 1950, values: Array(values.prefix(49)))
        let a = try ModelSpec.parse("auto").model().fit(shorter).forecast(.steps(4), levels: levels)
        let b = try ModelSpec.parse("auto:nocal").model().fit(shorter).forecast(.steps(4), levels: levels)
        #expect(a.intervals.map(\.upper) == b.intervals.map(\.upper))
        #expect(a.intervals.map(\.lower) == b.intervals.map(\.lower))
    }

    /// The horizon stretch: f(h) = a(1 + b(min(h, 4) − 1)); `auto` on 3–49 observations has the combination's laws
    /// stretched by f about the point forecast (every bound's distance times f, the CDF at a stretched bound the same
    /// probability) before the tiny-series prior widens them (so each band reaches at least as far as the stretched
    /// one), and `--intervals calibrated` on `auto` starts from the unstretched mixture.
    @Test func automaticStretchesShortSeriesBandsWithTheHorizon() throws {
        let rule = HorizonStretch()
        #expect(rule.factor(1) == 0.9)
        #expect(abs(rule.factor(3) - 0.9 * 1.5) < 1e-15 && abs(rule.factor(0.5) - 0.9 * 0.875) < 1e-15)
        #expect(rule.factor(-4) == rule.factor(0) && rule.factor(.nan) == rule.factor(0))
        #expect(abs(rule.factor(4) - 0.9 * 1.75) < 1e-15 && rule.factor(150) == rule.factor(4))
        let s = try Series(id: "s", firstYear: 2000, values: trending)
        let levels = [80.0, 95.0]
        var noPrior = AutomaticModel(tinySeriesPrior: nil)
        let fit = try noPrior.fit(s)
        let stretched = try fit.forecast(.steps(4), levels: levels)
        noPrior.horizonStretch = nil
        let plain = try noPrior.fit(s).forecast(.steps(4), levels: levels)
        let widened = try ModelSpec.parse("auto").model().fit(s).forecast(.steps(4), levels: levels)
        #expect(stretched.mean == plain.mean)
        let times = (1...4).map { 2015.0 + Double($0) }
        let laws = fit.predictiveDistributions(at: times)
        for k in 0..<4 {
            let f = rule.factor(Double(k + 1)), c = plain.mean[k]
            for i in levels.indices {
                #expect(abs((stretched.intervals[i].upper[k] - c) - f * (plain.intervals[i].upper[k] - c)) < 1e-9)
                #expect(abs((c - stretched.intervals[i].lower[k]) - f * (c - plain.intervals[i].lower[k])) < 1e-9)
            }
            #expect(abs(laws[k].cdf(stretched.intervals[1].upper[k]) - 0.975) < 1e-6)
            #expect(abs(laws[k].cdf(stretched.intervals[0].lower[k]) - 0.10) < 1e-6)
            for i in levels.indices {
                #expect(widened.intervals[i].upper[k] >= stretched.intervals[i].upper[k] - 1e-9)
                #expect(widened.intervals[i].lower[k] <= stretched.intervals[i].lower[k] + 1e-9)
            }
        }
        let custom = HorizonStretch(oneStep: 0.9, growth: 0.1, longestHorizon: 4)
        #expect(try ModelSpec.parse("auto:stretch=0.9,0.1,4").family == .automatic(horizonStretch: custom))
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("auto:stretch=0.9,0.1") }
        var own = AutomaticModel()
        own.horizonStretch = nil
        own.longSeriesCalibration = nil
        let outer = try CalibratedModel(base: try ModelSpec.parse("auto").model()).fit(s)
        let reference = try CalibratedModel(base: MagnitudeScaled(own)).fit(s)
        #expect(
            try outer.forecast(.steps(4), levels: levels).intervals.map(\.upper)
                == reference.forecast(.steps(4), levels: levels).intervals.map(\.upper))
    }

    /// Refitting at past origins sees only the data before each origin, and the calibrated model keeps the base's
    /// point forecasts.
    @Test func calibratedModelKeepsPointForecasts() throws {
        let s = try Series(id: "s", firstYear: 2000, values: trending)
        let plain = try ThetaModel().fit(s).forecast(.steps(3))
        let calibrated = try CalibratedModel(base: ThetaModel()).fit(s)
        let f = try calibrated.forecast(.steps(3))
        #expect(f.mean == plain.mean)
        #expect(calibrated.note?.contains("from 10 past origins") == true)
    }
}
