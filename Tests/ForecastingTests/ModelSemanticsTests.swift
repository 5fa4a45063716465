import Foundation
import Testing

@testable import Forecasting

@Suite("Model semantics: closed forms")
struct ModelSemanticsTests {
    /// AIC = −2 log L + 2k, AICc adds 2k(k+1)/(n−k−1), BIC = −2 log L + k log n.
    @Test func informationCriteria() throws {
        let series = try Series(id: "s", firstYear: 2001, values: [3.1, 4.7, 4.2, 6.9, 9.4, 8.8, 10.1])
        let fitted = try #require(try TrendRegression.linear.fit(series).likelihood)
        let k = 3.0, n = 7.0, ll = fitted.logLikelihood
        #expect(fitted.parameterCount == 3)
        #expect(abs(fitted.aic - (-2 * ll + 2 * k)) < 1e-12)
        #expect(abs(fitted.aicc - (fitted.aic + 2 * k * (k + 1) / (n - k - 1))) < 1e-12)
        #expect(abs(fitted.bic - (-2 * ll + k * log(n))) < 1e-12)
        // Gaussian log-likelihood at the MLE variance RSS/n.
        let rss = fitted.residuals.reduce(0) { $0 + $1 * $1 }
        #expect(abs(ll - (-n / 2 * (log(2 * Double.pi * rss / n) + 1))) < 1e-10)
        // Fitted + residual = data.
        for (i, v) in series.values.enumerated() {
            #expect(abs(fitted.fittedValues[i] + fitted.residuals[i] - v) < 1e-12)
        }
        // Too few points for AICc: infinite, not a crash.
        let three = try TrendRegression.linear.fit(try Series(id: "t", firstYear: 1, values: [1, 2, 4]))
        #expect(three.likelihood?.aicc == .infinity)
        // A combination claims no likelihood of its own, nor does a mixture of ETS forms; one form does.
        let longer = try Series(
            id: "c", firstYear: 2001, values: [3.1, 4.7, 4.2, 6.9, 9.4, 8.8, 10.1, 11.4, 12.0, 13.9])
        #expect(try CombinationModel().fit(longer).likelihood == nil)
        #expect(try ModelCatalog.model(named: "auto").fit(longer).likelihood == nil)
        #expect(try ExponentialSmoothing().fit(longer).likelihood == nil)
        let single = try #require(try ModelCatalog.model(named: "ets:AAN").fit(longer).likelihood)
        #expect(single.aicc.isFinite && single.parameterCount == 5)
    }

    /// Drift on unequally spaced data: times 0, 1, 3 and values 0, 3, 6 give b = 2, increments 3 and 3 over gaps
    /// 1 and 2, scaled residuals (3 − 2)²/1 + (3 − 4)²/2 = 1.5 over m − 1 = 1, se(b)² = 1.5/3; one year after the
    /// last point: mean 8, variance 1.5·1 + 1²·0.5 = 2.
    @Test func driftOnUnequalSpacing() throws {
        let series = try Series(
            id: "u", periods: [Period(.decimal(2000.25)), Period(.decimal(2001.25)), Period(.decimal(2003.25))],
            values: [0, 3, 6])
        let fitted = try DriftModel().fit(series)
        #expect(abs(fitted.residualVariance - 1.5) < 1e-12)
        let (mean, intervals) = fitted.predict(at: [2004.25], levels: [95])
        #expect(abs(mean[0] - 8) < 1e-12)
        let z = Normal.quantile(0.975)
        #expect(abs(intervals[0].upper[0] - (8 + z * 2.0.squareRoot())) < 1e-12)
    }

    /// The naive method half a year after a mid-year observation: variance σ²·0.5.
    @Test func naiveAtFractionalHorizon() throws {
        let series = try Series(
            id: "n", periods: [.year(2020), .year(2021), Period(.date(year: 2022, month: 6, day: 30))],
            values: [10, 12, 11], anchor: .end)
        // Times: 2021.0, 2022.0, 2022.496; year-end anchor puts the next whole year (2022) at 2023.0.
        let periods = try series.forecastPeriods(.through(year: 2023))
        #expect(periods == [.year(2022), .year(2023)])
        let fitted = try NaiveModel().fit(series)
        let forecast = try fitted.forecast(.through(year: 2022), levels: [80])
        #expect(forecast.mean == [11])
        let gap1 = series.times[1] - series.times[0], gap2 = series.times[2] - series.times[1]
        let sigma2 = (4 / gap1 + 1 / gap2) / 2
        let tau = 2023.0 - series.times[2]
        let z = Normal.quantile(0.9)
        #expect(abs(forecast.intervals[0].upper[0] - (11 + z * (sigma2 * tau).squareRoot())) < 1e-12)
    }

