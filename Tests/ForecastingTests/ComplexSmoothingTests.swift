import Foundation
import Testing

@testable import Forecasting

/// Complex exponential smoothing against statsforecast 2.1.1 (`Fixtures/make_sf_ces.py`: 40 M3 yearly training series
/// and 48 prefixes of 3–8 values) and against closed forms.
@Suite("Complex exponential smoothing") struct ComplexSmoothingTests {
    struct Row {
        let series: String
        let a0: Double
        let a1: Double
        let criterion: Double
        let sf: [Double]
        let fixed: [Double]
    }

    static func rows() throws -> [Row] {
        let table = try FixtureTable("sf_ces")
        return table.rows.map { r in
            let h = 1...6
            return Row(
                series: r[0], a0: table.double(r, "a0"), a1: table.double(r, "a1"),
                criterion: table.double(r, "criterion"), sf: h.map { table.double(r, "sf\($0)") },
                fixed: h.map { table.double(r, "fixed\($0)") })
        }
    }

    static let values = FixtureTable.seriesValues("sf_ces_series")

    static func data(_ id: String) throws -> [Double] {
        let parts = id.split(separator: ":")
        let full = try #require(values[String(parts[0])], "\(id) is not in sf_ces_series.csv")
        return parts.count == 2 ? Array(full.prefix(Int(parts[1]) ?? 0)) : full
    }

    /// At fixed a₀ = 1.5, a₁ = 1.1 the backcast and the recursion give statsforecast's forecasts (it keeps its states
    /// in single precision: agreement to 2·10⁻⁵ of the level).
    @Test func fixedParametersMatchStatsforecast() throws {
        let rows = try Self.rows()
        try #require(rows.count == 88)
        for row in rows {
            let y = try Self.data(row.series)
            let recursion = CESRecursion(a0: 1.5, a1: 1.1)
            let path = recursion.path(from: recursion.backcastRun(y).final, steps: 6)
            let level = y.map(abs).max() ?? 1
            for (ours, theirs) in zip(path, row.fixed) {
                #expect(abs(ours - theirs) <= 2e-5 * max(level, abs(theirs)), "\(row.series): \(ours) vs \(theirs)")
            }
        }
    }

    /// Our estimates are invertible, and where statsforecast's are too (75 of the 88 fits), the fit's criterion is
    /// never above statsforecast's (whose Nelder–Mead from (1.3, 1) can stop short); where the two minima agree, so do
    /// the forecasts.
    @Test func estimatesAreAtLeastAsGoodAsStatsforecast() throws {
        var agreeing = 0, admissible = 0
        for row in try Self.rows() {
            let y = try Self.data(row.series)
            let fitted = try ComplexSmoothingModel().fitCES(try Series(id: row.series, firstYear: 1, values: y))
            let recursion = CESRecursion(a0: fitted.a0, a1: fitted.a1)
            #expect(recursion.isAdmissible, "\(row.series): a₀ = \(fitted.a0), a₁ = \(fitted.a1)")
            guard CESRecursion(a0: row.a0, a1: row.a1).isAdmissible else { continue }
            admissible += 1
            let ours = recursion.criterion(y)
            #expect(ours <= row.criterion * (1 + 1e-6), "\(row.series): \(ours) above statsforecast's \(row.criterion)")
            guard abs(ours - row.criterion) <= 1e-5 * row.criterion else { continue }
            agreeing += 1
            let mean = fitted.predictive(at: (1...6).map { Double(y.count + $0) }).mean
            let level = y.map(abs).max() ?? 1
            for (a, b) in zip(mean, row.sf) {
                #expect(abs(a - b) <= 2e-3 * max(level, abs(b)), "\(row.series): \(a) vs \(b)")
            }
        }
        #expect(admissible == 75)
        // Most fits reach the same minimum; the rest are lower ones.
        #expect(agreeing >= 40, "only \(agreeing) of \(admissible) at statsforecast's minimum")
    }

