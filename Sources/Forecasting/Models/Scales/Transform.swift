import Foundation

/// A monotone increasing change of scale on which a model is fitted, so that forecasts and every interval
/// bound stay inside an indicator's bounds however far out.
///
/// - `none`: the data's own scale.
/// - `log(lower:)`: z = log(y − lower), for quantities above a lower bound (positive ones with lower = 0).
/// - `logit(lower:upper:)`: z = log((y − lower) / (upper − y)), for rates and scores between two bounds.
///
/// Quantiles map through a monotone transform unchanged, so a back-transformed interval bound is the bound
/// of the back-transformed variable, and the back-transformed point forecast is the forecast *median* (not the
/// mean) when the model's law is symmetric on the transformed scale.
public enum Transform: Sendable, Hashable, CustomStringConvertible {
    case none
    case log(lower: Double)
    case logit(lower: Double, upper: Double)
    /// Box–Cox with parameter λ: (y^λ − 1)/λ, log y for λ = 0 (R's `BoxCox`); for y ≥ 0 (y > 0 when λ ≤ 0).
    case boxCox(lambda: Double)

    /// `none`, `log above L`, `logit between L and U`.
    public var description: String {
        switch self {
        case .none: return "none"
        case let .log(lower): return lower == 0 ? "log" : "log(y - \(formatNumber(lower)))"
        case let .logit(lower, upper): return "logit(\(formatNumber(lower)), \(formatNumber(upper)))"
        case let .boxCox(lambda): return "Box–Cox(λ = \(String(format: "%.4g", lambda)))"
        }
    }

    /// Whether `y` is strictly inside the transform's domain.
    public func contains(_ y: Double) -> Bool {
        switch self {
        case .none: return y.isFinite
        case let .log(lower): return y > lower && y.isFinite
        case let .logit(lower, upper): return y > lower && y < upper
        case let .boxCox(lambda): return (lambda > 0 ? y >= 0 : y > 0) && y.isFinite
        }
    }

    /// z = g(y).
    public func forward(_ y: Double) -> Double {
        switch self {
        case .none: return y
        case let .log(lower): return Foundation.log(y - lower)
        case let .logit(lower, upper): return Foundation.log((y - lower) / (upper - y))
        case let .boxCox(lambda): return lambda == 0 ? Foundation.log(y) : (pow(y, lambda) - 1) / lambda
        }
    }

    /// y = g⁻¹(z); the bounds themselves for z = ∓∞.
    public func inverse(_ z: Double) -> Double {
        switch self {
        case .none: return z
        case let .log(lower): return lower + exp(z)
        case let .boxCox(lambda):
            if lambda == 0 { return exp(z) }
            // Beyond −1/λ the power has no value: the domain's end (0 for λ > 0, +∞ for λ < 0).
            let base = lambda * z + 1
            if z.isNaN { return .nan }
            if base <= 0 { return lambda > 0 ? 0 : .infinity }
            return pow(base, 1 / lambda)
        case let .logit(lower, upper):
            // (lower + upper·eᶻ)/(1 + eᶻ), written so that neither tail overflows.
            if z.isNaN { return .nan }
            if z >= 0 { let e = exp(-z); return (lower * e + upper) / (1 + e) }
            let e = exp(z)
            return (lower + upper * e) / (1 + e)
        }
    }

    /// log |g′(y)|, the Jacobian term that puts a transformed-scale log-likelihood on the data's scale.
    public func logJacobian(_ y: Double) -> Double {
        switch self {
        case .none: return 0
        case let .log(lower): return -Foundation.log(y - lower)
        case let .boxCox(lambda): return (lambda - 1) * Foundation.log(y)
        case let .logit(lower, upper):
            return Foundation.log(upper - lower) - Foundation.log(y - lower) - Foundation.log(upper - y)
        }
    }
}
