import Forecasting
import TrajectoryIO
import Yams

/// Typed reads from YAML nodes, with errors naming the line, column and key.
struct NodeReader {
    /// The years a scenario file may name (``ScenarioFile/years``).
    static let years = 1800...2300
    let file: String

    struct Mapping {
        let pairs: [(String, Node)]
        subscript(key: String) -> Node? { pairs.first { $0.0 == key }?.1 }
    }

    func error(_ node: Node, key: String, _ detail: String) -> PlanningError {
        .scenarioFile(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, key: key, detail: detail)
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .mapping: return "a mapping of keys"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    func mapping(_ node: Node, key: String, allowed: [String]?) throws(PlanningError) -> Mapping {
        guard case let .mapping(m) = node else {
            throw error(node, key: key, "expected a mapping of keys, found \(kind(node))")
        }
        var pairs: [(String, Node)] = []
        for (k, v) in m {
            guard case let .scalar(s) = k else { throw error(k, key: key, "keys must be plain words") }
            if let allowed, !allowed.contains(s.string) {
                throw error(
                    k, key: s.string,
                    "unknown key '\(s.string)' in \(key) (allowed: \(allowed.joined(separator: ", ")))")
            }
            pairs.append((s.string, v))
        }
        return Mapping(pairs: pairs)
    }

    func string(_ node: Node, key: String) throws(PlanningError) -> String {
        guard case let .scalar(s) = node else {
            throw error(node, key: key, "expected a single value, found \(kind(node))")
        }
        return s.string
    }

    func strings(_ node: Node, key: String) throws(PlanningError) -> [String] {
        switch node {
        case let .scalar(s): return [s.string]
        case let .sequence(items):
            guard !items.isEmpty else { throw error(node, key: key, "the list is empty") }
            var out: [String] = []
            for item in items { out.append(try string(item, key: key)) }
            return out
        default: throw error(node, key: key, "expected a list of indicator ids, found \(kind(node))")
        }
    }

    func number(_ node: Node, key: String) throws(PlanningError) -> Double {
        let text = try string(node, key: key)
        guard let x = Double(text.replacingOccurrences(of: "_", with: "")), x.isFinite else {
            throw error(node, key: key, "expected a number, got '\(text)'")
        }
        return x
    }

    func year(_ node: Node, key: String) throws(PlanningError) -> Int {
        let text = try string(node, key: key)
        guard let y = Int(text) else { throw error(node, key: key, "expected a year such as 2025, got '\(text)'") }
        guard Self.years.contains(y) else {
            throw error(node, key: key, "year \(y) is outside \(Self.years.lowerBound)–\(Self.years.upperBound)")
        }
        return y
    }

    func seed(_ node: Node, key: String) throws(PlanningError) -> UInt64 {
        let text = try string(node, key: key)
        guard let s = UInt64(text) else {
            throw error(node, key: key, "expected a whole number from 0 to 2^64 − 1, got '\(text)'")
        }
        return s
    }

    func day(_ node: Node, key: String) throws(PlanningError) -> CalendarDay {
        let text = try string(node, key: key)
        guard let d = CalendarDay.parse(text), Self.years.contains(d.year) else {
            throw error(
                node, key: key,
                "expected a date YYYY-MM-DD (or a year) in \(Self.years.lowerBound)–\(Self.years.upperBound), got '\(text)'"
            )
        }
        return d
    }

    func model(_ node: Node, key: String) throws(PlanningError) -> ModelSpec {
        let text = try string(node, key: key)
        do { return try ModelSpec.parse(text) } catch { throw self.error(node, key: key, error.description) }
    }

    func transform(_ node: Node, key: String) throws(PlanningError) -> TransformChoice {
        let text = try string(node, key: key)
        guard let t = TransformChoice(rawValue: text) else {
            throw error(
                node, key: key,
                "expected one of \(TransformChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        return t
    }

    /// `"+10%"`, `-5%` (relative) or `-2`, `"+1.5"` (absolute, in the indicator's unit).
    func change(_ node: Node, key: String) throws(PlanningError) -> Shock.Change {
        var text = try string(node, key: key).trimmingSpaces
        let relative = text.hasSuffix("%")
        if relative { text.removeLast() }
        guard let x = Double(text.trimmingSpaces), x.isFinite else {
            throw error(
                node, key: key, "expected a change such as \"+10%\", \"-5%\" or -2, got '\(try string(node, key: key))'"
            )
        }
        if relative {
            guard x > -100 else { throw error(node, key: key, "a relative change must be above -100%") }
            return .relative(x / 100)
        }
        return .absolute(x)
    }
}
