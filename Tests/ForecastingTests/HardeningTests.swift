import Foundation
import Testing

@testable import Forecasting

/// Inputs that used to trap or hang (issue: hardening): they now give a typed error or an answer.
@Suite("Hardening: no trap, no hang")
struct HardeningTests {
    /// Periods are limited to the years −9999…9999: larger decimal years, years and `--as-of` days are refused
    /// (they trapped converting to Int, or looped forever finding the next whole year after 10¹⁷).
    @Test func periodsOutsideTheValidYearsAreRefused() throws {
        for text in [
            "1e19", "10000000000000000000.0", "99999999999999999999.5", "100000000000000000.5", "10000",
            "-10000", "10000.5", "123456789",
        ] {
            #expect(Period.parse(text) == nil, "\(text)")
        }
        #expect(Period.parse("9999") == .year(9999) && Period.parse("-9999") == .year(-9999))
        #expect(Period.parse("9999.5")?.time() == 9999.5)
        #expect(CalendarDay.parse("99999999999999999999.5") == nil)
        #expect(throws: ForecastingError.periodOutOfRange(series: "s", period: "100000")) {
            try Series(id: "s", periods: [.year(2001), .year(100_000)], values: [1, 2])
        }
        #expect(throws: ForecastingError.periodOutOfRange(series: "s", period: "1e+20")) {
            try Series(id: "s", periods: [.year(2001), Period(.decimal(1e20))], values: [1, 2])
        }
        // A period built in code outside the range has a last day at the end of time, not a trap.
        #expect(Period(.decimal(1e300)).lastDay.year == Int.max)
        let s = try Series(id: "s", firstYear: 9990, values: [1, 2, 3, 4])
        #expect(try s.forecastPeriods(.steps(3)).map(\.description) == ["9994", "9995", "9996"])
    }

    /// Values near the top of the Double range make the initial states infinite; Nelder–Mead returns at once instead
    /// of trying steps that cannot move an infinite coordinate (it spun forever), and the fit fails with a reason.
    @Test func infiniteStartsEndTheSearch() throws {
        let result = NelderMead().minimize([0.2, .infinity]) { $0[0] * $0[0] }
        #expect(!result.converged && result.evaluations == 0)
        let series = try Series(id: "h", firstYear: 2001, values: [1e308, 1e308, 1, 2, 3])
        let start = ContinuousClock.now
        for name in ["ses", "holt", "damped", "theta", "ets", "auto", "combo", "arima"] {
            _ = try? ModelSpec.parse(name).model().fit(series)
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        // On the data as given the search fails with a reason; the models of the grammar fit the data brought to a
        // safe magnitude by a power of ten (MagnitudeScaled), where it succeeds.
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("ses").familyModel(seed: 42).fit(series) }
        let fitted = try ModelSpec.parse("ses").model().fit(series)
        #expect(try fitted.forecast(.steps(2)).mean.allSatisfy(\.isFinite))
    }

    /// Bounds that are not finite numbers are said in a note for that series (they were a silent NA), on the batch
    /// path of the regressions and on the others (or the series fails with a reason); one observation, which has no
    /// interval by design, keeps its own note.
    @Test func nonFiniteForecastsAreSaid() throws {
        let huge = try Series(id: "huge", firstYear: 2001, values: [1e308, -1e308, 1e308, 1, 5])
        let single = try Series(id: "one", firstYear: 2001, values: [3])
        let fine = try Series(id: "fine", firstYear: 2001, values: [1, 2, 3, 4, 6])
        for model in [TrendRegression.linear, DriftModel(), NaiveModel(), AutomaticModel()] as [any ForecastModel] {
            let result = try BatchForecaster(model: model, horizon: .steps(2), threads: 1).run([huge, single, fine])
            let said = result.notes.filter { $0.text.contains(BatchForecaster.notFiniteNote) }.map(\.seriesID)
            #expect(said == ["huge"] || result.failures.map(\.seriesID) == ["huge"], "\(model.name): \(said)")
        }
    }
}

