import Foundation

/// What a fitted model is and how it fits: R's `summary()`, `accuracy()` and `checkresiduals()` in one value, for the
/// model report (`trajectory forecast --report`).
public struct ModelReport: Sendable {
    /// The series.
    public let seriesID: String
    /// The fitted model's name (the form, order or members chosen).
    public let model: String
    /// Why this model: the selection rule of its family.
    public let selection: String
    /// The estimates, one line each (`α = 0.83`), members of a combination indented under their weight.
    public let parameters: [String]
    /// AICc where the fit has a likelihood (nil for a combination or a least-squares method).
    public let aicc: Double?
    /// In-sample one-step accuracy as R's `accuracy()`: ME, RMSE, MAE, MPE, MAPE, MASE, ACF1.
    public let accuracy: InSampleAccuracy
    /// The Ljung–Box test of the residuals: statistic, lags, p-value (nil with fewer than 4 residuals).
    public let ljungBox: (statistic: Double, lags: Int, pValue: Double)?
    /// Residual autocorrelations at lags 1–3 (those the residuals allow).
    public let residualACF: [Double]
    /// Fallbacks, outliers replaced, grids: the fit's note.
    public let note: String?

    /// The report of `fitted`.
    public init(_ fitted: any FittedModel) {
        seriesID = fitted.series.id
        model = fitted.modelName
        selection = Self.selectionRule(fitted.parameters)
        parameters = Self.lines(fitted.parameters, indent: "")
        let criterion = fitted.likelihood?.aicc
        aicc = criterion.flatMap { $0.isFinite ? $0 : nil }
        accuracy = InSampleAccuracy(actual: fitted.series.values, fitted: fitted.fittedValues)
        let errors = zip(fitted.series.values, fitted.fittedValues).compactMap { y, f -> Double? in
            let e = y - f
            return e.isFinite ? e : nil
        }
        residualACF = (1...3).compactMap { k in k < errors.count ? Self.autocorrelation(errors, lag: k) : nil }
        // R's checkresiduals: lags min(10, n/5) for non-seasonal data, at least 1.
        let lags = max(1, min(10, errors.count / 5))
        ljungBox = errors.count >= 4 ? Self.ljungBox(errors, lags: lags) : nil
        note = fitted.note
    }

    /// The sample autocorrelation at `lag` (R's `acf`: the lagged cross-products over the sum of squares about the
    /// mean).
    public static func autocorrelation(_ x: [Double], lag: Int) -> Double {
        let n = x.count
        guard lag < n, n > 1 else { return .nan }
        let mean = x.reduce(0, +) / Double(n)
        var num = 0.0, den = 0.0
        for i in 0..<n { den += (x[i] - mean) * (x[i] - mean) }
        for i in lag..<n { num += (x[i] - mean) * (x[i - lag] - mean) }
        return den > 0 ? num / den : .nan
    }

    /// The Ljung–Box statistic Q = n(n + 2) Σₖ r²ₖ/(n − k) over lags 1…`lags` and its p-value on `lags` degrees of
    /// freedom (R's `Box.test(x, lag, type = "Ljung-Box")`).
    public static func ljungBox(_ x: [Double], lags: Int) -> (statistic: Double, lags: Int, pValue: Double) {
        let n = Double(x.count)
        var q = 0.0
        for k in 1...lags where k < x.count {
            let r = autocorrelation(x, lag: k)
            if r.isFinite { q += r * r / (n - Double(k)) }
        }
        q *= n * (n + 2)
        return (q, lags, 1 - ChiSquared.cdf(q, degreesOfFreedom: Double(lags)))
    }

    static func selectionRule(_ p: FittedParameters) -> String {
        switch p {
        case .exponentialSmoothing:
            return "one exponential-smoothing form (the one asked for, or the smallest AICc of those admissible)"
        case .formMixture:
            return "the equal-weight combination of every admissible ETS form, on the data and on their logarithms"
        case .arima: return "order by auto.arima's stepwise search on AICc, differences by the KPSS test"
        case .theta: return "the Theta method: SES fitted by mean squared error plus half the linear trend's slope"
        case .optimizedTheta: return "ℓ₀, α and θ minimising the squared one-step errors (exactly, by least squares)"
        case .complexSmoothing:
            return
                "a₀ and a₁ minimising the squared one-step errors from the backcast initial state (grid, then compass search)"
        case .randomWalk(let drift, _, _): return drift == nil ? "the naive method" : "the random walk with drift"
        case .mean: return "the mean of the data"
        case .trendRegression: return "least squares on a polynomial in time"
        case .combination(_, .mean):
            return
                "the equal-weight combination of its members: the mean of their point forecasts, the mixture of their laws"
        case .combination(_, .median):
            return
                "the median of its members' point forecasts and the equal-weight mixture of their laws (auto: members and rule chosen by validation across corpora)"
        case .combination(_, .trimmed):
            return
                "the mean of its members' point forecasts without the highest and the lowest, and the equal-weight mixture of their laws"
        case let .transformed(t, inner): return selectionRule(inner) + ", on the \(t) scale"
        case .none: return "one observation: the forecast repeats it"
        }
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        let a = abs(x)
        if a == 0 { return "0" }
        if a >= 1e6 || a < 1e-4 { return String(format: "%.4g", x) }
        return String(format: a >= 100 ? "%.1f" : (a >= 1 ? "%.4g" : "%.4f"), x)
    }

