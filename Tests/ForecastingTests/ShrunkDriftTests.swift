import Foundation
import Testing

@testable import Forecasting

/// The shrunk drift (`drift:shrunk`): R's `rwf(lambda = 0)` in its no-pooling limit, closed forms elsewhere, and its
/// place in `auto`.
@Suite("Shrunk drift: the growth rate pooled toward a prior")
struct ShrunkDriftTests {
    /// With τ² → ∞ and ν₀ = 0 nothing is pooled: the forecast is R's `rwf(y, drift = TRUE, lambda = 0)` (the growth
    /// on log y) and the bands reach as far from it as `rwf(y, drift = TRUE)`'s (fixture from make_r_rwf_log.R).
    @Test func noPoolingIsRsRandomWalkWithDrift() throws {
        var prior = ShrunkDriftModel.Prior()
        prior.growthVariance = 1e12
        prior.noiseWeight = 0
        let table = try FixtureTable("r_rwf_log")
        var checked = 0
        for (name, rows) in Dictionary(grouping: table.rows, by: { $0[0] }) {
            let y = rows[0][table.column("values")].split(separator: ";").compactMap { Double($0) }
            let fitted = try ShrunkDriftModel(prior: prior).fit(try Series(id: name, firstYear: 1, values: y))
            let f = try fitted.forecast(.steps(6), levels: [80, 95])
            for row in rows {
                let h = Int(table.double(row, "h")) - 1
                #expect(relativelyClose(f.mean[h], table.double(row, "mean"), 1e-9), "\(name) h=\(h + 1)")
                for (k, column) in ["half80", "half95"].enumerated() {
                    let half = table.double(row, column)
                    #expect(relativelyClose(f.intervals[k].upper[h] - f.mean[h], half, 1e-6), "\(name) \(column)")
                    #expect(relativelyClose(f.mean[h] - f.intervals[k].lower[h], half, 1e-6), "\(name) \(column)")
                }
                checked += 1
            }
        }
        #expect(checked == 42)
    }

    /// The default prior on 100, 110, 99, 121 by hand: ĝ = log(1.21)/3, s² = (0.01 + Σ(d − ĝ)²)/3 (d the log
    /// increments), w = τ²/(τ² + s²/3), g* = wĝ + (1 − w)·0.02; h years out 121·exp(g*h) ∓ z·√(σ²(h + h²/3)), σ² the
    /// variance of the increments about the drift 7 (rwf's).
    @Test func defaultPriorByHand() throws {
        let y = [100.0, 110, 99, 121]
        let d = (1..<4).map { log(y[$0] / y[$0 - 1]) }
        let raw = log(1.21) / 3
        let s2 = (0.01 + d.map { ($0 - raw) * ($0 - raw) }.reduce(0, +)) / 3
        let w = 0.0005 / (0.0005 + s2 / 3)
        let g = w * raw + (1 - w) * 0.02
        let increments: [Double] = [10, -11, 22]
        let sigma2 = increments.map { ($0 - 7) * ($0 - 7) }.reduce(0.0, +) / 2
        let f = try ShrunkDriftModel().fit(try Series(id: "s", firstYear: 2000, values: y)).forecast(
            .steps(3), levels: [95])
        for h in 1...3 {
            let t = Double(h)
            #expect(relativelyClose(f.mean[h - 1], 121 * exp(g * t), 1e-12))
            let half = Normal.quantile(0.975) * (sigma2 * (t + t * t / 3)).squareRoot()
            #expect(relativelyClose(f.intervals[0].upper[h - 1], 121 * exp(g * t) + half, 1e-9))
            #expect(relativelyClose(f.intervals[0].lower[h - 1], 121 * exp(g * t) - half, 1e-9))
        }
        // Three noisy increments weigh less than the prior here: the growth lies between the two.
        #expect(w > 0 && w < 0.5 && g > 0.02 && g < raw)
    }

    /// With τ² → 0 every series grows at μ; the forecast is the same in any unit; a value ≤ 0 gets the ordinary
    /// drift with a note; on a given scale the model is the ordinary drift.
    @Test func limitsUnitsAndFallbacks() throws {
        var prior = ShrunkDriftModel.Prior()
        prior.growthVariance = 1e-14
        let s = try Series(id: "s", firstYear: 2000, values: [5, 9, 4, 12, 7])
        let flat = try ShrunkDriftModel(prior: prior).fit(s).forecast(.steps(2), levels: [80])
        #expect(relativelyClose(flat.mean[1], 7 * exp(0.04), 1e-9))
        let a = try ShrunkDriftModel().fit(s).forecast(.steps(4), levels: [80, 95])
        let b = try ShrunkDriftModel().fit(try Series(id: "s", firstYear: 2000, values: s.values.map { $0 * 1e6 }))
            .forecast(.steps(4), levels: [80, 95])
        for h in 0..<4 {
            #expect(relativelyClose(a.mean[h] * 1e6, b.mean[h], 1e-12))
            #expect(relativelyClose(a.intervals[1].upper[h] * 1e6, b.intervals[1].upper[h], 1e-12))
        }
        let negative = try ShrunkDriftModel().fit(try Series(id: "n", firstYear: 2000, values: [3, -1, 4, 6]))
        #expect(negative.note?.contains("not all positive") == true)
        let drift = try DriftModel().fit(try Series(id: "n", firstYear: 2000, values: [3, -1, 4, 6]))
        let fallback = try negative.forecast(.steps(2)).mean
        #expect(fallback == (try drift.forecast(.steps(2)).mean))
        #expect(ShrunkDriftModel().onGivenScale() is DriftModel)
        #expect(try ModelSpec.parse("drift:shrunk").model().name == "drift:shrunk")
    }

