import Foundation
import Testing

@testable import Forecasting

/// What reproducibility, optimisation and the model grammar rest on, against independent references.
@Suite("Foundations: random numbers, hashes, the optimiser, the model grammar")
struct FoundationTests {
    /// Golden values from `Fixtures/make_random_golden.py`, an independent implementation of SplitMix64-seeded
    /// xoshiro256** and FNV-1a 64 from their published definitions.
    @Test func generatorMatchesTheReferenceStream() {
        var g = SeededGenerator(seed: 42)
        #expect(
            (0..<5).map { _ in g.next() }
                == [
                    0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1,
                    0xfde6_dc7f_e2ec_5e64,
                ])
        var zero = SeededGenerator(seed: 0)
        #expect(
            (0..<5).map { _ in zero.next() }
                == [
                    0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c,
                    0xbba5_ad4a_1f84_2e59,
                ])
        var u = SeededGenerator(seed: 7)
        for _ in 0..<1000 { let x = u.uniform(); #expect(x > 0 && x < 1) }
    }

    @Test func stableHashIsFNV1a64() {
        #expect(stableHash("") == 0xcbf2_9ce4_8422_2325)  // the FNV offset basis
        #expect(stableHash("a") == 0xaf63_dc4c_8601_ec8c)  // the published test vector
        #expect(stableHash("N0001") == 0xe62d_ecfd_1a34_6c4e)
        #expect(stableHash("MAdN") == 0x601c_45af_6de6_5599)
        #expect(stableHash("pct_wipo_china_origin") == 0xa080_4dd5_5e24_ef7f)
        // The per-series, per-form seed of simulated paths.
        #expect(
            ETSFormFit.pathSeed(42, seriesID: "N0001", form: ETSForm(error: .multiplicative, trend: .damped))
                == 0x8631_a952_77d2_39fd)
    }

    /// Nelder–Mead on functions with known minima.
    @Test func nelderMeadFindsKnownMinima() {
        // A shifted quadratic bowl: minimum 3 at (1, −2, 0.5).
        let bowl = NelderMead(relativeTolerance: 1e-12).minimize([0, 0, 0]) { x in
            3 + (x[0] - 1) * (x[0] - 1) + 2 * (x[1] + 2) * (x[1] + 2) + 0.5 * (x[2] - 0.5) * (x[2] - 0.5)
        }
        #expect(bowl.converged)
        #expect(abs(bowl.value - 3) < 1e-9)
        #expect(abs(bowl.point[0] - 1) < 1e-4 && abs(bowl.point[1] + 2) < 1e-4 && abs(bowl.point[2] - 0.5) < 1e-4)
        // Rosenbrock's valley from the classic start (−1.2, 1): minimum 0 at (1, 1).
        let rosenbrock = NelderMead(relativeTolerance: 1e-14, maximumEvaluations: 5000).minimize([-1.2, 1]) { x in
            100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
        }
        #expect(rosenbrock.value < 1e-8)
        #expect(abs(rosenbrock.point[0] - 1) < 1e-3 && abs(rosenbrock.point[1] - 1) < 2e-3)
        // Non-finite values (outside a region) are stepped away from: minimum of (x − 2)² on x > 0 from x = 5.
        let bounded = NelderMead(relativeTolerance: 1e-12).minimize([5]) { x in
            x[0] > 0 ? (x[0] - 2) * (x[0] - 2) : .nan
        }
        #expect(abs(bounded.point[0] - 2) < 1e-5)
        // The evaluation cap ends the search.
        let capped = NelderMead(relativeTolerance: 0, maximumEvaluations: 50).minimize([-1.2, 1]) { x in
            100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
        }
        #expect(!capped.converged && capped.evaluations <= 60)
        // Per-coordinate steps: a bowl whose coordinates differ in scale by 10⁴, from near its minimum (the
        // default simplex, 10% of the largest coordinate, would step the small one far outside its bowl).
        let scaled = { (x: [Double]) in 1e8 * (x[0] - 0.3) * (x[0] - 0.3) + (x[1] - 5000) * (x[1] - 5000) / 1e4 }
        let stepped = NelderMead(relativeTolerance: 1e-12).minimize([0.25, 4900], steps: [0.025, 490], scaled)
        let plain = NelderMead(relativeTolerance: 1e-12).minimize([0.25, 4900], scaled)
        #expect(
            stepped.converged && stepped.value < 1e-5,
            "\(stepped.value) \(plain.value) \(stepped.evaluations) \(plain.evaluations)")
        #expect(abs(stepped.point[0] - 0.3) < 1e-6 && abs(stepped.point[1] - 5000) < 1e-1)
        #expect(stepped.evaluations < plain.evaluations)
    }

    /// Every name of the grammar parses to the model it documents, and the canonical name parses back to itself.
    @Test func modelGrammar() throws {
        let expected: [(String, String)] = [
            ("auto", "auto"), ("ets", "ets"), ("ets:data", "ets:data"), ("ets:select", "ets:select"),
            ("ets:akaike", "ets:akaike"), ("ets:aadn", "ets:AAdN"), ("ETS:MAN", "ets:MAN"),
            ("ets:AAN|MAN", "ets:AAN|MAN"),
            ("ses", "ses"), ("holt", "holt"), ("damped", "damped"), ("theta", "theta"), ("arima", "arima"),
            ("auto.arima", "auto.arima"), ("arima:1,1,0", "arima:1,1,0"), ("arima:0,1,1+drift", "arima:0,1,1+drift"),
            ("arima:1,0,1", "arima:1,0,1"), ("combo", "combo"), ("combo:ets+theta", "combo:ets+theta"),
            ("Combo:ETS+Theta", "combo:ets+theta"), ("naive", "naive"), ("rw", "naive"), ("drift", "drift"),
            ("rwf", "drift"), ("mean", "mean"), ("meanf", "mean"), ("linear", "linear"), ("trend", "linear"),
            ("loglinear", "loglinear"), ("exponential", "loglinear"), ("quadratic", "quadratic"),
            ("ets~0.5", "ets~0.5"),
            ("ets:noslope0", "ets-noslope0"),
        ]
        for (text, canonical) in expected {
            let spec = try ModelSpec.parse(text)
            #expect(spec.description == canonical, "\(text)")
            #expect(spec.text == text)
            #expect(try ModelSpec.parse(canonical == "ets-noslope0" ? text : canonical).description == canonical)
            #expect(try ModelCatalog.model(named: text).name == canonical)
        }
        #expect(ModelSpec.auto.description == "auto")
        // Families, typed.
        guard case .arima(.fixed(let order)) = try ModelSpec.parse("arima:2,1,1+drift").family else {
            Issue.record("arima:2,1,1+drift is not a fixed ARIMA order")
            return
        }
        #expect(order == ARIMAOrder(p: 2, d: 1, q: 1, constant: true))
        guard case .combination(let members?) = try ModelSpec.parse("combo:ets:AAdN+arima+theta").family else {
            Issue.record("not a combination")
            return
        }
        #expect(members.map(\.description) == ["ets:AAdN", "arima", "theta"])
        // --drift: a fixed order with d = 1 gains the drift; other models are unchanged; d ≠ 1 is refused.
        #expect(try ModelSpec.parse("arima:1,1,0").withDrift().description == "arima:1,1,0+drift")
        #expect(try ModelSpec.parse("arima:1,1,0+drift").withDrift().description == "arima:1,1,0+drift")
        #expect(try ModelSpec.parse("auto").withDrift().description == "auto")
        #expect(throws: ForecastingError.self) { try ModelSpec.parse("arima:1,0,1").withDrift() }
        // Invalid names: one error naming the valid ones, with a suggestion for a near miss.
        for bad in [
            "", "etss", "ets:AXN", "ets~0", "ets~2", "arima:6,1,0", "arima:1,3,0", "arima:1,0,1+drift", "arima:1,1",
            "combo:ets", "combo:combo+ets", "combo:ets+nope", "thetaa", "ARIMA:1,1,0,1",
        ] {
            #expect(throws: ForecastingError.self, "\(bad)") { try ModelSpec.parse(bad) }
        }
        do {
            _ = try ModelSpec.parse("etss")
        } catch {
            #expect(error.description.contains("did you mean 'ets'?") && error.description.contains("quadratic"))
        }
        do {
            _ = try ModelSpec.parse("damp")
        } catch {
            #expect(error.description.contains("did you mean 'damped'?"))
        }
        do {
            _ = try ModelSpec.parse("completely-unrelated-name")
        } catch {
            #expect(!error.description.contains("did you mean"))
        }
        #expect(NearMiss.editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(ModelDefaults.seed == 42 && ModelDefaults.levels == [80, 95])
    }

    /// Typed parameters, no downcast: an ETS form's α, an ARIMA fit's coefficients, a combination's members.
    @Test func parametersAreTyped() throws {
        let series = try Series(id: "p", firstYear: 2001, values: [10, 12, 13, 15, 16, 18, 21, 22, 24, 27, 28, 31])
        guard case let .exponentialSmoothing(ets) = try ModelSpec.parse("ets:AAN").model().fit(series).parameters else {
            Issue.record("ets:AAN has no ETS parameters")
            return
        }
        #expect(
            ets.form == ETSForm(error: .additive, trend: .additive) && ets.alpha > 0 && ets.alpha < 1
                && ets.beta <= ets.alpha)
        guard case let .arima(arima) = try ModelSpec.parse("arima:1,1,0+drift").model().fit(series).parameters else {
            Issue.record("no ARIMA parameters")
            return
        }
        #expect(arima.ar.count == 1 && arima.ma.isEmpty && arima.mean > 0)
        guard case let .combination(members, point) = try ModelSpec.parse("combo").model().fit(series).parameters else {
            Issue.record("no combination parameters")
            return
        }
        #expect(members.count == 3 && abs(members.map(\.weight).reduce(0, +) - 1) < 1e-12 && point == .mean)
        guard case let .formMixture(forms) = members[0].parameters else {
            Issue.record("the ETS member is not a mixture of forms")
            return
        }
        #expect(abs(forms.map(\.weight).reduce(0, +) - 1) < 1e-9 && forms.contains(where: \.onLogarithms))
    }

    /// Intervals derive from one law per time: nested across levels, with monotone quantiles, for every model.
    @Test func intervalsAreNestedAndQuantilesMonotone() throws {
        var g = SeededGenerator(seed: 3)
        let levels: [Double] = [50, 80, 90, 95, 99]
        for k in 0..<6 {
            let n = 8 + k * 3
            var y = 100.0
            let values = (0..<n).map { _ in
                y *= 1 + 0.1 * (g.uniform() - 0.4); return y
            }
            let series = try Series(id: "r\(k)", firstYear: 2001, values: values)
            for name in [
                "auto", "ets", "ets:MAdN", "theta", "arima", "combo", "naive", "drift", "mean", "linear", "loglinear",
            ] {
                let fitted = try ModelSpec.parse(name).model().fit(series)
                let times = (1...6).map { Double(2000 + n + $0) }
                let (mean, intervals) = fitted.predict(at: times, levels: levels)
                let laws = fitted.predictiveDistributions(at: times)
                for h in times.indices {
                    for l in 1..<levels.count {
                        #expect(
                            intervals[l].lower[h] <= intervals[l - 1].lower[h] + 1e-9 * abs(mean[h]), "\(name) h=\(h)")
                        #expect(
                            intervals[l].upper[h] >= intervals[l - 1].upper[h] - 1e-9 * abs(mean[h]), "\(name) h=\(h)")
                    }
                    let qs = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99].map { laws[h].quantile($0) }
                    #expect(
                        zip(qs, qs.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 * abs(mean[h]) }, "\(name) h=\(h): \(qs)")
                }
            }
        }
    }

    /// A model on the log scale reports the likelihood of the data: the log-scale fit's plus the Jacobian Σ −log y.
    @Test func transformedLikelihoodHasTheJacobian() throws {
        let values: [Double] = [12, 15, 14, 19, 23, 22, 28, 31]
        let onLogs = try #require(
            try TrendRegression.linear.fit(Series(id: "l", firstYear: 2001, values: values.map { Foundation.log($0) }))
                .likelihood)
        let transformed = try TransformedModel(base: TrendRegression.linear, transform: .log(lower: 0))
            .fit(Series(id: "l", firstYear: 2001, values: values))
        let likelihood = try #require(transformed.likelihood)
        let jacobian = values.reduce(0) { $0 - Foundation.log($1) }
        #expect(abs(likelihood.logLikelihood - (onLogs.logLikelihood + jacobian)) < 1e-9)
        #expect(likelihood.parameterCount == 3 && likelihood.aicc.isFinite)
        #expect(
            try TransformedModel(base: CombinationModel(), transform: .log(lower: 0))
                .fit(Series(id: "c", firstYear: 2001, values: values)).likelihood == nil)
    }
}

