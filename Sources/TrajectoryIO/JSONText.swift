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

    /// A JSON number, or `null` for NaN and infinities.
    package static func number(_ x: Double) -> [UInt8] {
        x.isFinite ? Array(x.description.utf8) : Array("null".utf8)
    }
}