    static func ets(_ p: ETSParameters) -> String {
        var parts = ["α = \(number(p.alpha))"]
        if p.form.hasTrend { parts.append("β = \(number(p.beta))") }
        if p.form.trend == .damped { parts.append("φ = \(number(p.phi))") }
        parts.append("ℓ₀ = \(number(p.initialLevel))")
        if p.form.hasTrend { parts.append("b₀ = \(number(p.initialTrend))") }
        parts.append("σ = \(number(p.sigma2.squareRoot()))")
        return "\(p.form): " + parts.joined(separator: ", ") + (p.statesEstimated ? "" : " (initial states fixed)")
    }

    static func lines(_ p: FittedParameters, indent: String) -> [String] {
        switch p {
        case let .exponentialSmoothing(e):
            return [indent + ets(e)] + (e.runnerUp.map { [indent + "runner-up \($0)"] } ?? [])
        case let .formMixture(forms):
            return forms.map {
                indent + "weight \(number($0.weight)) \($0.onLogarithms ? "(on logs) " : "")" + ets($0.parameters)
            }
        case let .arima(a):
            var parts: [String] = []
            for (i, c) in a.ar.enumerated() { parts.append("ar\(i + 1) = \(number(c))") }
            for (i, c) in a.ma.enumerated() { parts.append("ma\(i + 1) = \(number(c))") }
            if a.order.constant { parts.append((a.order.d == 0 ? "mean" : "drift") + " = \(number(a.mean))") }
            parts.append("σ = \(number(a.sigma2.squareRoot()))")
            return [indent + "\(a.order): " + parts.joined(separator: ", ")]
                + (a.runnerUp.map { [indent + "runner-up \($0)"] } ?? [])
        case let .theta(smoothing, drift):
            return [
                indent
                    + "SES α = \(number(smoothing.alpha)), ℓ₀ = \(number(smoothing.initialLevel)), drift = \(number(drift)), σ = \(number(smoothing.sigma2.squareRoot()))"
            ]
        case let .optimizedTheta(level, alpha, theta, dynamic, sigma2):
            return [
                indent
                    + "\(dynamic ? "dynamic " : "")ℓ₀ = \(number(level)), α = \(number(alpha)), θ = \(number(theta)), σ = \(number(sigma2.squareRoot()))"
            ]
        case let .complexSmoothing(a0, a1, level, potential, sigma2):
            return [
                indent
                    + "a₀ = \(number(a0)), a₁ = \(number(a1)), ℓ₀ = \(number(level)), c₀ = \(number(potential)), σ = \(number(sigma2.squareRoot()))"
            ]
        case let .randomWalk(drift, driftVariance, sigma2):
            let d = drift.map { "drift = \(number($0)) (se \(number(driftVariance.squareRoot()))), " } ?? ""
            return [indent + d + "σ = \(number(sigma2.squareRoot())) a year"]
        case let .mean(mean, sigma2): return [indent + "mean = \(number(mean)), σ = \(number(sigma2.squareRoot()))"]
        case let .trendRegression(coefficients, centre, scale, logScale, sigma2):
            let terms = coefficients.enumerated().map { "c\($0.offset) = \(number($0.element))" }.joined(
                separator: ", ")
            return [
                indent
                    + "\(logScale ? "log y" : "y") = Σ cₖ·((t − \(number(centre)))/\(number(scale)))ᵏ: \(terms), σ = \(number(sigma2.squareRoot()))"
            ]
        case let .combination(members, _):
            return members.flatMap { m in
                [indent + "\(m.modelName), weight \(number(m.weight))"] + lines(m.parameters, indent: indent + "  ")
            }
        case let .transformed(t, inner): return [indent + "on the \(t) scale:"] + lines(inner, indent: indent + "  ")
        case .none: return [indent + "nothing estimated"]
        }
    }
}

/// In-sample one-step accuracy of a fit, as R's `forecast::accuracy()` on the training set.
public struct InSampleAccuracy: Sendable, Equatable {
    /// Mean error, root mean squared error, mean absolute error.
    public let me: Double, rmse: Double, mae: Double
    /// Mean percentage error and mean absolute percentage error (NaN when a value is 0).
    public let mpe: Double, mape: Double
    /// MAE over the in-sample mean absolute first difference (NaN when that is 0).
    public let mase: Double
    /// Lag-1 autocorrelation of the errors.
    public let acf1: Double

    /// The accuracy of `fitted` against `actual`; points where either is not finite are left out.
    public init(actual: [Double], fitted: [Double]) {
        var errors: [Double] = [], percent: [Double] = []
        for (y, f) in zip(actual, fitted) where y.isFinite && f.isFinite {
            errors.append(y - f)
            percent.append(y != 0 ? 100 * (y - f) / y : .nan)
        }
        let n = Double(max(1, errors.count))
        me = errors.reduce(0, +) / n
        rmse = (errors.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
        mae = errors.reduce(0) { $0 + abs($1) } / n
        mpe = percent.reduce(0, +) / n
        mape = percent.reduce(0) { $0 + abs($1) } / n
        let steps = zip(actual.dropFirst(), actual).map { abs($0 - $1) }.filter(\.isFinite)
        let scale = steps.isEmpty ? .nan : steps.reduce(0, +) / Double(steps.count)
        mase = scale > 0 ? mae / scale : .nan
        acf1 = errors.count > 2 ? ModelReport.autocorrelation(errors, lag: 1) : .nan
    }
}

/// The chi-squared distribution's CDF, P(k/2, x/2) of the regularised lower incomplete gamma function.
enum ChiSquared {
    static func cdf(_ x: Double, degreesOfFreedom k: Double) -> Double {
        guard x > 0 else { return 0 }
        return regularizedLowerGamma(k / 2, x / 2)
    }

    /// P(a, x): the power series for x < a + 1, else one minus the continued fraction of Q (Lentz's method); both
    /// converge to double precision within 200 terms for the arguments of a Ljung–Box test.
    static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<500 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }
}
