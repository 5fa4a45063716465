import Foundation
import Testing

@testable import Forecasting

/// The model report's statistics against R (`Box.test`, `forecast::accuracy`; fixture from make_r_ljungbox.R).
@Suite("Model report: R's Box.test and accuracy()")
struct ModelReportTests {
    static func values(_ text: String) -> [Double] { text.split(separator: ";").compactMap { Double($0) } }

    @Test func ljungBoxMatchesR() throws {
        let table = try FixtureTable("r_ljungbox")
        var checked = 0
        for row in table.rows where row[table.column("lag")] != "0" {
            let x = Self.values(row[table.column("values")])
            let lag = Int(row[table.column("lag")]) ?? 0
            let (q, _, p) = ModelReport.ljungBox(x, lags: lag)
            let rq = table.double(row, "statistic"), rp = table.double(row, "p_value")
            #expect(abs(q - rq) <= 1e-9 * max(1, rq), "\(row[0]) lag \(lag): Q \(q) vs \(rq)")
            #expect(abs(p - rp) <= 1e-9, "\(row[0]) lag \(lag): p \(p) vs \(rp)")
            checked += 1
        }
        #expect(checked == 12)
        // Closed forms of the chi-squared CDF: 1 − e^(−x/2) on 2 degrees of freedom, erf on 1.
        #expect(abs(ChiSquared.cdf(3, degreesOfFreedom: 2) - (1 - exp(-1.5))) < 1e-14)
        #expect(abs(ChiSquared.cdf(2.5, degreesOfFreedom: 1) - erf((2.5 / 2).squareRoot())) < 1e-14)
        #expect(abs(ChiSquared.cdf(40, degreesOfFreedom: 10) - (1 - 1.6944744461e-5)) < 1e-12)
    }

    /// ME, RMSE, MAE, MPE, MAPE, MASE and ACF1 of the naive method and the random walk with drift, as R's accuracy().
    @Test func accuracyMatchesR() throws {
        let table = try FixtureTable("r_ljungbox")
        var checked = 0
        for row in table.rows where row[table.column("lag")] == "0" {
            let name = row[0]
            let x = Self.values(row[table.column("values")])
            let r = Self.values(row[table.column("statistic")])
            let model: any ForecastModel = name.hasSuffix("naive") ? NaiveModel() : DriftModel()
            let fitted = try model.fit(try Series(id: name, firstYear: 1, values: x))
            let a = ModelReport(fitted).accuracy
            for (ours, theirs) in zip([a.me, a.rmse, a.mae, a.mpe, a.mape, a.mase, a.acf1], r) {
                #expect(abs(ours - theirs) <= 1e-9 * max(1, abs(theirs)), "\(name): \(ours) vs R \(theirs)")
            }
            checked += 1
        }
        #expect(checked == 4)
    }

    /// A combination's report lists its members with their weights and estimates, and has no AICc (n/a), while a
    /// single form has one.
    @Test func reportsNameMembersWeightsAndCriteria() throws {
        let y = [120.0, 135, 131, 150, 162, 158, 171, 185, 190, 204, 199, 215, 230]
        let series = try Series(id: "s", firstYear: 2010, values: y)
        let combo = ModelReport(try ModelSpec.parse("auto").model().fit(series))
        #expect(combo.aicc == nil)
        #expect(combo.parameters.contains { $0.hasPrefix("theta, weight 0.2") }, "\(combo.parameters)")
        #expect(combo.parameters.contains { $0.contains("α = ") })
        #expect(combo.selection.contains("validation across corpora"))
        #expect(combo.residualACF.count == 3 && combo.ljungBox != nil)
        let holt = ModelReport(try ModelSpec.parse("holt").model().fit(series))
        #expect(holt.aicc?.isFinite == true)
        #expect(holt.parameters.first?.hasPrefix("ETS(A,A,N): α = ") == true, "\(holt.parameters)")
    }
}

/// The report's runner-up: the closest candidate a selection passed over, and by how much.
@Suite("Model report: the runner-up")
struct RunnerUpTests {
    static let series = try! Series(
        id: "s", firstYear: 1990,
        values: [
            3060.4, 3021.2, 3135.8, 3290.1, 3246.9, 3401.5, 3580.2, 3520.7, 3711.3, 3850.9, 3902.4, 4089.6, 4150.2,
            4322.8, 4299.1, 4480.5, 4611.0, 4705.3, 4689.9, 4850.1,
        ])

    /// ETS chosen by AICc names the second-best form; fitting that form alone gives the stated AICc difference.
    @Test func etsRunnerUpIsTheSecondSmallestAICc() throws {
        let chosen = try #require(
            try ExponentialSmoothing(selection: .best, scales: .data).fit(Self.series) as? FittedETS)
        let text = try #require(chosen.runnerUp)
        let code = try #require(text.split(separator: "(").dropFirst().first?.split(separator: ")").first)
        let parts = code.split(separator: ",").map(String.init)
        let form = ETSForm(
            error: try #require(ETSForm.ErrorType(rawValue: parts[0])),
            trend: try #require(ETSForm.TrendType(rawValue: parts[1])))
        #expect(form != chosen.lead.form)
        let stated = try #require(Double(text.split(separator: " ").last ?? ""))
        let alone = try #require(
            try ExponentialSmoothing(selection: .fixed(form), scales: .data).fit(Self.series) as? FittedETS)
        #expect(stated > 0 && abs((alone.lead.rAICc - chosen.lead.rAICc) - stated) < 0.006, "\(text)")
        #expect(ModelReport(chosen).parameters.contains { $0.contains("runner-up \(text)") })
    }

    /// auto.arima names the best other order of its search; refitting both gives the stated AICc difference.
    @Test func arimaRunnerUpIsTheBestOtherOrderSearched() throws {
        let chosen = try #require(
            try ARIMAModel(selection: .automatic(maxDifferences: 2)).fit(Self.series) as? FittedARIMA)
        let text = try #require(chosen.runnerUp)
        let digits = text.drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }.split(separator: ",").compactMap {
            Int($0)
        }
        let order = ARIMAOrder(
            p: digits[0], d: digits[1], q: digits[2], constant: text.contains("drift") || text.contains("mean"))
        #expect(order != chosen.order)
        let stated = try #require(Double(text.split(separator: " ").last ?? ""))
        let alone = try #require(try ARIMAModel(selection: .fixed(order)).fit(Self.series) as? FittedARIMA)
        #expect(stated > 0 && abs((alone.aicc - chosen.aicc) - stated) < 0.05, "\(text): \(alone.aicc - chosen.aicc)")
        // A fixed order was not chosen: no runner-up.
        #expect(try (ARIMAModel(selection: .fixed(order)).fit(Self.series) as? FittedARIMA)?.runnerUp == nil)
    }
}