    /// `auto`'s members by length: Theta and the shrunk drift below 15 points (no ETS below 11, no ARIMA below 7);
    /// from 15, ETS with Akaike weights and the damped trend in Theta's place.
    @Test func automaticMembersByLength() throws {
        func series(_ n: Int) throws -> Series {
            try Series(
                id: "s", firstYear: 1990, values: (0..<n).map { 100 * pow(1.05, Double($0)) + (($0 % 3 == 0) ? 4 : -2) }
            )
        }
        func fit(_ n: Int) throws -> [FittedParameters.WeightedMember] {
            let fitted = try ModelSpec.auto.model().fit(try series(n))
            guard case let .combination(m, _) = fitted.parameters else { return [] }
            return m
        }
        /// The ETS member's form weights.
        func formWeights(_ m: [FittedParameters.WeightedMember]) -> [Double] {
            for member in m {
                if case let .formMixture(forms) = member.parameters { return forms.map(\.weight) }
            }
            return []
        }
        /// The form weights of ETS fitted alone as `name`.
        func alone(_ name: String, _ n: Int) throws -> [Double] {
            guard case let .formMixture(forms) = try ModelSpec.parse(name).model().fit(try series(n)).parameters else {
                return []
            }
            return forms.map(\.weight)
        }
        let five = try fit(5).map(\.modelName).sorted()
        #expect(five == ["dotm", "drift:shrunk", "theta"])
        let twelve = try fit(12)
        let twelveNames = twelve.map(\.modelName)
        #expect(
            twelveNames.contains("theta") && twelveNames.contains("drift:shrunk") && !twelveNames.contains("damped"))
        let equal = try alone("ets", 12)
        #expect(formWeights(twelve) == equal && !equal.isEmpty)
        let long = try fit(20)
        let longNames = long.map(\.modelName)
        #expect(longNames.contains("damped") && longNames.contains("drift:shrunk") && !longNames.contains("theta"))
        let akaike = try alone("ets:akaike", 20)
        let equalLong = try alone("ets", 20)
        #expect(formWeights(long) == akaike && akaike != equalLong)
    }
}

/// The short-series prior's floor (``FlooredLaw``): each band the wider of the model's and the Student-t band at its
/// level, a CDF that is monotone and reads those bands back.
@Suite("Floored law: the wider band at every level")
struct FlooredLawTests {
    @Test func bandsAreTheWiderAndTheCDFReadsThemBack() {
        let tQuantile = { (p: Double) in StudentT.quantile(p, degreesOfFreedom: 1.5) }
        for offset in [0.0, 0.4, -0.4] {
            let base = NormalLaw(mean: 10 + offset, sd: 1)
            let law = FlooredLaw(base: base, center: 10, sd: 0.5, degreesOfFreedom: 1.5)
            for level in [50.0, 80, 95, 99] {
                let (lo, hi) = law.interval(level: level)
                let (blo, bhi) = base.interval(level: level)
                let half = tQuantile(0.5 + level / 200) * 0.5
                #expect(lo == min(blo, 10 - half) && hi == max(bhi, 10 + half))
                #expect(abs(law.cdf(hi) - (0.5 + level / 200)) < 1e-9, "offset \(offset), \(level)%")
                #expect(abs(law.cdf(lo) - (0.5 - level / 200)) < 1e-9, "offset \(offset), \(level)%")
            }
            // At 80% the normal band is the wider (1.28 against 0.5·t₀.₉ ≈ 1.14, unless the base sits below the
            // centre), at 95% the t band (0.5·t₀.₉₇₅ ≈ 3.0 against 1.96 + 0.4).
            #expect(law.interval(level: 80).upper == base.interval(level: 80).upper || offset < 0)
            #expect(law.interval(level: 95).upper == 10 + tQuantile(0.975) * 0.5)
            var previous = 0.0
            for x in stride(from: 0.0, through: 20, by: 0.05) {
                let f = law.cdf(x)
                #expect(f >= previous - 1e-15, "CDF decreases at \(x), offset \(offset)")
                previous = f
            }
        }
    }
}
