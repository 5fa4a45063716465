import Foundation
import Testing

@testable import Forecasting
@testable import Planning

/// A small dataset written to a temporary folder.
struct MiniDataset {
    let folder: URL

    init(indicators: [String], observations: [String], targets: [String] = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tj-mini-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ind =
            "indicator_id,name,unit,direction,lower_bound,upper_bound,kind,annual_anchor,plan_indicator\n"
            + indicators.joined(separator: "\n") + "\n"
        let obs =
            "indicator_id,period,value,unit,source_url,source_title,notes,confidence,basis\n"
            + observations.joined(separator: "\n") + "\n"
        let tg =
            "indicator_id,baseline_year,baseline_value,target_year,target_value,source_url,notes\n"
            + targets.joined(separator: "\n") + "\n"
        try ind.write(to: folder.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        try obs.write(to: folder.appendingPathComponent("observations.csv"), atomically: true, encoding: .utf8)
        try tg.write(to: folder.appendingPathComponent("plan_targets.csv"), atomically: true, encoding: .utf8)
    }

    func load() throws -> IndicatorDataset { try IndicatorDataset.load(name: "mini", folder: folder.path) }
    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// `id,period,value,u,http://x,t,n,confidence,basis`.
    static func row(
        _ id: String, _ period: String, _ value: Double, confidence: String = "high", basis: String = "annual"
    ) -> String {
        "\(id),\(period),\(value),u,http://example.org,title,notes,\(confidence),\(basis)"
    }
}

@Suite("Planning: indicator semantics")
struct IndicatorSemanticsTests {
    /// Several rows for one period: the highest confidence wins, then the row listed last; the provenance says why.
    @Test func duplicatePeriodsFollowTheDocumentedRule() throws {
        let mini = try MiniDataset(
            indicators: ["rate,Rate,%,higher,0,100,level,end,yes"],
            observations: [
                MiniDataset.row("rate", "2020", 10, confidence: "high"),
                MiniDataset.row("rate", "2020", 11, confidence: "medium"),
                MiniDataset.row("rate", "2021", 12, confidence: "medium"),
                MiniDataset.row("rate", "2021", 13, confidence: "medium"),
                MiniDataset.row("rate", "2022", 14),
            ])
        defer { mini.remove() }
        let data = try mini.load()
        #expect(try data.series("rate").values == [10, 13, 14])
        let why = try data.provenance("rate")
        #expect(why.map(\.used) == [true, false, false, true, true])
        #expect(why[1].reason.contains("higher confidence (high)"))
        #expect(why[2].reason.contains("same confidence and is listed later"))
        #expect(why[3].reason.contains("listed last"))
    }

    /// A flow's dated value must be a year-to-date figure and is never used; a level's dated value is a real
    /// observation inside the year, ordered between the year-end values.
    @Test func flowsAndMidYearLevels() throws {
        let mini = try MiniDataset(
            indicators: ["flow,Flow,n,higher,0,,flow,start,no", "level,Level,n,lower,0,,level,end,no"],
            observations: [
                MiniDataset.row("flow", "2021", 100),
                MiniDataset.row("flow", "2022-06-30", 60, basis: "ytd_cumulative"),
                MiniDataset.row("flow", "2022", 130),
                MiniDataset.row("level", "2022", 20), MiniDataset.row("level", "2023-06-30", 19, basis: "point"),
                MiniDataset.row("level", "2023", 18),
            ])
        defer { mini.remove() }
        let data = try mini.load()
        #expect(try data.series("flow").values == [100, 130])
        let level = try data.series("level")
        #expect(level.values == [20, 19, 18])
        #expect(abs(level.times[1] - (2023 + 181.0 / 365)) < 1e-12)
        #expect(level.times[0] == 2023 && level.times[2] == 2024)
        #expect(try data.provenance("flow")[1].reason.contains("year-to-date"))

        let bad = try MiniDataset(
            indicators: ["flow,Flow,n,higher,0,,flow,start,no"],
            observations: [
                MiniDataset.row("flow", "2021", 1), MiniDataset.row("flow", "2022-06-30", 2, basis: "point"),
            ])
        defer { bad.remove() }
        #expect(throws: PlanningError.self) { try bad.load() }
        do { _ = try bad.load() } catch {
            #expect("\(error)".contains("observations.csv: line 3") && "\(error)".contains("is a flow"))
        }
    }

