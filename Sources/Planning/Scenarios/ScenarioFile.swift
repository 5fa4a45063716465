import Forecasting
import TrajectoryIO
import Yams

/// A batch of what-if scenarios read from YAML (see the README for the format):
///
/// ```yaml
/// dataset: cnipa
/// target_year: 2025
/// seed: 11
/// scenarios:
///   - name: baseline
///   - name: pct-stalls
///     indicators: [pct_wipo_china_origin]
///     assume: {2024: 69000, 2025: 69000}
///   - name: exam-cycle-shock
///     indicators: [inv_exam_cycle_months]
///     shock: {from: 2024, change: "+10%"}
///     model: damped
/// ```
///
/// Every error names the file, line, column and key. Hostile files are refused before parsing
/// (``YAMLGuard``) or by the limits below.
public struct ScenarioFile: Sendable {
    /// One scenario as written.
    public struct Scenario: Sendable {
        /// The scenario's name.
        public let name: String
        /// The line it starts on.
        public let line: Int
        /// Vintage (overrides the file's).
        public var asOf: CalendarDay?
        /// Indicators (default: every plan indicator with a target).
        public var indicators: [String]?
        /// Model (overrides the file's).
        public var model: ModelSpec?
        /// Scale (overrides the file's).
        public var transform: TransformChoice?
        /// Year forecast through (overrides the file's).
        public var targetYear: Int?
        /// Assumed values for every indicator of the scenario (year → value).
        public var assume: [Int: Double] = [:]
        /// Assumed values per indicator.
        public var assumeByIndicator: [String: [Int: Double]] = [:]
        /// A level shift.
        public var shock: Shock?
        /// Target values replacing the plan's, per indicator (`*` for every indicator of the scenario).
        public var targets: [String: Double] = [:]
        /// Lines of keys, for errors found when the scenario meets the data.
        var keyLines: [String: Int] = [:]
    }

    /// The file's path.
    public let file: String
    /// The dataset the scenarios run on.
    public var dataset: String
    /// Seed of simulated intervals.
    public var seed: UInt64 = ModelDefaults.seed
    /// Default model.
    public var model: ModelSpec = .auto
    /// Default scale.
    public var transform: TransformChoice = .auto
    /// Default vintage.
    public var asOf: CalendarDay?
    /// Default year forecast through.
    public var targetYear: Int?
    /// Default indicators.
    public var indicators: [String]?
    /// The scenarios, in file order.
    public var scenarios: [Scenario] = []

    /// Limits that keep a run bounded.
    public static let maximumBytes = 32 << 20
    /// The most scenarios a file may hold.
    public static let maximumScenarios = 100_000
    /// The most scenario × indicator rows a file may expand to.
    public static let maximumRows = 1_000_000
    /// The years a file may name.
    public static let years = NodeReader.years

    static let topKeys = ["dataset", "target_year", "seed", "model", "transform", "as_of", "indicators", "scenarios"]
    static let scenarioKeys = [
        "name", "as_of", "indicators", "model", "transform", "target_year", "assume", "shock", "target", "targets",
    ]

    /// The first node, depth first, that defines an anchor or is reached through an alias; nil when there is none.
    static func firstAnchored(_ node: Node) -> Node? {
        if node.anchor != nil { return node }
        switch node {
        case .scalar, .alias: return nil
        case let .sequence(sequence):
            for child in sequence { if let hit = firstAnchored(child) { return hit } }
        case let .mapping(mapping):
            for (key, value) in mapping {
                if let hit = firstAnchored(key) ?? firstAnchored(value) { return hit }
            }
        }
        return nil
    }