@Suite("Shards")
struct ShardTests {
    /// The published FNV-1a 64 test vectors (Fowler, Noll & Vo; IETF draft-eastlake-fnv): "" → cbf29ce484222325,
    /// "a" → af63dc4c8601ec8c, "foobar" → 85944171f73967e8.
    @Test func hashIsFNV1a64() {
        #expect(Shard.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(Shard.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    /// Golden assignments: a change of hash or of the K = hash mod N + 1 rule would move series between machines.
    @Test func assignmentsArePinned() throws {
        let ids = ["N0001", "N0002", "pct_wipo_china_origin", "café", "S000000"]
        let shards = try ids.map { id in
            try #require((1...7).first { Shard(index: $0, count: 7)?.contains(id) == true })
        }
        #expect(shards == ids.map { Int(Shard.fnv1a64($0) % 7) + 1 })
        // Computed independently in Python: [fnv1a64(i) % 7 + 1 for i in ids].
        #expect(shards == [3, 7, 7, 1, 7])
        #expect(Shard(parsing: "2/8") == Shard(index: 2, count: 8))
        #expect(Shard(parsing: "0/8") == nil && Shard(parsing: "9/8") == nil && Shard(parsing: "1/0") == nil)
        #expect(Shard(parsing: "1/2/3") == nil && Shard(parsing: "a/b") == nil)
    }
}
