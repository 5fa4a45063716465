import Foundation
import Testing
import TrajectoryIO

@testable import Forecasting

@Suite("Honest uncertainty on tiny series")
struct TinySeriesTests {
    /// Two equal values: the naive band has zero width; the prior's replaces it (closed form: ν = ν₀ + δ, κ = κ₀ + 1,
    /// s² = ν₀(s₀·10)²/(ν₀ + 1), half-width t₀.₉₇₅(ν)·√(s²(h + h²/κ))).
    @Test func twoEqualValuesAreNotCertain() throws {
        let series = try Series(id: "flat", firstYear: 2018, values: [10, 10])
        let f = try AutomaticModel().fit(series).forecast(.steps(2), levels: [95])
        let prior = TinySeriesPrior()
        let s2 = prior.priorDegreesOfFreedom * pow(prior.relativeNoise * 10, 2) / (prior.priorDegreesOfFreedom + 1)
        let nu = prior.priorDegreesOfFreedom + prior.degreesOfFreedomPerDifference, kappa = prior.driftPrecision + 1
        for (k, h) in [1.0, 2.0].enumerated() {
            let half = StudentT.quantile(0.975, degreesOfFreedom: nu) * (s2 * (h + h * h / kappa)).squareRoot()
            #expect(
                abs(f.intervals[0].upper[k] - (10 + half)) < 1e-9 && abs(f.intervals[0].lower[k] - (10 - half)) < 1e-9)
        }
        let own = try ModelSpec.parse("auto:own").model(seed: 42).fit(series).forecast(.steps(1), levels: [95])
        #expect(own.intervals[0].lower == [10] && own.intervals[0].upper == [10])
        // P(Y ≤ 10.3) is strictly between 0 and 1: a target just above is neither certain nor impossible.
        let p = try AutomaticModel().fit(series).cumulativeProbability(of: 10.3, at: 2019 + 1)
        #expect(p > 0.5 && p < 0.99)
    }

    /// Truncation: the first L = 2…8 points of every tenth series of the four corpora (training values only), the
    /// next up to 6 values held back. The prior lifts the pooled 95% coverage at every length above the model's own,
    /// into 91–98%, and, widening each level on its own, keeps the 80% band near 80% — 70–86% here (the earlier rule,
    /// one stretch to the prior's 95% band, covered 87–92% at 80% from 2 to 6 points; scripts/validate_tiny.py gives
    /// the full table: 74.0–79.9% / 93.2–96.8% pooled over all series).
    @Test func truncatedSeriesAreCoveredAtEveryLength() throws {
        var data: [[Double]] = []
        for corpus in [
            "m3-yearly", "yearly-validation/m3-other", "yearly-validation/m3-quarterly-annual",
            "yearly-validation/m3-monthly-annual",
        ] {
            let path = try datasetsFolder() + "/" + corpus + "/train.csv"
            let series = try LongCSVReader().read(path: path)
            data += series.enumerated().filter { $0.offset % 10 == 0 }.map(\.element.values)
        }
        for L in 2...8 {
            var n = 0, withPrior = 0, own = 0, within80 = 0
            for y in data where y.count > L {
                let s = try Series(id: "t", firstYear: 1, values: Array(y[0..<L]))
                let h = min(6, y.count - L)
                let bands = try AutomaticModel().fit(s).forecast(.steps(h), levels: [80, 95]).intervals
                let (a80, a) = (bands[0], bands[1])
                let b = try ModelSpec.parse("auto:own").model(seed: 42).fit(s).forecast(.steps(h), levels: [95])
                    .intervals[0]
                for k in 0..<h {
                    n += 1
                    if a.lower[k] <= y[L + k] && y[L + k] <= a.upper[k] { withPrior += 1 }
                    if a80.lower[k] <= y[L + k] && y[L + k] <= a80.upper[k] { within80 += 1 }
                    if b.lower[k] <= y[L + k] && y[L + k] <= b.upper[k] { own += 1 }
                }
            }
            let covered = 100 * Double(withPrior) / Double(n), ownCovered = 100 * Double(own) / Double(n)
            let covered80 = 100 * Double(within80) / Double(n)
            #expect(covered >= 91 && covered <= 98, "L = \(L): 95% intervals cover \(covered)%")
            #expect(covered80 >= 70 && covered80 <= 86, "L = \(L): 80% intervals cover \(covered80)%")
            #expect(
                covered >= ownCovered + (L <= 4 ? 3 : 0.5),
                "L = \(L): \(covered)% against \(ownCovered)% without the prior")
        }
    }
}
