import Foundation
import Testing

@testable import Forecasting

/// Fixture series and their R forecasts (`Fixtures/make_r_fixtures.R`, R forecast 8.20).
private let fixtureSeries = FixtureTable.seriesValues("r_series")

private let modelNames = ["naive", "drift", "mean", "linear", "quadratic", "loglinear"]

private let cases: [(String, String)] = {
    guard let table = try? FixtureTable("r_forecasts") else { return [] }
    var seen = Set<String>(), out: [(String, String)] = []
    for row in table.rows {
        let key = row[table.column("series")] + "/" + row[table.column("model")]
        if seen.insert(key).inserted { out.append((row[table.column("series")], row[table.column("model")])) }
    }
    return out
}()

@Suite("Parity with R forecast 8.20")
struct RParityTests {
    @Test func fixturesAreLoaded() {
        #expect(fixtureSeries.count == 9)
        #expect(cases.count >= 45)
    }

    /// Means and 80/95% bounds equal R's to 1e-8 relative for h = 1…6.
    @Test(arguments: cases)
    func forecastsMatchR(series name: String, model modelName: String) throws {
        let table = try FixtureTable("r_forecasts")
        let expected = table.rows.filter {
            $0[table.column("series")] == name && $0[table.column("model")] == modelName
        }
        let values = try #require(fixtureSeries[name])
        let series = try Series(id: name, firstYear: 1, values: values)
        let fitted = try ModelCatalog.model(named: modelName).fit(series)
        let forecast = try fitted.forecast(.steps(6), levels: [80, 95])
        #expect(forecast.periods.map(\.description) == (values.count + 1...values.count + 6).map(String.init))
        let scale = values.map(abs).max() ?? 1
        for (h, row) in expected.enumerated() {
            let got = [
                forecast.mean[h], forecast.intervals[0].lower[h], forecast.intervals[0].upper[h],
                forecast.intervals[1].lower[h], forecast.intervals[1].upper[h],
            ]
            let want = ["mean", "lo80", "hi80", "lo95", "hi95"].map { table.double(row, $0) }
            for (g, w) in zip(got, want) {
                #expect(
                    relativelyClose(g, w, 1e-8, scale: scale * 1e-6), "\(name) \(modelName) h=\(h + 1): \(g) vs R \(w)")
            }
        }
    }

    /// Log-likelihoods of the regressions equal R's `logLik(tslm(...))`; the log model adds the Jacobian.
    @Test func regressionLogLikelihoodsMatchR() throws {
        let table = try FixtureTable("r_loglik")
        #expect(table.rows.count >= 20)
        for row in table.rows {
            let name = row[table.column("series")], modelName = row[table.column("model")]
            let values = try #require(fixtureSeries[name])
            let fitted = try ModelCatalog.model(named: modelName).fit(
                try Series(id: name, firstYear: 1, values: values))
            var want = table.double(row, "loglik")
            if modelName == "loglinear" { want -= values.reduce(0) { $0 + log($1) } }
            let likelihood = try #require(fitted.likelihood, "\(name) \(modelName)")
            #expect(relativelyClose(likelihood.logLikelihood, want, 1e-9), "\(name) \(modelName)")
            #expect(likelihood.parameterCount == Int(table.double(row, "df")))
            #expect(relativelyClose(fitted.residualVariance.squareRoot(), table.double(row, "sigma"), 1e-9))
        }
    }

    /// Normal and Student-t quantiles equal R's `qnorm` and `qt`.
    @Test func quantilesMatchR() throws {
        let table = try FixtureTable("r_quantiles")
        #expect(table.rows.count == 100)
        for row in table.rows {
            let p = table.double(row, "p"), df = table.double(row, "df"), want = table.double(row, "q")
            let got = df.isInfinite ? Normal.quantile(p) : StudentT.quantile(p, degreesOfFreedom: df)
            // At p = 0.5 + 1e-7 the rounding of p itself (1e-16) is 1e-9 of p − 0.5, so neither R nor we can be
            // closer than that; everywhere else the quantiles agree to 1e-11.
            let tolerance = abs(want) < 1e-5 ? 1e-8 : 1e-11
            #expect(relativelyClose(got, want, tolerance), "p=\(p) df=\(df): \(got) vs R \(want)")
        }
    }
}

@Suite("Distributions: closed forms")
struct DistributionClosedFormTests {
    @Test func normalQuantileInvertsTheCDF() {
        for p in [1e-12, 1e-6, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999, 1 - 1e-9] {
            #expect(relativelyClose(Normal.cdf(Normal.quantile(p)), p, 1e-13), "p=\(p)")
        }
        #expect(Normal.quantile(0.5) == 0)
        #expect(Normal.quantile(0) == -.infinity && Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(1.5).isNaN)
    }

    /// t with 1 df is Cauchy, with 2 df has the closed form (2p − 1)/√(2p(1 − p)); the general path agrees
    /// with both when asked for ν = 1 + 1e-12 and 2 + 1e-12.
    @Test func studentTClosedForms() {
        for p in [0.01, 0.1, 0.4, 0.6, 0.9, 0.975] {
            #expect(relativelyClose(StudentT.quantile(p, degreesOfFreedom: 1), tan(Double.pi * (p - 0.5)), 1e-12))
            #expect(
                relativelyClose(
                    StudentT.quantile(p, degreesOfFreedom: 2), (2 * p - 1) / (2 * p * (1 - p)).squareRoot(), 1e-12))
            #expect(
                relativelyClose(
                    StudentT.quantile(p, degreesOfFreedom: 2 + 1e-12),
                    (2 * p - 1) / (2 * p * (1 - p)).squareRoot(), 1e-9))
            #expect(
                relativelyClose(StudentT.cdf(StudentT.quantile(p, degreesOfFreedom: 7), degreesOfFreedom: 7), p, 1e-12))
        }
    }
}