    @Test func seriesValidation() {
        #expect(throws: ForecastingError.duplicatePeriod(series: "d", period: "2021")) {
            try Series(id: "d", periods: [.year(2021), .year(2020), .year(2021)], values: [1, 2, 3])
        }
        #expect(throws: ForecastingError.nonFiniteValue(series: "f", period: "2020")) {
            try Series(id: "f", periods: [.year(2020)], values: [.infinity])
        }
        #expect(throws: ForecastingError.tooShort(series: "s", model: "drift", needed: 3, got: 2)) {
            try DriftModel().fit(try Series(id: "s", firstYear: 2020, values: [1, 2]))
        }
        #expect(throws: ForecastingError.nonPositive(series: "p", model: "loglinear", period: "2021", value: 0)) {
            try TrendRegression.loglinear.fit(try Series(id: "p", firstYear: 2020, values: [1, 0, 2]))
        }
        #expect(throws: ForecastingError.targetNotAfterData(series: "s", target: "2021", last: "2022")) {
            try Series(id: "s", firstYear: 2020, values: [1, 2, 3]).forecastPeriods(.through(year: 2021))
        }
    }

    /// Times that cannot identify the trend (a grid with every observation at one time, which a `Series` itself
    /// refuses) are a clear error from the batch path, not garbage coefficients.
    @Test func constantTimeIsANumericalError() throws {
        #expect(throws: ForecastingError.self) {
            try TrendRegressionBatch(model: .linear, times: [2020, 2020, 2020], seriesLabel: "c")
        }
        // Distinct but very close times are still identified once time is centred and scaled.
        let close = try Series(
            id: "c", periods: [Period(.decimal(2020.1)), Period(.decimal(2020.100001)), Period(.decimal(2020.100002))],
            values: [1, 2, 3.5])
        #expect(try TrendRegression.linear.fit(close).residualVariance > 0)
    }

    @Test func periodsParseAndPrint() {
        #expect(Period.parse("2022") == .year(2022))
        #expect(Period.parse(" 2023-06-30 ")?.description == "2023-06-30")
        #expect(Period.parse("2023.5")?.time() == 2023.5)
        #expect(Period.parse("2024-02-29") != nil && Period.parse("2023-02-29") == nil)
        #expect(Period.parse("2023-6-30") == nil && Period.parse("twenty") == nil && Period.parse("") == nil)
        #expect(abs((Period.parse("2023-12-31")?.time() ?? 0) - 2024) < 1e-12)
        #expect(Period.year(2023).time(anchor: .end) == 2024)
        #expect(CalendarDay.parse("2023") == CalendarDay(year: 2023, month: 12, day: 31))
    }

    /// The batch path gives exactly the single-series numbers, and reports failures per series.
    /// The batch path (one multi-right-hand-side least-squares pass per group of series) against the closed form of
    /// simple regression, computed here from sums: b = Sxy/Sxx, a = ȳ − b·t̄, se = s·√(1 + 1/n + (t₀ − t̄)²/Sxx), t
    /// quantiles with n − 2 degrees of freedom (on log y for `loglinear`); and single-series fits of the quadratic.
    @Test func batchAgreesWithSingleSeries() throws {
        let a = try Series(id: "a", firstYear: 2001, values: [1, 3, 2, 5, 4, 6])
        let b = try Series(id: "b", firstYear: 2001, values: [10, 9, 9.5, 7, 6, 6.5])
        let c = try Series(id: "c", firstYear: 2003, values: [2, 2.5, 4, 3.5])
        let bad = try Series(id: "bad", firstYear: 2001, values: [1, -1, 2, 3, 4, 5])
        func closedForm(_ s: Series, logScale: Bool) -> (mean: [Double], lo95: [Double], hi95: [Double]) {
            let y = logScale ? s.values.map { Foundation.log($0) } : s.values, t = s.times, n = Double(s.count)
            let tbar = t.reduce(0, +) / n, ybar = y.reduce(0, +) / n
            let sxx = t.reduce(0) { $0 + ($1 - tbar) * ($1 - tbar) }
            let sxy = zip(t, y).reduce(0) { $0 + ($1.0 - tbar) * ($1.1 - ybar) }
            let slope = sxy / sxx, intercept = ybar - slope * tbar
            let rss = zip(t, y).reduce(0) { $0 + pow($1.1 - intercept - slope * $1.0, 2) }
            let sigma = (rss / (n - 2)).squareRoot(), q = StudentT.quantile(0.975, degreesOfFreedom: n - 2)
            let future = (1...3).map { (t.last ?? 0) + Double($0) }
            let m = future.map { intercept + slope * $0 }
            let se = future.map { sigma * (1 + 1 / n + ($0 - tbar) * ($0 - tbar) / sxx).squareRoot() }
            let back: (Double) -> Double = { logScale ? Foundation.exp($0) : $0 }
            return (m.map(back), zip(m, se).map { back($0 - q * $1) }, zip(m, se).map { back($0 + q * $1) })
        }
        for model in [TrendRegression.linear, .loglinear, .quadratic] as [TrendRegression] {
            let forecaster = try BatchForecaster(model: model, horizon: .steps(3), levels: [80, 95], threads: 2)
            let result = forecaster.run([a, b, c, bad])
            #expect(result.successCount == (model.logScale ? 3 : 4))
            if model.logScale { #expect(result.failures.first?.seriesID == "bad") }
            for (i, s) in [a, b, c].enumerated() {
                guard case let .success(position) = result.outcomes[i] else {
                    Issue.record("no forecast for \(s.id)"); continue
                }
                let fromBatch = result.blocks[position.block].forecast(position.column)
                if model.degree == 1 {
                    let want = closedForm(s, logScale: model.logScale)
                    for h in 0..<3 {
                        #expect(
                            abs(fromBatch.mean[h] - want.mean[h]) <= 1e-9 * abs(want.mean[h]), "\(model.name) \(s.id)")
                        #expect(
                            abs(fromBatch.intervals[1].lower[h] - want.lo95[h]) <= 1e-9 * abs(want.mean[h]),
                            "\(model.name) \(s.id)")
                        #expect(
                            abs(fromBatch.intervals[1].upper[h] - want.hi95[h]) <= 1e-9 * abs(want.mean[h]),
                            "\(model.name) \(s.id)")
                    }
                } else {
                    #expect(fromBatch == (try model.fit(s).forecast(.steps(3), levels: [80, 95])))
                }
            }
        }
    }
}
