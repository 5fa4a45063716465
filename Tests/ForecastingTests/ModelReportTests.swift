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
