import Foundation
import Testing

@testable import Forecasting

private let etsSeries = FixtureTable.seriesValues("r_ets_series")

private let fitRows: [(String, String)] = {
    guard let table = try? FixtureTable("r_ets_fits") else { return [] }
    return table.rows.map { ($0[table.column("series")], $0[table.column("form")]) }
}()

@Suite("ETS and Theta against R forecast 8.20")
struct ETSParityTests {
    /// Log-likelihood and AICc of each fixed form within 1e-4 relative of R `ets(model = …)`.
    @Test(arguments: fitRows)
    func likelihoodMatchesR(series name: String, form code: String) throws {
        let table = try FixtureTable("r_ets_fits")
        let row = try #require(
            table.rows.first { $0[table.column("series")] == name && $0[table.column("form")] == code })
        let values = try #require(etsSeries[name])
        let form = try #require(ETSForm.parse(code))
        let fitted = try ExponentialSmoothing(selection: .fixed(form)).fitETS(
            try Series(id: name, firstYear: 1, values: values))
        let wantLL = table.double(row, "loglik"), wantAICc = table.double(row, "aicc")
        // Where R's optimum is not the best one (its optimiser stopped early) ours may be higher, never lower.
        #expect(
            fitted.lead.rLogLikelihood >= wantLL - 1e-4 * abs(wantLL),
            "\(name) \(code): \(fitted.lead.rLogLikelihood) vs R \(wantLL)")
        #expect(
            relativelyClose(fitted.lead.rLogLikelihood, wantLL, 1e-4) || fitted.lead.rLogLikelihood > wantLL,
            "\(name) \(code): \(fitted.lead.rLogLikelihood) vs R \(wantLL)")
        if relativelyClose(fitted.lead.rLogLikelihood, wantLL, 1e-4) {
            #expect(
                relativelyClose(fitted.lead.rAICc, wantAICc, 1e-4),
                "\(name) \(code) AICc \(fitted.lead.rAICc) vs R \(wantAICc)")
        }
    }

    /// Theta forecasts and intervals equal R `thetaf` to 1e-6; additive ETS forecasts follow R's where the
    /// likelihoods agree.
    @Test func thetaMatchesR() throws {
        let table = try FixtureTable("r_ets_forecasts")
        var checked = 0
        for name in etsSeries.keys.sorted() {
            let values = try #require(etsSeries[name])
            let rows = table.rows.filter { $0[table.column("series")] == name && $0[table.column("model")] == "theta" }
            let forecast = try ThetaModel().fit(try Series(id: name, firstYear: 1, values: values)).forecast(.steps(6))
            for (h, row) in rows.enumerated() {
                let got = [
                    forecast.mean[h], forecast.intervals[0].lower[h], forecast.intervals[0].upper[h],
                    forecast.intervals[1].lower[h], forecast.intervals[1].upper[h],
                ]
                let want = ["mean", "lo80", "hi80", "lo95", "hi95"].map { table.double(row, $0) }
                for (g, w) in zip(got, want) {
                    #expect(relativelyClose(g, w, 1e-6), "\(name) theta h=\(h + 1): \(g) vs R \(w)")
                    checked += 1
                }
            }
        }
        #expect(checked == 12 * 30)
    }
}

@Suite("Additive ETS forecasts against R")
struct ETSForecastParityTests {
    /// Where our likelihood equals R's to 1e-7 (the same optimum), the additive-error forecasts and their
    /// analytic 80/95% intervals equal R's `forecast(ets(...))` to 1e-4.
    @Test func additiveForecastsMatchRAtTheSameOptimum() throws {
        let fits = try FixtureTable("r_ets_fits")
        let forecasts = try FixtureTable("r_ets_forecasts")
        var compared = 0
        for row in fits.rows where row[fits.column("form")].hasPrefix("A") {
            let name = row[fits.column("series")], code = row[fits.column("form")]
            guard let values = etsSeries[name], let form = ETSForm.parse(code) else { continue }
            let fitted = try ExponentialSmoothing(selection: .fixed(form)).fitETS(
                try Series(id: name, firstYear: 1, values: values))
            guard relativelyClose(fitted.lead.rLogLikelihood, fits.double(row, "loglik"), 1e-7) else { continue }
            let forecast = try fitted.forecast(.steps(6))
            let rows = forecasts.rows.filter {
                $0[forecasts.column("series")] == name && $0[forecasts.column("model")] == "ets:\(code)"
            }
            for (h, r) in rows.enumerated() {
                let got = [
                    forecast.mean[h], forecast.intervals[0].lower[h], forecast.intervals[0].upper[h],
                    forecast.intervals[1].lower[h], forecast.intervals[1].upper[h],
                ]
                let want = ["mean", "lo80", "hi80", "lo95", "hi95"].map { forecasts.double(r, $0) }
                for (g, w) in zip(got, want) {
                    #expect(
                        relativelyClose(g, w, 1e-4, scale: abs(want[0])), "\(name) \(code) h=\(h + 1): \(g) vs \(w)")
                }
            }
            compared += 1
        }
        #expect(compared >= 10)
    }
}