/// The pieces behind the hostile grid (issue: hardening, absurd or zero-width bands).
@Suite("Hardening: bands that say something")
struct BandHardeningTests {
    /// A series outside 10⁻⁶⁰…10⁶⁰ is fitted times a power of ten and mapped back: forecasts, fitted values,
    /// estimates (levels × c, variances × c²) and the log-likelihood (− n·log c) of the series in ordinary units.
    @Test func rescaledFitsAnswerInTheDataUnits() throws {
        let y = [940.66, 1084.86, 1244.98, 1445.02, 1683.17, 2038.15, 2342.52, 2602.45, 2927.87, 3103.96]
        let plain = try Series(id: "s", firstYear: 2001, values: y)
        let tiny = try Series(id: "s", firstYear: 2001, values: y.map { $0 * 1e-250 })
        #expect(MagnitudeScaled.exponent(plain.values) == 0 && MagnitudeScaled.exponent(tiny.values) == 247)
        for name in ["ses", "arima:1,1,0", "drift", "linear", "otm"] {
            let spec = try ModelSpec.parse(name)
            let a = try spec.familyModel(seed: 42).fit(plain)
            let b = try spec.model(seed: 42).fit(tiny)
            let fa = try a.forecast(.steps(3)), fb = try b.forecast(.steps(3))
            for k in 0..<3 {
                #expect(abs(fb.mean[k] / 1e-250 - fa.mean[k]) <= 1e-6 * abs(fa.mean[k]), "\(name)")
                let wa = fa.intervals[1].upper[k] - fa.intervals[1].lower[k]
                let wb = fb.intervals[1].upper[k] - fb.intervals[1].lower[k]
                #expect(wa > 0 && abs(wb / 1e-250 - wa) <= 1e-6 * wa, "\(name): \(wa) vs \(wb / 1e-250)")
            }
            #expect(abs(b.fittedValues.last! / 1e-250 - a.fittedValues.last!) <= 1e-6 * abs(a.fittedValues.last!))
            if let la = a.likelihood, let lb = b.likelihood {
                let shift = -Double(lb.effectiveObservations) * log(1e-250)
                #expect(abs(lb.logLikelihood - shift - la.logLikelihood) <= 1e-6 * abs(la.logLikelihood), "\(name)")
            }
        }
        // The estimates in the data's units (at 1e-100, where a variance, in squared units, is still a Double).
        let small = try Series(id: "s", firstYear: 2001, values: y.map { $0 * 1e-100 })
        let ses = ExponentialSmoothing(selection: .fixed(ETSForm(error: .additive, trend: .none)))
        guard case let .exponentialSmoothing(p) = try ModelSpec.parse("ses").model().fit(small).parameters,
            case let .exponentialSmoothing(q) = try ses.fit(plain).parameters
        else {
            Issue.record("not an exponential-smoothing fit")
            return
        }
        #expect(abs(p.initialLevel / 1e-100 - q.initialLevel) <= 1e-6 * q.initialLevel)
        #expect(abs(p.sigma2 / 1e-200 - q.sigma2) <= 1e-5 * q.sigma2, "\(p.sigma2) vs \(q.sigma2)")
    }

    /// The screen does not turn a series into a constant: 0, 0, 0, 100, 0, 0 keeps its spike (a band of no width
    /// followed), while a spike on a series that varies is still replaced.
    @Test func theScreenLeavesSomeVariation() throws {
        let spike = try Series(id: "s", firstYear: 2001, values: [0, 0, 0, 100, 0, 0])
        #expect(OutlierScreen().screened(spike) == nil)
        let varied = try Series(id: "v", firstYear: 2001, values: [10, 11, 12, 90, 14, 15, 16, 17])
        #expect(OutlierScreen().screened(varied)?.replaced == [3])
    }