    /// `--as-of` keeps what was known on that day; a year counts as published on 31 December.
    @Test func vintagesCutByDate() throws {
        let data = try DatasetCatalog(root: try datasetsFolder()).cnipa()
        let asOf2023 = try data.series("hv_inv_patents_per10k", asOf: CalendarDay.parse("2023-12-31"))
        #expect(asOf2023.values == [6.3, 7.5, 9.4, 11.8])
        let midYear = try data.series("hv_inv_patents_per10k", asOf: CalendarDay.parse("2024-07-01"))
        #expect(midYear.values.last == 12.9)
        #expect(
            try data.provenance("hv_inv_patents_per10k", asOf: CalendarDay.parse("2023-12-31")).filter { !$0.used }
                .allSatisfy { $0.reason.contains("after the vintage") })
    }
}

@Suite("Planning: bounds and attainment against closed forms")
struct AttainmentTests {
    /// Rates stay inside their bounds however far out; counts stay positive.
    @Test func boundedForecastsStayInside() throws {
        let rate = try Series(id: "r", firstYear: 2000, values: [80, 85, 90, 93, 96, 98, 99])
        for model in ["drift", "holt", "linear", "auto"] {
            let fitted = try TransformedModel(
                base: try ModelCatalog.model(named: model), transform: .logit(lower: 0, upper: 100)
            ).fit(rate)
            let f = try fitted.forecast(.steps(200), levels: [80, 95, 99.9])
            for k in f.mean.indices {
                #expect(f.mean[k] >= 0 && f.mean[k] <= 100)  // far out, 100 − ε rounds to 100
                for i in f.intervals { #expect(i.lower[k] >= 0 && i.upper[k] <= 100 && i.lower[k] <= i.upper[k]) }
            }
        }
        let count = try Series(id: "c", firstYear: 2000, values: [50, 30, 20, 12, 8, 5])
        let fitted = try TransformedModel(base: DriftModel(), transform: .log(lower: 0)).fit(count)
        let f = try fitted.forecast(.steps(100), levels: [95])
        #expect(f.intervals[0].lower.allSatisfy { $0 > 0 } && f.mean.allSatisfy { $0 > 0 })
        // Without the transform the same drift goes negative.
        #expect(try DriftModel().fit(count).forecast(.steps(100)).mean.contains { $0 < 0 })
    }

    /// Logit and log: inverse(forward(y)) = y, and the Jacobian is log|g'(y)|.
    @Test func transformsInvert() {
        let t = Transform.logit(lower: 20, upper: 120)
        for y in [20.001, 35.0, 70.0, 119.99] {
            #expect(abs(t.inverse(t.forward(y)) - y) < 1e-9)
            let h = 1e-6
            let derivative = (t.forward(y + h) - t.forward(y - h)) / (2 * h)
            #expect(abs(t.logJacobian(y) - log(derivative)) < 1e-6)
        }
        #expect(t.inverse(800) == 120 && t.inverse(-800) == 20)
        #expect(Transform.log(lower: 5).inverse(Transform.log(lower: 5).forward(7)) == 7)
    }

    /// The naive method's forecast is N(y_n, σ²h): P(Y ≥ t) = 1 − Φ((t − y_n)/(σ√h)) for higher-is-better,
    /// Φ(…) for lower-is-better; a relative shock s gives P(Y(1+s) ≥ t) = 1 − Φ((t/(1+s) − y_n)/(σ√h)).
    @Test func attainmentProbabilityMatchesTheNormalClosedForm() throws {
        let values = [10.0, 12, 11, 14, 15, 17]
        let mini = try MiniDataset(
            indicators: ["up,Up,n,higher,,,level,start,yes", "down,Down,n,lower,,,level,start,yes"],
            observations: values.enumerated().flatMap { k, v in
                [MiniDataset.row("up", String(2018 + k), v), MiniDataset.row("down", String(2018 + k), v)]
            },
            targets: ["up,2018,10,2025,19,http://x,n", "down,2018,10,2025,19,http://x,n"])
        defer { mini.remove() }
        let engine = OutlookEngine(dataset: try mini.load())
        let diffs = zip(values.dropFirst(), values).map { $0 - $1 }
        let sigma = (diffs.map { $0 * $0 }.reduce(0, +) / Double(diffs.count)).squareRoot()
        let h = 2.0  // 2023 → 2025
        let z = (19 - 17) / (sigma * h.squareRoot())
        let up = try engine.outlook(
            OutlookRequest(indicatorID: "up", model: try ModelSpec.parse("naive"), transform: .none))
        let a = try #require(up.assessment)
        #expect(abs(a.probability - (1 - Normal.cdf(z))) < 1e-9)
        #expect(a.requiredPerYear == 1 && a.trendPerYear == 0)
        let down = try engine.outlook(
            OutlookRequest(indicatorID: "down", model: try ModelSpec.parse("naive"), transform: .none))
        #expect(abs((down.assessment?.probability ?? 0) - Normal.cdf(z)) < 1e-9)
        // The 95% bounds are y_n ± 1.96σ√h.
        #expect(abs(a.atTarget.hi95 - (17 + Normal.quantile(0.975) * sigma * h.squareRoot())) < 1e-9)
        // A shock that takes the path beyond double precision is an error naming it, not a row of NA.
        #expect(throws: PlanningError.self) {
            try engine.outlook(
                OutlookRequest(
                    indicatorID: "up", model: try ModelSpec.parse("naive"), transform: .none,
                    shock: Shock(fromYear: 2024, change: .relative(1e308))))
        }
        // A +10% shock from 2024.
        let shocked = try engine.outlook(
            OutlookRequest(
                indicatorID: "up", model: try ModelSpec.parse("naive"), transform: .none,
                shock: Shock(fromYear: 2024, change: .relative(0.1))))
        let zs = (19 / 1.1 - 17) / (sigma * h.squareRoot())
        #expect(abs((shocked.assessment?.probability ?? 0) - (1 - Normal.cdf(zs))) < 1e-9)
        #expect(abs((shocked.assessment?.atTarget.median ?? 0) - 18.7) < 1e-12)
        // An assumed target-year value settles the question.
        let assumed = try engine.outlook(
            OutlookRequest(
                indicatorID: "up", model: try ModelSpec.parse("naive"), transform: .none,
                assumptions: [2024: 18, 2025: 19.5]))
        #expect(assumed.assessment?.probability == 1 && assumed.assessment?.status == .met)
        // On the log scale the probability is the same event on the log scale: Φ of the log-distance.
        let logged = try engine.outlook(
            OutlookRequest(indicatorID: "up", model: try ModelSpec.parse("naive"), transform: .log))
        let logDiffs = zip(values.dropFirst(), values).map { log($0) - log($1) }
        let logSigma = (logDiffs.map { $0 * $0 }.reduce(0, +) / Double(logDiffs.count)).squareRoot()
        let zLog = (log(19) - log(17)) / (logSigma * h.squareRoot())
        #expect(abs((logged.assessment?.probability ?? 0) - (1 - Normal.cdf(zLog))) < 1e-9)
    }