    /// Reads and validates a scenario file.
    public static func load(path: String) throws(PlanningError) -> ScenarioFile {
        let bytes = try PlanningError.io { () throws(DataFileError) in try FileIO.readAll(path, limit: maximumBytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .scenarioFile(file: path, line: 1, column: 1, key: "", detail: "the file is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses a scenario file's text.
    public static func parse(_ raw: String, file: String) throws(PlanningError) -> ScenarioFile {
        // A UTF-8 byte-order mark is allowed at the start (as in CSV files).
        let text = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
        if let problem = YAMLGuard.check(text) {
            throw .scenarioFile(file: file, line: problem.line, column: problem.column, key: "", detail: problem.detail)
        }
        let root: Node?
        do {
            // The basic resolver tags every plain scalar as a string (the reader parses numbers and dates itself);
            // the default one runs a regular expression per scalar, most of the parse time.
            let parser = try Parser(yaml: text, resolver: .basic)
            root = try parser.singleRoot()
            // The pre-scan refuses anchors and aliases in the text; this is the check that tags, quoting and spacing
            // cannot dodge: the composed tree (built without expanding aliases) is searched for a node that carries
            // an anchor — every alias resolves to one — before anything walks it. The search stops at the first, so a
            // billion-laughs file is refused in time linear in its size.
            if let anchored = root.flatMap(Self.firstAnchored) {
                throw PlanningError.scenarioFile(
                    file: file, line: anchored.mark?.line ?? 1, column: anchored.mark?.column ?? 1, key: "",
                    detail: "anchors and aliases (&name, *name, <<: *name) are not allowed in scenario files")
            }
        } catch let error as PlanningError {
            throw error
        } catch let error as YamlError {
            var mark: Mark?
            var problem = "\(error)"
            switch error {
            case let .scanner(_, p, m, _), let .parser(_, p, m, _), let .composer(_, p, m, _):
                mark = m
                problem = p
            case let .duplicatedKeysInMapping(duplicates, context):
                mark = context.mark
                problem = "duplicated key\(duplicates.count > 1 ? "s" : "") \(duplicates.joined(separator: ", "))"
            default:
                break
            }
            throw .scenarioFile(
                file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, key: "",
                detail: "not valid YAML: \(problem)")
        } catch {
            throw .scenarioFile(file: file, line: 1, column: 1, key: "", detail: "not valid YAML: \(error)")
        }
        guard let root else {
            throw .scenarioFile(file: file, line: 1, column: 1, key: "", detail: "the file is empty")
        }
        let reader = NodeReader(file: file)
        let top = try reader.mapping(root, key: "(top level)", allowed: topKeys)
        guard let datasetNode = top["dataset"] else {
            throw .scenarioFile(
                file: file, line: 1, column: 1, key: "dataset", detail: "missing; write e.g. 'dataset: cnipa'")
        }
        var result = ScenarioFile(file: file, dataset: try reader.string(datasetNode, key: "dataset"))
        if let n = top["seed"] { result.seed = try reader.seed(n, key: "seed") }
        if let n = top["model"] { result.model = try reader.model(n, key: "model") }
        if let n = top["transform"] { result.transform = try reader.transform(n, key: "transform") }
        if let n = top["as_of"] { result.asOf = try reader.day(n, key: "as_of") }
        if let n = top["target_year"] { result.targetYear = try reader.year(n, key: "target_year") }
        if let n = top["indicators"] { result.indicators = try reader.strings(n, key: "indicators") }
        guard let list = top["scenarios"] else {
            throw .scenarioFile(
                file: file, line: 1, column: 1, key: "scenarios",
                detail: "missing; write a list of scenarios, each with a name")
        }
        guard case let .sequence(items) = list else {
            throw reader.error(
                list, key: "scenarios", "expected a list of scenarios ('- name: …'), found \(reader.kind(list))")
        }
        guard !items.isEmpty else { throw reader.error(list, key: "scenarios", "the list is empty") }
        guard items.count <= maximumScenarios else {
            throw reader.error(
                list, key: "scenarios",
                "\(items.count) scenarios; at most \(maximumScenarios) are run in one file (split the file)")
        }
        var names: [String: Int] = [:]
        result.scenarios.reserveCapacity(items.count)
        for item in items {
            let s = try reader.mapping(item, key: "scenario", allowed: scenarioKeys)
            guard let nameNode = s["name"] else { throw reader.error(item, key: "name", "every scenario needs a name") }
            let name = try reader.string(nameNode, key: "name")
            guard !name.isEmpty, name.count <= 200 else {
                throw reader.error(nameNode, key: "name", "a name has 1 to 200 characters")
            }
            let line = nameNode.mark?.line ?? 0
            if let first = names[name] {
                throw reader.error(nameNode, key: "name", "scenario '\(name)' is already defined on line \(first)")
            }
            names[name] = line
            var scenario = Scenario(name: name, line: line)
            for (key, node) in s.pairs { scenario.keyLines[key] = node.mark?.line ?? line }
            if let n = s["as_of"] { scenario.asOf = try reader.day(n, key: "as_of") }
            if let n = s["indicators"] { scenario.indicators = try reader.strings(n, key: "indicators") }
            if let n = s["model"] { scenario.model = try reader.model(n, key: "model") }
            if let n = s["transform"] { scenario.transform = try reader.transform(n, key: "transform") }
            if let n = s["target_year"] { scenario.targetYear = try reader.year(n, key: "target_year") }
            if let n = s["assume"] {
                let m = try reader.mapping(n, key: "assume", allowed: nil)
                for (key, value) in m.pairs {
                    if let year = Int(key) {
                        guard years.contains(year) else {
                            throw reader.error(
                                value, key: "assume", "year \(key) is outside \(years.lowerBound)–\(years.upperBound)")
                        }
                        scenario.assume[year] = try reader.number(value, key: "assume.\(key)")
                    } else {
                        let inner = try reader.mapping(value, key: "assume.\(key)", allowed: nil)
                        var values: [Int: Double] = [:]
                        for (yearText, v) in inner.pairs {
                            guard let year = Int(yearText), years.contains(year) else {
                                throw reader.error(
                                    v, key: "assume.\(key)",
                                    "'\(yearText)' is not a year in \(years.lowerBound)–\(years.upperBound)")
                            }
                            values[year] = try reader.number(v, key: "assume.\(key).\(yearText)")
                        }
                        scenario.assumeByIndicator[key] = values
                    }
                }
            }
            if let n = s["shock"] {
                let m = try reader.mapping(n, key: "shock", allowed: ["from", "change"])
                guard let from = m["from"], let change = m["change"] else {
                    throw reader.error(
                        n, key: "shock", "a shock needs 'from' (a year) and 'change' (e.g. \"+10%\" or -2)")
                }
                scenario.shock = Shock(
                    fromYear: try reader.year(from, key: "shock.from"),
                    change: try reader.change(change, key: "shock.change"))
            }
            if let n = s["target"] { scenario.targets["*"] = try reader.number(n, key: "target") }
            if let n = s["targets"] {
                for (key, value) in try reader.mapping(n, key: "targets", allowed: nil).pairs {
                    scenario.targets[key] = try reader.number(value, key: "targets.\(key)")
                }
            }
            result.scenarios.append(scenario)
        }
        return result
    }

    /// One forecast to make: a scenario × indicator.
    public struct Row: Sendable {
        /// The scenario.
        public let scenario: String
        /// Its line in the file.
        public let line: Int
        /// What to forecast.
        public let request: OutlookRequest
    }

    /// The scenario × indicator requests against `data`, checked against it (indicators exist, a target year is
    /// known, assumptions come after the data).
    public func rows(for data: IndicatorDataset) throws(PlanningError) -> [Row] {
        let defaultIndicators =
            indicators ?? data.indicators.filter { $0.isPlanIndicator && $0.target != nil }.map(\.id)
        var rows: [Row] = []
        var lastTimes: [String: Double] = [:]  // indicator id + vintage → time of the last usable observation
        for s in scenarios {
            let ids = s.indicators ?? defaultIndicators
            let line = { (key: String) in s.keyLines[key] ?? s.line }
            guard rows.count + ids.count <= Self.maximumRows else {
                throw .scenarioFile(
                    file: file, line: s.line, column: 1, key: "scenarios",
                    detail: "the file asks for more than \(Self.maximumRows) scenario × indicator forecasts")
            }
            if s.targets["*"] != nil && ids.count != 1 {
                throw .scenarioFile(
                    file: file, line: line("target"), column: 1, key: "target",
                    detail: "scenario '\(s.name)': 'target' needs exactly one indicator; use 'targets: {id: value}'")
            }
            for key in s.targets.keys where key != "*" && !ids.contains(key) {
                throw .scenarioFile(
                    file: file, line: line("targets"), column: 1, key: "targets",
                    detail:
                        "scenario '\(s.name)': '\(key)' is not one of the scenario's indicators (\(ids.joined(separator: ", ")))"
                )
            }
            for key in s.assumeByIndicator.keys where !ids.contains(key) {
                throw .scenarioFile(
                    file: file, line: line("assume"), column: 1, key: "assume",
                    detail:
                        "scenario '\(s.name)': '\(key)' is not one of the scenario's indicators (\(ids.joined(separator: ", ")))"
                )
            }
            let asOf = s.asOf ?? self.asOf
            for id in ids {
                let indicator: Indicator
                do {
                    indicator = try data.indicator(id)
                } catch {
                    throw .scenarioFile(
                        file: file, line: line("indicators"), column: 1, key: "indicators",
                        detail: "scenario '\(s.name)': \(error)")
                }
                let targetYear = s.targetYear ?? targetYear ?? indicator.target?.targetYear
                guard let targetYear else {
                    throw .scenarioFile(
                        file: file, line: s.line, column: 1, key: "target_year",
                        detail: "scenario '\(s.name)': indicator '\(id)' has no plan target; give 'target_year'")
                }
                let assume = s.assumeByIndicator[id] ?? s.assume
                if let first = assume.keys.min() {
                    let cacheKey = id + "|" + (asOf?.description ?? "")
                    let last: Double
                    if let t = lastTimes[cacheKey] {
                        last = t
                    } else {
                        last =
                            try data.usableObservations(id, asOf: asOf).last.map {
                                $0.period.time(anchor: indicator.anchor)
                            } ?? -.infinity
                        lastTimes[cacheKey] = last
                    }
                    if Period.year(first).time(anchor: indicator.anchor) <= last + 1e-9 {
                        throw .scenarioFile(
                            file: file, line: line("assume"), column: 1, key: "assume",
                            detail:
                                "scenario '\(s.name)': indicator '\(id)' is observed in \(first)\(asOf.map { " (as of \($0))" } ?? ""); assume only later years, or set an earlier as_of"
                        )
                    }
                }
                rows.append(
                    Row(
                        scenario: s.name, line: s.line,
                        request: OutlookRequest(
                            indicatorID: id, asOf: asOf, model: s.model ?? model, transform: s.transform ?? transform,
                            assumptions: assume, shock: s.shock, targetYear: targetYear,
                            targetValue: s.targets[id] ?? s.targets["*"], seed: seed)))
            }
        }
        return rows
    }
}
