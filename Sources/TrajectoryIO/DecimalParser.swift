import Foundation

/// Parses decimal numbers from bytes: `[+-]digits[.digits][(e|E)[+-]digits]`.
///
/// Clinger's fast path: when the significant digits fit in 2⁵³ and the decimal exponent is within ±22, one
/// multiplication or division of two exactly representable doubles gives the correctly rounded result.
/// Anything else goes to `strtod`, which rounds correctly too. Hand-written because the value column of a
/// 100,000-series file is two million numbers and `Double(String)` would allocate for each.
package enum DecimalParser {
    package enum Outcome { case value(Double), notANumber, outOfRange }

    private static let powers: [Double] = (0...22).map { e in
        var x = 1.0
        for _ in 0..<e { x *= 10 }
        return x
    }

    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Outcome {
        var s = start, e = end
        while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
        guard s < e else { return .notANumber }
        var p = s
        var negative = false
        if bytes[p] == 0x2D || bytes[p] == 0x2B { negative = bytes[p] == 0x2D; p += 1 }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits accumulated in mantissa
        var anyDigit = false
        var exponent = 0
        var exact = true
        while p < e, bytes[p] >= 0x30 && bytes[p] <= 0x39 {
            anyDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[p] - 0x30)
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                exact = false
            }
            p += 1
        }
        if p < e, bytes[p] == 0x2E {
            p += 1
            while p < e, bytes[p] >= 0x30 && bytes[p] <= 0x39 {
                anyDigit = true
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[p] - 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    exact = false
                }
                p += 1
            }
        }
        guard anyDigit else { return .notANumber }
        if p < e, bytes[p] == 0x65 || bytes[p] == 0x45 {
            p += 1
            var expNegative = false
            if p < e, bytes[p] == 0x2D || bytes[p] == 0x2B { expNegative = bytes[p] == 0x2D; p += 1 }
            var x = 0
            var expDigits = false
            while p < e, bytes[p] >= 0x30 && bytes[p] <= 0x39 {
                expDigits = true
                if x < 100_000 { x = x * 10 + Int(bytes[p] - 0x30) }
                p += 1
            }
            guard expDigits else { return .notANumber }
            exponent += expNegative ? -x : x
        }
        guard p == e else { return .notANumber }
        if exact, mantissa <= (1 << 53), exponent >= -22, exponent <= 22 {
            var v = Double(mantissa)
            v = exponent >= 0 ? v * powers[exponent] : v / powers[-exponent]
            return .value(negative ? -v : v)
        }
        // Slow path: correctly rounded by the C library.
        var text = Array(bytes[s..<e])
        text.append(0)
        let v = text.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { strtod(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), nil) } ?? .nan
        }
        return v.isFinite ? .value(v) : .outOfRange
    }
}
