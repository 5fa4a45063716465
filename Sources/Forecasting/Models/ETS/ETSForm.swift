import Foundation

/// A non-seasonal exponential-smoothing form: additive or multiplicative error; no, additive or additive
/// damped trend (Hyndman, Koehler, Ord & Snyder, *Forecasting with Exponential Smoothing*, 2008).
public struct ETSForm: Sendable, Hashable, CustomStringConvertible {
    /// Additive or multiplicative errors.
    public enum ErrorType: String, Sendable, CaseIterable { case additive = "A", multiplicative = "M" }
    /// No trend, an additive trend, or an additive damped trend.
    public enum TrendType: String, Sendable, CaseIterable { case none = "N", additive = "A", damped = "Ad" }

    /// The error type.
    public let error: ErrorType
    /// The trend type.
    public let trend: TrendType

    /// The form with these error and trend types.
    public init(error: ErrorType, trend: TrendType) {
        self.error = error
        self.trend = trend
    }

    /// The six non-seasonal forms with additive or damped trend: ANN, AAN, AAdN, MNN, MAN, MAdN.
    public static let all: [ETSForm] = ErrorType.allCases.flatMap { e in
        TrendType.allCases.map { ETSForm(error: e, trend: $0) }
    }

    /// `ETS(M,Ad,N)`.
    public var description: String { "ETS(\(error.rawValue),\(trend.rawValue),N)" }
    /// `MAdN`.
    public var code: String { error.rawValue + trend.rawValue + "N" }

    /// Parses `AAdN`, `ANN`, `M,A,N`, `ETS(A,Ad,N)` (case-insensitive for the letters).
    public static func parse(_ text: String) -> ETSForm? {
        var s = text.uppercased().replacingOccurrences(of: "ETS", with: "")
        s.removeAll { "(), ".contains($0) }
        guard s.hasSuffix("N"), s.count >= 3 else { return nil }
        s.removeLast()
        guard let e = ErrorType(rawValue: String(s.prefix(1))) else { return nil }
        let t = String(s.dropFirst())
        switch t {
        case "N": return ETSForm(error: e, trend: .none)
        case "A": return ETSForm(error: e, trend: .additive)
        case "AD": return ETSForm(error: e, trend: .damped)
        default: return nil
        }
    }

    var hasTrend: Bool { trend != .none }
    var smoothingParameterCount: Int { 1 + (hasTrend ? 1 : 0) + (trend == .damped ? 1 : 0) }
    var stateCount: Int { hasTrend ? 2 : 1 }
}