    /// With a₁ = 1 the level ignores the potential: ℓₜ = ℓₜ₋₁ + (a₀ − 1)εₜ is simple exponential smoothing with
    /// α = a₀ − 1, so the forecasts are flat at the last level and the variance factors are ETS(A,N,N)'s 1 + (h − 1)α².
    @Test func unitImaginaryPartIsSimpleExponentialSmoothing() {
        let recursion = CESRecursion(a0: 1.3, a1: 1)
        var s = CESRecursion.State(level: 4, potential: 2)
        var level = 4.0
        for v in [3.0, 5, 4, 6, 7, 6.5, 8] {
            let e = v - s.level
            s = recursion.update(s, error: e)
            level += 0.3 * (v - level)
            #expect(abs(s.level - level) < 1e-12)
        }
        #expect(recursion.path(from: s, steps: 5).allSatisfy { abs($0 - level) < 1e-12 })
        for (h, f) in recursion.varianceFactors(steps: 5).enumerated() {
            #expect(abs(f - (1 + Double(h) * 0.09)) < 1e-12)
        }
    }

    /// The variance factors are the squared impulse responses: a unit error added at step j moves the value at step
    /// k ≥ j by the difference of two error-free paths, whose squares over j sum to the factor at k.
    @Test func varianceFactorsAreTheImpulseResponses() {
        let recursion = CESRecursion(a0: 1.62, a1: 1.07)
        let start = CESRecursion.State(level: 10, potential: 8)
        let h = 7
        var expected = [Double](repeating: 0, count: h)
        let base = recursion.path(from: start, steps: h)
        for j in 0..<h {
            // Paths with one unit error at step j: the values up to j as the base, then the shocked state carried on.
            var s = start
            for _ in 0..<j { s = recursion.update(s, error: 0) }
            let shocked = [s.level + 1] + recursion.path(from: recursion.update(s, error: 1), steps: h - j - 1)
            for k in j..<h { expected[k] += pow(shocked[k - j] - base[k], 2) }
        }
        for (a, b) in zip(recursion.varianceFactors(steps: h), expected) { #expect(abs(a - b) < 1e-9 * max(1, b)) }
    }

    /// Through the model grammar: intervals that widen with the horizon and are nested, the estimates in the
    /// parameters, the same forecasts in any unit, and the random walk's σ² on 7 or fewer values.
    @Test func modelThroughTheGrammar() throws {
        let y = [10.0, 12, 13, 15, 14, 17, 19, 18, 21, 24]
        let model = try ModelSpec.parse("ces").model()
        #expect(model.name == "ces")
        let f = try model.fit(try Series(id: "s", firstYear: 2001, values: y)).forecast(.steps(6), levels: [80, 95])
        let lo80 = f.intervals[0].lower, hi80 = f.intervals[0].upper, lo95 = f.intervals[1].lower
        let hi95 = f.intervals[1].upper
        for h in 0..<6 {
            #expect(lo95[h] < lo80[h] && lo80[h] < f.mean[h] && f.mean[h] < hi80[h] && hi80[h] < hi95[h])
            if h > 0 { #expect(hi95[h] - lo95[h] > hi95[h - 1] - lo95[h - 1]) }
        }
        let scaled = try model.fit(try Series(id: "s", firstYear: 2001, values: y.map { $0 * 1e6 })).forecast(
            .steps(6), levels: [95])
        for (a, b) in zip(scaled.mean, f.mean) { #expect(abs(a / 1e6 - b) < 1e-6 * abs(b)) }
        let fitted = try ComplexSmoothingModel().fitCES(try Series(id: "s", firstYear: 2001, values: y))
        guard case let .complexSmoothing(a0, a1, _, _, sigma2) = fitted.parameters else {
            Issue.record("not CES parameters")
            return
        }
        #expect(CESRecursion.bounds.a0.contains(a0) && CESRecursion.bounds.a1.contains(a1))
        let sse = fitted.residuals.reduce(0) { $0 + $1 * $1 }
        #expect(abs(sigma2 - sse / 6) < 1e-9 * sigma2)
        // Three values: σ² is the mean squared change, (4 + 1)/2.
        let short = try ComplexSmoothingModel().fitCES(try Series(id: "t", firstYear: 2001, values: [5, 7, 6]))
        #expect(abs(short.residualVariance - 2.5) < 1e-9)
        #expect(throws: ForecastingError.self) {
            try ComplexSmoothingModel().fit(try Series(id: "u", firstYear: 2001, values: [5, 7]))
        }
    }
}
