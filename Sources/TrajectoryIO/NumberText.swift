import Foundation

/// Number formatting for output.
package enum NumberText {
    private static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)") ?? .infinity }

    /// Appends `x` with 15 significant digits (R's `write.csv` precision; relative rounding error below
    /// 5e-16), trailing zeros dropped, in plain notation for 1e-5 ≤ |x| < 1e15 and with an exponent
    /// otherwise; NaN and infinities as `NA`.
    ///
    /// Hand-written because `Double.description` allocates a string for every number longer than 15 bytes,
    /// which made formatting the largest single cost of writing a 100,000-series forecast.
    package static func append(_ x: Double, to out: inout [UInt8]) {
        guard x.isFinite else { out.append(0x4E); out.append(0x41); return }
        if x == 0 { out.append(0x30); return }
        let magnitude = abs(x)
        var exponent = Int(log10(magnitude).rounded(.down))
        // digits = round(|x| · 10^(14 − exponent)), an integer of exactly 15 digits.
        func scaled(_ e: Int) -> Double {
            let shift = 14 - e
            if shift >= 0 {
                return shift <= 308 ? magnitude * powersOfTen[shift] : magnitude * 1e308 * powersOfTen[shift - 308]
            }
            return magnitude / powersOfTen[min(308, -shift)]
        }
        var digits = scaled(exponent).rounded()
        if digits >= 1e15 { exponent += 1; digits = scaled(exponent).rounded() }
        if digits < 1e14 { exponent -= 1; digits = scaled(exponent).rounded() }
        if digits >= 1e15 { digits = 1e14; exponent += 1 }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { text in
            guard let t = text.baseAddress else { return }
            // The 15 digits as ASCII at t[32..<47], most significant first.
            var integer = UInt64(digits)
            for i in stride(from: 46, through: 32, by: -1) {
                let q = integer / 10
                t[i] = 0x30 + UInt8(truncatingIfNeeded: integer &- q &* 10)
                integer = q
            }
            var count = 15
            while count > 1 && t[32 + count - 1] == 0x30 { count -= 1 }
            var n = 0
            if x < 0 { t[n] = 0x2D; n += 1 }
            if exponent >= -5 && exponent < 15 {
                if exponent < 0 {
                    t[n] = 0x30; t[n + 1] = 0x2E; n += 2
                    for _ in 0..<(-exponent - 1) { t[n] = 0x30; n += 1 }
                    for i in 0..<count { t[n] = t[32 + i]; n += 1 }
                } else {
                    for i in 0...exponent { t[n] = i < count ? t[32 + i] : 0x30; n += 1 }
                    if count > exponent + 1 {
                        t[n] = 0x2E; n += 1
                        for i in (exponent + 1)..<count { t[n] = t[32 + i]; n += 1 }
                    }
                }
            } else {
                t[n] = t[32]; n += 1
                if count > 1 {
                    t[n] = 0x2E; n += 1
                    for i in 1..<count { t[n] = t[32 + i]; n += 1 }
                }
                t[n] = 0x65; n += 1
                if exponent < 0 { t[n] = 0x2D; n += 1 }
                var e = abs(exponent), start = n
                repeat { t[n] = 0x30 + UInt8(e % 10); e /= 10; n += 1 } while e > 0
                var lo = start, hi = n - 1
                while lo < hi { let c = t[lo]; t[lo] = t[hi]; t[hi] = c; lo += 1; hi -= 1 }
            }
            out.append(contentsOf: UnsafeBufferPointer(start: t, count: n))
        }
    }

    /// The shortest plain text of a value as it was given: `12`, `7.5`, `3194.4`.
    package static func compact(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// Four significant digits (all the integer digits of a large number), without an exponent, for charts and pages.
    package static func short(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        if abs(x) < 5e-7 { return "0" }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        let text = String(format: "%.\(min(6, max(0, 3 - magnitude)))f", x)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
            ? String(text.dropFirst()) : text
    }

    /// About six significant digits, without an exponent, for tables.
    package static func rounded(_ x: Double) -> String {
        guard x.isFinite else { return "NA" }
        if x == 0 { return "0" }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        let decimals = min(6, max(0, 5 - magnitude))
        let text = String(format: "%.\(decimals)f", x)
        // A tiny negative value rounds to zero: no sign on it.
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
            ? String(text.dropFirst()) : text
    }
}