    /// The default CDF (read off the intervals) agrees with the exact one: Student-t for the linear trend, the
    /// normal mixture for combined ETS.
    @Test func cumulativeProbabilityAgreesWithTheIntervals() throws {
        let s = try Series(id: "s", firstYear: 2000, values: [3, 4.5, 4.9, 6.2, 7.1, 7.0, 8.4, 9.9, 10.1, 11.6])
        for model in ["linear", "ets", "theta", "drift"] {
            let fitted = try ModelCatalog.model(named: model).fit(s)
            let t = 2012.0
            let (_, intervals) = fitted.predict(at: [t], levels: [50, 90])
            for interval in intervals {
                let p = interval.level / 100
                #expect(
                    abs(fitted.cumulativeProbability(of: interval.upper[0], at: t) - (0.5 + p / 2)) < 2e-4, "\(model)")
                #expect(
                    abs(fitted.cumulativeProbability(of: interval.lower[0], at: t) - (0.5 - p / 2)) < 2e-4, "\(model)")
            }
        }
    }

    @Test func statusThresholds() {
        #expect(
            AttainmentProbability.status(probability: 0.7, givenValue: nil, target: 1, direction: .higher) == .onTrack)
        #expect(
            AttainmentProbability.status(probability: 0.5, givenValue: nil, target: 1, direction: .higher) == .atRisk)
        #expect(
            AttainmentProbability.status(probability: 0.2, givenValue: nil, target: 1, direction: .higher) == .offTrack)
        #expect(
            AttainmentProbability.status(probability: .nan, givenValue: nil, target: 1, direction: .higher)
                == .insufficientData)
        #expect(AttainmentProbability.status(probability: 0, givenValue: 0.5, target: 1, direction: .lower) == .met)
        #expect(AttainmentProbability.status(probability: 1, givenValue: 0.5, target: 1, direction: .higher) == .missed)
    }
}
