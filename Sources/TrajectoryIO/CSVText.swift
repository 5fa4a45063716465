import Foundation

/// CSV field quoting (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled.
package enum CSVText {
    /// Appends the field to `out`, quoted when it needs to be (no intermediate array).
    package static func append(_ s: String, to out: inout [UInt8]) {
        var plain = true
        for b in s.utf8 where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { plain = false; break }
        if plain { out.append(contentsOf: s.utf8) } else { out.append(contentsOf: escaped(s)) }
    }

    package static func escaped(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return bytes }
        var out: [UInt8] = [0x22]
        for b in bytes {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
        return out
    }
}
