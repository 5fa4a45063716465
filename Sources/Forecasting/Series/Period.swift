import Foundation

/// A point on a series' time axis as written in data: a year (`2022`), a calendar date (`2023-06-30`)
/// or a decimal year (`2023.5`).
///
/// Every period maps to a decimal-year time used by the models. A date maps to
/// `year + dayOfYear / daysInYear` (the end of that day), so 2023-06-30 ≈ 2023.496 and 2023-12-31 = 2024.0.
/// Where a year sits depends on the series' ``AnnualAnchor``: at its start (`2022 → 2022.0`, the default,
/// right for generic yearly data) or at its end (`2022 → 2023.0`, right for year-end stocks and rates
/// whose mid-year observations are dated inside the year).
public struct Period: Sendable, Hashable, CustomStringConvertible {
    /// How the period was written.
    public enum Kind: Sendable, Hashable {
        case year(Int)
        case date(year: Int, month: Int, day: Int)
        case decimal(Double)
    }

    /// How the period was written.
    public let kind: Kind

    /// A period of this kind.
    public init(_ kind: Kind) { self.kind = kind }

    /// A year period.
    public static func year(_ y: Int) -> Period { Period(.year(y)) }

    /// The decimal-year time of this period for a series with the given anchor.
    public func time(anchor: AnnualAnchor = .start) -> Double {
        switch kind {
        case let .year(y): return Double(y) + (anchor == .end ? 1 : 0)
        case let .date(y, m, d): return Double(y) + Double(Period.dayOfYear(y, m, d)) / Double(Period.daysIn(y))
        case let .decimal(x): return x
        }
    }

    /// The last calendar day the period covers, as `(year, month, day)`, for vintage (`--as-of`) cuts:
    /// a year ends on 31 December; a decimal year is converted back to the day it falls on.
    public var lastDay: CalendarDay {
        switch kind {
        case let .year(y): return CalendarDay(year: y, month: 12, day: 31)
        case let .date(y, m, d): return CalendarDay(year: y, month: m, day: d)
        case let .decimal(x):
            // Outside the valid years (a period built in code, not parsed): the end of time on its side.
            guard isInValidRange else { return CalendarDay(year: x > 0 ? Int.max : Int.min, month: 12, day: 31) }
            let y = Int(x.rounded(.down))
            let dayIndex = max(1, Int(((x - Double(y)) * Double(Period.daysIn(y))).rounded()))
            return CalendarDay.fromDayOfYear(year: y, day: dayIndex)
        }
    }

    /// The period as written: `2022`, `2023-06-30`, `2023.5`.
    public var description: String {
        switch kind {
        case let .year(y): return String(y)
        case let .date(y, m, d): return CalendarDay(year: y, month: m, day: d).description
        case let .decimal(x): return String(x)
        }
    }

    /// The years a period may fall in: −9999 to 9999 (ISO 8601's four-digit years, either side of year 0). Data,
    /// `--as-of` and `--to` outside them are refused, so every time and year the engine computes is small.
    public static let validYears = -9999...9999

    /// Whether the period falls in ``validYears``.
    public var isInValidRange: Bool {
        switch kind {
        case let .year(y), let .date(y, _, _): return Self.validYears.contains(y)
        case let .decimal(x):
            return x >= Double(Self.validYears.lowerBound) && x < Double(Self.validYears.upperBound + 1)
        }
    }

    /// Parses `2022`, `2023-06-30` or `2023.5` (surrounding spaces allowed); `nil` when the text is none of these or
    /// lies outside ``validYears``.
    public static func parse<S: StringProtocol>(_ text: S) -> Period? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { parse(bytes: $0, 0, $0.count) }
    }

    /// Byte-level parser used by the CSV reader: the bytes `start..<end` of `raw`, without allocating for
    /// years and dates.
    public static func parse(bytes raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Period? {
        var lo = start, hi = end
        while lo < hi, raw[lo] == 0x20 || raw[lo] == 0x09 { lo += 1 }
        while hi > lo, raw[hi - 1] == 0x20 || raw[hi - 1] == 0x09 || raw[hi - 1] == 0x0D { hi -= 1 }
        guard lo < hi else { return nil }
        var first = lo
        let negative = raw[first] == 0x2D
        if negative { first += 1 }
        guard first < hi else { return nil }
        var allDigits = true
        for i in first..<hi where raw[i] < 0x30 || raw[i] > 0x39 { allDigits = false; break }
        if allDigits {
            guard hi - first <= 9 else { return nil }
            var v = 0
            for i in first..<hi { v = v * 10 + Int(raw[i] - 0x30) }
            let year = negative ? -v : v
            return validYears.contains(year) ? .year(year) : nil
        }
        // ISO date YYYY-MM-DD
        if !negative, hi - lo == 10, raw[lo + 4] == 0x2D, raw[lo + 7] == 0x2D {
            func number(_ from: Int, _ count: Int) -> Int? {
                var v = 0
                for i in 0..<count {
                    let b = raw[lo + from + i]
                    guard b >= 0x30 && b <= 0x39 else { return nil }
                    v = v * 10 + Int(b - 0x30)
                }
                return v
            }
            guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2),
                (1...12).contains(m), d >= 1, d <= daysInMonth(y, m)
            else { return nil }
            return Period(.date(year: y, month: m, day: d))
        }
        // Decimal year: digits, one dot, digits (no exponent, no letters).
        var dots = 0
        for i in first..<hi {
            if raw[i] == 0x2E { dots += 1 } else if raw[i] < 0x30 || raw[i] > 0x39 { return nil }
        }
        guard dots == 1, hi - first <= 30,
            let x = Double(String(decoding: UnsafeBufferPointer(rebasing: raw[lo..<hi]), as: UTF8.self)),
            x.isFinite
        else { return nil }
        guard x >= Double(validYears.lowerBound), x < Double(validYears.upperBound + 1) else { return nil }
        return x == x.rounded() ? .year(Int(x)) : Period(.decimal(x))
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    static func daysIn(_ y: Int) -> Int { isLeap(y) ? 366 : 365 }
    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
    static func dayOfYear(_ y: Int, _ m: Int, _ d: Int) -> Int {
        var n = d
        for month in 1..<m { n += daysInMonth(y, month) }
        return n
    }
}

/// Where a year-labelled observation sits on the time axis.
public enum AnnualAnchor: String, Sendable, Hashable, CaseIterable {
    /// `2022 → 2022.0`: the value describes the year as a whole (generic yearly data, flows).
    case start
    /// `2022 → 2023.0` (31 December 2022): the value is a year-end level; a value dated 2022-06-30 sits
    /// half a year before it.
    case end
}

/// A calendar day, used for vintage cuts.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int
    /// The day `year`-`month`-`day` (not checked against the calendar; ``parse(_:)`` checks).
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// Parses `YYYY-MM-DD`, or a bare year meaning its last day (31 December).
    public static func parse(_ text: String) -> CalendarDay? {
        guard let p = Period.parse(text) else { return nil }
        switch p.kind {
        case let .date(y, m, d): return CalendarDay(year: y, month: m, day: d)
        case let .year(y): return CalendarDay(year: y, month: 12, day: 31)
        case .decimal: return p.lastDay
        }
    }

    static func fromDayOfYear(year: Int, day: Int) -> CalendarDay {
        var remaining = min(day, Period.daysIn(year))
        var month = 1
        while remaining > Period.daysInMonth(year, month) { remaining -= Period.daysInMonth(year, month); month += 1 }
        return CalendarDay(year: year, month: month, day: remaining)
    }

    /// Calendar order.
    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(y)-\(m)-\(d)"
    }
}
