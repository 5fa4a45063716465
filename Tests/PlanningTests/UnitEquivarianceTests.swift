import Foundation
import Testing
import TrajectoryIO

@testable import Forecasting

@Suite("The same answer in any unit")
struct UnitEquivarianceTests {
    static let names = [
        "auto", "ets", "ets:data", "ets:select", "ets:akaike", "ets:ANN", "ets:AAN", "ets:AAdN", "ets:MNN", "ets:MAN",
        "ets:MAdN", "ses", "holt", "damped", "theta", "otm", "dotm", "ces", "arima", "auto.arima", "arima:1,1,0",
        "arima:0,1,1+drift",
        "arima:1,0,0", "combo", "naive", "drift", "drift:shrunk", "mean", "linear", "loglinear", "quadratic",
    ]

    /// Every model name on every fifth M3 yearly training series, a gappy series and two short ones, in units, in
    /// thousands and in thousandths: the forecasts and 80/95% bounds, divided back, equal the originals to 1e-4 of
    /// the 95% band's width for the optimised models (their optimisers run on the series divided by its mean
    /// absolute value) and to 1e-9 for the closed forms. (Before, `ets` bands moved by up to 72 band widths.)
    @Test(arguments: names) func forecastsFollowTheUnit(name: String) throws {
        let train = try LongCSVReader().read(path: try datasetsFolder() + "/m3-yearly/train.csv")
        var series = train.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        series.append(
            try Series(
                id: "gappy", periods: [2010, 2011, 2013, 2014, 2015, 2017, 2018].map { .year($0) },
                values: [3.1, 3.4, 4.0, 4.1, 4.6, 5.2, 5.1]))
        series.append(try Series(id: "three", firstYear: 2020, values: [120, 135, 131]))
        series.append(try Series(id: "five", firstYear: 2020, values: [8.2, 8.9, 9.1, 10.4, 10.2]))
        let model = try ModelSpec.parse(name).model(seed: 42)
        let closedForm = ["naive", "drift", "drift:shrunk", "mean", "linear", "loglinear", "quadratic"].contains(name)
        var worst = 0.0
        for s in series {
            guard let base = try? model.fit(s).forecast(.steps(6), levels: [80, 95]) else { continue }
            for factor in [1000.0, 0.001] {
                let scaled = try Series(
                    id: s.id, periods: s.periods, values: s.values.map { $0 * factor }, anchor: s.anchor)
                let other = try model.fit(scaled).forecast(.steps(6), levels: [80, 95])
                for k in 0..<6 {
                    let width = max(base.intervals[1].upper[k] - base.intervals[1].lower[k], 1e-300)
                    let pairs = [
                        (base.mean[k], other.mean[k]),
                        (base.intervals[0].lower[k], other.intervals[0].lower[k]),
                        (base.intervals[0].upper[k], other.intervals[0].upper[k]),
                        (base.intervals[1].lower[k], other.intervals[1].lower[k]),
                        (base.intervals[1].upper[k], other.intervals[1].upper[k]),
                    ]
                    for (a, b) in pairs where a.isFinite {
                        worst = max(worst, abs(a - b / factor) / width)
                    }
                }
            }
        }
        #expect(worst <= (closedForm ? 1e-9 : 1e-4), "\(name): a bound moved by \(worst) of the band's width")
    }

    /// Units at the ends of the Double range: every 40th M3 yearly training series times 10⁻²⁰⁰, 10²⁰⁰, 10³⁰⁰ and
    /// 10⁻³¹⁵ (denormal values) gives the forecasts and bounds of the series as it is, times the factor — to 1e-4 of
    /// the band's width, 1e-2 for denormals (1e-9 for the closed forms). Such data are fitted times a power of ten
    /// (``MagnitudeScaled``); before, their variances underflowed to bands of no width, or overflowed to NA.
    @Test(arguments: names) func extremeUnitsFollowTheUnit(name: String) throws {
        let train = try LongCSVReader().read(path: try datasetsFolder() + "/m3-yearly/train.csv")
        let series = train.enumerated().filter { $0.offset % 40 == 0 }.map(\.element)
        let model = try ModelSpec.parse(name).model(seed: 42)
        let closedForm = ["naive", "drift", "drift:shrunk", "mean", "linear", "loglinear", "quadratic"].contains(name)
        var worst = 0.0, worstDenormal = 0.0, compared = 0
        for s in series {
            guard let base = try? model.fit(s).forecast(.steps(6), levels: [80, 95]) else { continue }
            for factor in [1e-200, 1e200, 1e300, 1e-300 * 1e-15] {
                let scaled = try Series(
                    id: s.id, periods: s.periods, values: s.values.map { $0 * factor }, anchor: s.anchor)
                let other = try model.fit(scaled).forecast(.steps(6), levels: [80, 95])
                for k in 0..<6 {
                    let width = base.intervals[1].upper[k] - base.intervals[1].lower[k]
                    let pairs = [
                        (base.mean[k], other.mean[k]), (base.intervals[0].lower[k], other.intervals[0].lower[k]),
                        (base.intervals[0].upper[k], other.intervals[0].upper[k]),
                        (base.intervals[1].lower[k], other.intervals[1].lower[k]),
                        (base.intervals[1].upper[k], other.intervals[1].upper[k]),
                    ]
                    for (a, b) in pairs where a.isFinite && width > 0 {
                        // Denormal values carry about 11 significant digits, which moves an optimum on a flat
                        // likelihood a little: those are held to 1% of the width.
                        let change = abs(a * factor - b) / (width * factor)
                        if factor < 1e-300 {
                            worstDenormal = max(worstDenormal, change)
                        } else {
                            worst = max(worst, change)
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 1000, "\(name): \(compared) bounds compared")
        #expect(worst <= (closedForm ? 1e-9 : 1e-4), "\(name): a bound moved by \(worst) of the band's width")
        #expect(worstDenormal <= (closedForm ? 1e-9 : 1e-2), "\(name): denormal data moved a bound by \(worstDenormal)")
    }
}
