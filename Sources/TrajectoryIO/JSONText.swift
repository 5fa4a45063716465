import Foundation

/// JSON literals.
package enum JSONText {
    package static func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: [0x5C, 0x22])
            case "\\": out.append(contentsOf: [0x5C, 0x5C])
            case "\n": out.append(contentsOf: [0x5C, 0x6E])
            case "\r": out.append(contentsOf: [0x5C, 0x72])
            case "\t": out.append(contentsOf: [0x5C, 0x74])
            case "<": out.append(contentsOf: Array("\\u003c".utf8))
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                } else {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        out.append(0x22)
        return out
    }

    /// The end of an output's envelope after its last array: `]`, then the `meta` object (its bytes) when given, `}`.
    package static func closing(meta: [UInt8]?) -> [UInt8] {
        Array("\n]".utf8) + (meta.map { Array(",\"meta\":".utf8) + $0 } ?? []) + Array("}\n".utf8)
    }

    /// A JSON number, or `null` for NaN and infinities.
    package static func number(_ x: Double) -> [UInt8] {
        x.isFinite ? Array(x.description.utf8) : Array("null".utf8)
    }
}

/// A JSON value whose object keys keep the order given: the outputs' envelopes and their `meta`.
package indirect enum JSONValue: Sendable {
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// Bytes that already are JSON (a rendered array of rows).
    case raw([UInt8])

    /// A string, or null when absent.
    package static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// The JSON text.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    package func append(to out: inout [UInt8]) {
        switch self {
        case let .string(s): out += JSONText.string(s)
        case let .number(x): out += JSONText.number(x)
        case let .integer(n): out += Array(String(n).utf8)
        case let .bool(b): out += Array((b ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case let .raw(bytes): out += bytes
        case let .array(items):
            out.append(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(0x2C) }
                item.append(to: &out)
            }
            out.append(0x5D)
        case let .object(pairs):
            out.append(0x7B)
            for (k, (key, value)) in pairs.enumerated() {
                if k > 0 { out.append(0x2C) }
                out += JSONText.string(key)
                out.append(0x3A)
                value.append(to: &out)
            }
            out.append(0x7D)
        }
    }
}