    /// The optimised Theta methods on 4–6 values, which their three estimates fit exactly, still give bands: σ² of
    /// the random walk, the mean squared change (closed form: 3, 5, 4, 6 gives (4 + 1 + 4)/3 = 3, so the one-step
    /// band is μ ± 1.96·√3).
    @Test func optimisedThetaOnFewValuesHasBands() throws {
        for values in [[99.9, 99.95, 99.99, 99.999, 99.9999], [1e-12, 5, 6, 7, 8, 9], [3, 5, 4, 6]] {
            for variant in [OptimizedThetaModel.Variant.optimized, .dynamic] {
                let f = try OptimizedThetaModel(variant: variant).fit(
                    try Series(id: "s", firstYear: 2001, values: values)
                ).forecast(.steps(2))
                #expect(f.intervals[1].upper[0] > f.intervals[1].lower[0], "\(variant) \(values)")
                if values == [3, 5, 4, 6] {
                    let half = (f.intervals[1].upper[0] - f.intervals[1].lower[0]) / 2
                    #expect(abs(half - Normal.quantile(0.975) * 3.0.squareRoot()) < 1e-9, "\(variant): \(half)")
                }
            }
        }
    }

    /// A mixture of laws in units of 10⁻⁴⁰ is solved as one in units: its bands nest and hold the mixture's quantiles
    /// (the solver's tolerance was absolute, so it stopped at once below 1e-12).
    @Test func tinyMixturesAreSolved() throws {
        for unit in [1.0, 1e-40, 1e-200] {
            // Members known by their CDF (a combination), and parametric components (ETS forms).
            let members = Mixture(equallyWeighted: [
                NormalLaw(mean: 1 * unit, sd: 0.5 * unit), NormalLaw(mean: 3 * unit, sd: 0.2 * unit),
            ])
            var forms = Mixture(equallyWeighted: [])
            forms.normals = [
                .init(mean: 1 * unit, sd: 0.5 * unit, weight: 0.5), .init(mean: 3 * unit, sd: 0.2 * unit, weight: 0.5),
            ]
            for mixture in [members, forms] {
                let i80 = mixture.interval(level: 80), i95 = mixture.interval(level: 95)
                #expect(i95.lower < i80.lower && i80.lower < i80.upper && i80.upper < i95.upper, "\(unit)")
                #expect(abs(mixture.cdf(i80.upper) - 0.9) < 1e-8, "\(unit): \(mixture.cdf(i80.upper))")
                #expect(abs(mixture.cdf(i95.lower) - 0.025) < 1e-8, "\(unit): \(mixture.cdf(i95.lower))")
            }
        }
    }
}

/// The per-series watchdog (issue: hardening, bounded work).
@Suite("Hardening: a time limit per series")
struct WatchdogTests {
    /// The limit is per thread and nests; without one nothing has passed.
    @Test func deadlinesArePerRunAndNest() {
        #expect(!SeriesDeadline.passed())
        let (inner, expired) = SeriesDeadline.run(seconds: 0) { SeriesDeadline.passed() }
        #expect(inner && expired)
        let (outer, _) = SeriesDeadline.run(seconds: 3600) { () -> Bool in
            _ = SeriesDeadline.run(seconds: 0) { SeriesDeadline.passed() }
            return SeriesDeadline.passed()
        }
        #expect(!outer)
        #expect(!SeriesDeadline.passed())
    }

    /// A series whose fit passes the limit is a typed failure naming it, and the batch writes the others: under a
    /// limit of a nanosecond every iterative fit stops at its first check, while the one-observation series (no
    /// iteration) answers.
    @Test func aSlowSeriesFailsAndTheOthersAreWritten() throws {
        let long = try Series(
            id: "long", firstYear: 1990, values: (0..<30).map { 100 + Double($0) * 3 + sin(Double($0)) * 5 })
        let one = try Series(id: "one", firstYear: 2001, values: [4])
        var batch = try BatchForecaster(model: ModelSpec.parse("auto").model(), horizon: .steps(3), threads: 1)
        batch.seriesTimeLimit = 1e-9
        let result = batch.run([long, one])
        #expect(result.failures == [.timedOut(series: "long", model: "auto", seconds: 1e-9)])
        #expect(result.successCount == 1)
        batch.seriesTimeLimit = nil
        #expect(batch.run([long, one]).successCount == 2)
        #expect(ForecastingError.timedOut(series: "long", model: "ets", seconds: 60).description.contains("60 seconds"))
    }
}
