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
        let (mean, intervals) = doubled.predict(at: [2017], levels: [95])
        let (_, own) = base.predict(at: [2017], levels: [95])
        #expect(abs((intervals[0].upper[0] - mean[0]) - doubled.scale(95) * (own[0].upper[0] - mean[0])) < 1e-9)
        // Too few scores: the model's own intervals.
        let few = FittedCalibrated(base: base, scores: [1, 2], weights: [1, 1], origins: 2)
        #expect(few.scale(95) == 1 && few.note?.contains("too few") == true)
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
