import Foundation

/// A non-seasonal exponential-smoothing form: additive or multiplicative error; no, additive or additive
/// damped trend (Hyndman, Koehler, Ord & Snyder, *Forecasting with Exponential Smoothing*, 2008).
public struct ETSForm: Sendable, Hashable, CustomStringConvertible {
    public enum ErrorType: String, Sendable, CaseIterable { case additive = "A", multiplicative = "M" }
    public enum TrendType: String, Sendable, CaseIterable { case none = "N", additive = "A", damped = "Ad" }

    public let error: ErrorType
    public let trend: TrendType

    public init(error: ErrorType, trend: TrendType) {
        self.error = error
        self.trend = trend
    }

    /// The six non-seasonal forms with additive or damped trend: ANN, AAN, AAdN, MNN, MAN, MAdN.
    public static let all: [ETSForm] = ErrorType.allCases.flatMap { e in TrendType.allCases.map { ETSForm(error: e, trend: $0) } }

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

/// Exponential smoothing in state-space form, estimated by maximum likelihood, with automatic selection of the
/// form by AICc — R `forecast::ets` for non-seasonal data.
///
/// Estimation follows R: the initial level (and trend) are estimated with the smoothing parameters by the
/// Nelder–Mead optimiser, starting from α = 0.2, β = 0.02, φ = 0.978 and a least-squares line through the
/// first ten points; parameters stay in both the usual region (1e-4 ≤ α ≤ 0.9999, 1e-4 ≤ β ≤ α,
/// 0.8 ≤ φ ≤ 0.98) and the admissible (forecastable) region. The objective is n·log(SSE) plus
/// 2·Σ log|ŷ| for multiplicative errors. Forms with as many parameters as points less one are not fitted;
/// on very short series the initial states are fixed (level = first value, trend = first difference) so that
/// fewer parameters than points are always estimated, and a series of 3 points still gets an answer.
///
/// Intervals: analytic variances for additive errors (Hyndman et al. 2008, class 1); simulated sample paths
/// with an explicit seed for multiplicative errors (the same seed and series id give the same numbers).
public struct ExponentialSmoothing: ForecastModel {
    /// Which forms to consider.
    public enum Selection: Sendable, Hashable {
        /// The form with the smallest AICc among the six (multiplicative error only for positive data).
        case automatic
        /// One form.
        case fixed(ETSForm)
    }

    /// What the optimiser minimises.
    public enum Criterion: Sendable, Hashable {
        /// n·log(SSE) (+ 2Σlog|ŷ| for multiplicative errors): maximum likelihood.
        case likelihood
        /// Mean squared one-step error (R's `opt.crit = "mse"`, used by `ses` inside `thetaf`).
        case meanSquaredError
    }

    public let selection: Selection
    public let criterion: Criterion
    /// Seed of the simulated paths for multiplicative-error intervals.
    public let seed: UInt64
    /// Number of simulated paths.
    public let simulationPaths: Int
    /// The name shown in output.
    public let displayName: String

    public init(selection: Selection = .automatic, criterion: Criterion = .likelihood, seed: UInt64 = 42,
                simulationPaths: Int = 2000, name: String? = nil) {
        self.selection = selection
        self.criterion = criterion
        self.seed = seed
        self.simulationPaths = max(100, simulationPaths)
        switch selection {
        case .automatic: displayName = name ?? "ets"
        case let .fixed(form): displayName = name ?? "ets:\(form.code)"
        }
    }

    public var name: String { displayName }
    public var minimumObservations: Int { 3 }

    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        try fitETS(series)
    }

    /// Fits and returns the concrete fitted model.
    public func fitETS(_ series: Series) throws(ForecastingError) -> FittedETS {
        let n = series.count
        guard n >= minimumObservations else {
            throw .tooShort(series: series.id, model: name, needed: minimumObservations, got: n)
        }
        guard let _ = try? regularStep(series) else {
            throw .numerical(series: series.id, model: name,
                             detail: "exponential smoothing needs equally spaced observations (one a year); this series has unequal gaps — use drift or linear, which take them")
        }
        let positive = series.values.allSatisfy { $0 > 0 }
        var candidates: [Candidate] = []
        switch selection {
        case .automatic:
            for form in ETSForm.all where positive || form.error == .additive {
                candidates.append(Candidate(form: form, estimateStates: true))
            }
        case let .fixed(form):
            if form.error == .multiplicative && !positive {
                let k = series.values.firstIndex { $0 <= 0 } ?? 0
                throw .nonPositive(series: series.id, model: name, period: series.periods[k].description,
                                   value: series.values[k])
            }
            candidates.append(Candidate(form: form, estimateStates: true))
        }
        // Fit what the data can identify: fewer estimated parameters than points less one.
        var fits: [FittedETS] = []
        for c in candidates where c.parameterCount < n - 1 {
            if let f = estimate(c, series) { fits.append(f) }
        }
        if let best = fits.filter({ $0.rAICc.isFinite }).min(by: { $0.rAICc < $1.rAICc }) {
            return best.withRequested(selection)
        }
        // Short series: fix the initial states and fall back to simpler forms as needed.
        var fallback: [Candidate] = []
        for c in candidates {
            fallback.append(Candidate(form: c.form, estimateStates: false))
            if c.form.trend == .damped {
                fallback.append(Candidate(form: ETSForm(error: c.form.error, trend: .additive), estimateStates: false))
            }
            if c.form.trend != .none {
                fallback.append(Candidate(form: ETSForm(error: c.form.error, trend: .none), estimateStates: true))
                fallback.append(Candidate(form: ETSForm(error: c.form.error, trend: .none), estimateStates: false))
            }
        }
        for c in fallback where c.parameterCount < n - 1 {
            if let f = estimate(c, series) { fits.append(f) }
        }
        let pick = fits.filter({ $0.rAICc.isFinite }).min(by: { $0.rAICc < $1.rAICc })
            ?? fits.min(by: { $0.rAIC < $1.rAIC })
        guard let chosen = pick else {
            throw .numerical(series: series.id, model: name, detail: "no exponential-smoothing form could be estimated")
        }
        return chosen.withRequested(selection)
    }

    struct Candidate {
        let form: ETSForm
        let estimateStates: Bool
        var parameterCount: Int { form.smoothingParameterCount + (estimateStates ? form.stateCount : 0) }
    }

    static let lower = (alpha: 1e-4, beta: 1e-4, phi: 0.8)
    static let upper = (alpha: 0.9999, beta: 0.9999, phi: 0.98)

    /// Maximum-likelihood estimation of one candidate.
    func estimate(_ c: Candidate, _ series: Series) -> FittedETS? {
        let y = series.values
        let form = c.form
        // Starting values as R's initparam / initstate.
        let alpha0 = Self.lower.alpha + 0.2 * (Self.upper.alpha - Self.lower.alpha)
        let beta0 = Self.lower.beta + 0.1 * (min(Self.upper.beta, alpha0) - Self.lower.beta)
        let phi0 = Self.lower.phi + 0.99 * (Self.upper.phi - Self.lower.phi)
        let states0 = c.estimateStates ? Self.initialStates(y, trend: form.hasTrend)
                                        : (y[0], form.hasTrend ? y[1] - y[0] : 0)
        var start = [alpha0]
        if form.hasTrend { start.append(beta0) }
        if form.trend == .damped { start.append(phi0) }
        if c.estimateStates {
            start.append(states0.0)
            if form.hasTrend { start.append(states0.1) }
        }
        let fixedStates = states0
        func unpack(_ p: [Double]) -> (Double, Double, Double, Double, Double) {
            var k = 0
            let alpha = p[k]; k += 1
            let beta = form.hasTrend ? p[k] : 0; if form.hasTrend { k += 1 }
            let phi = form.trend == .damped ? p[k] : 1; if form.trend == .damped { k += 1 }
            let l0 = c.estimateStates ? p[k] : fixedStates.0; if c.estimateStates { k += 1 }
            let b0 = form.hasTrend ? (c.estimateStates ? p[k] : fixedStates.1) : 0
            return (alpha, beta, phi, l0, b0)
        }
        let criterion = self.criterion
        let objective: ([Double]) -> Double = { p in
            let (alpha, beta, phi, l0, b0) = unpack(p)
            guard Self.parametersAllowed(form, alpha, beta, phi) else { return .infinity }
            let pass = ETSRecursion.run(form, y, alpha, beta, phi, l0, b0, storeResiduals: false)
            switch criterion {
            case .likelihood:
                var lik = pass.likelihoodCriterion
                if lik < -1e10 { lik = -1e10 }
                return lik.isNaN ? .infinity : lik
            case .meanSquaredError:
                return pass.meanSquaredError.isNaN ? .infinity : pass.meanSquaredError
            }
        }
        let result = NelderMead().minimize(start, objective)
        guard result.value < 1e30 else { return nil }
        let (alpha, beta, phi, l0, b0) = unpack(result.point)
        let pass = ETSRecursion.run(form, y, alpha, beta, phi, l0, b0, storeResiduals: true)
        guard pass.likelihoodCriterion.isFinite else { return nil }
        let parameters = c.parameterCount
        let sse = pass.residuals.reduce(0) { $0 + $1 * $1 }
        return FittedETS(series: series, form: form, alpha: alpha, beta: beta, phi: phi, initialLevel: l0,
                         initialTrend: b0, statesEstimated: c.estimateStates, level: pass.level, trend: pass.trend,
                         fittedValues: pass.fitted, residuals: pass.residuals,
                         residualVariance: sse / Double(max(1, y.count - parameters)),
                         rLikelihoodCriterion: pass.likelihoodCriterion, estimatedParameters: parameters,
                         seed: seed, simulationPaths: simulationPaths, modelName: name, note: nil)
    }

    /// R's `initstate`: a least-squares line through the first min(10, n) points (x = 1…maxn) gives the level
    /// (intercept) and trend (slope); without trend, their mean is the level.
    static func initialStates(_ y: [Double], trend: Bool) -> (Double, Double) {
        let m = min(10, y.count)
        let head = Array(y[0..<m])
        if !trend { return (head.reduce(0, +) / Double(m), 0) }
        let xbar = Double(m + 1) / 2, ybar = head.reduce(0, +) / Double(m)
        var sxy = 0.0, sxx = 0.0
        for (i, v) in head.enumerated() {
            let dx = Double(i + 1) - xbar
            sxy += dx * (v - ybar)
            sxx += dx * dx
        }
        var b = sxx > 0 ? sxy / sxx : 0
        var l = ybar - b * xbar
        if abs(l + b) < 1e-8 { l *= 1.001; b *= 0.999 }
        return (l, b)
    }

    /// The usual region and the admissible region (R's `bounds = "both"`).
    static func parametersAllowed(_ form: ETSForm, _ alpha: Double, _ beta: Double, _ phi: Double) -> Bool {
        guard alpha >= lower.alpha && alpha <= upper.alpha else { return false }
        if form.hasTrend {
            guard beta >= lower.beta && beta <= alpha && beta <= upper.beta else { return false }
        }
        if form.trend == .damped {
            guard phi >= lower.phi && phi <= upper.phi else { return false }
        }
        // Admissible region for non-seasonal models.
        guard alpha >= 1 - 1 / phi && alpha <= 1 + 1 / phi else { return false }
        if form.hasTrend {
            guard beta >= alpha * (phi - 1) && beta <= (1 + phi) * (2 - alpha) else { return false }
        }
        return true
    }
}

/// The step between observations (1 year for yearly data); throws when the gaps are unequal.
func regularStep(_ series: Series) throws -> Double {
    guard series.count >= 2 else { return 1 }
    let step = series.times[1] - series.times[0]
    for i in 2..<series.count where abs(series.times[i] - series.times[i - 1] - step) > 1e-6 * max(1, step) {
        throw ForecastingError.numerical(series: series.id, model: "ets", detail: "unequal gaps")
    }
    return step
}

/// One pass of the ETS recursions over the data.
enum ETSRecursion {
    struct Pass {
        var likelihoodCriterion: Double
        var meanSquaredError: Double
        var level: Double
        var trend: Double
        var residuals: [Double]
        var fitted: [Double]
    }

    /// Runs the error-correction form l = q + α(y − q), b = φb + (β/α)(l − l₋ − φb), with q = l₋ + φb₋
    /// the one-step forecast; additive errors e = y − q, multiplicative e = (y − q)/q.
    @inline(__always)
    static func run(_ form: ETSForm, _ y: [Double], _ alpha: Double, _ beta: Double, _ phi: Double,
                    _ l0: Double, _ b0: Double, storeResiduals: Bool) -> Pass {
        var l = l0, b = b0
        var sse = 0.0, sumLogF = 0.0, sumSquaredOneStep = 0.0
        var residuals: [Double] = [], fitted: [Double] = []
        if storeResiduals { residuals.reserveCapacity(y.count); fitted.reserveCapacity(y.count) }
        let multiplicative = form.error == .multiplicative
        let trend = form.hasTrend
        let ratio = trend ? beta / alpha : 0
        for v in y {
            let phib = trend ? phi * b : 0
            let q = l + phib
            let e = multiplicative ? (v - q) / q : v - q
            sse += e * e
            if multiplicative { sumLogF += log(abs(q)) }
            sumSquaredOneStep += (v - q) * (v - q)
            if storeResiduals { residuals.append(e); fitted.append(q) }
            let newLevel = q + alpha * (v - q)
            if trend { b = phib + ratio * (newLevel - l - phib) }
            l = newLevel
        }
        let n = Double(y.count)
        return Pass(likelihoodCriterion: n * log(sse) + (multiplicative ? 2 * sumLogF : 0),
                    meanSquaredError: sumSquaredOneStep / n, level: l, trend: b, residuals: residuals, fitted: fitted)
    }
}

/// An exponential-smoothing model fitted to one series.
public struct FittedETS: FittedModel {
    public let series: Series
    public let form: ETSForm
    public let alpha: Double
    public let beta: Double
    public let phi: Double
    public let initialLevel: Double
    public let initialTrend: Double
    /// Whether the initial states were estimated (false on very short series, where they are fixed).
    public let statesEstimated: Bool
    /// Final level and trend.
    public let level: Double
    public let trend: Double
    public let fittedValues: [Double]
    /// One-step errors: y − ŷ for additive errors, (y − ŷ)/ŷ for multiplicative ones (as R).
    public let residuals: [Double]
    /// σ² = Σe²/(n − k), k the estimated smoothing parameters and initial states (as R).
    public let residualVariance: Double
    /// R's `e$lik`: n·log(SSE) (+ 2Σlog|ŷ|).
    public let rLikelihoodCriterion: Double
    /// Estimated smoothing parameters and initial states (R's `length(par)`).
    public let estimatedParameters: Int
    let seed: UInt64
    let simulationPaths: Int
    public let modelName: String
    /// Set when a simpler form than the one asked for was fitted.
    public let note: String?

    public var parameterCount: Int { estimatedParameters + 1 }
    public var effectiveObservations: Int { series.count }

    /// R's `ets` log-likelihood, −½·lik (it omits the constant −n/2·(1 + log(2π/n))).
    public var rLogLikelihood: Double { -0.5 * rLikelihoodCriterion }
    /// The full Gaussian log-likelihood at the concentrated σ² = SSE/n (comparable across model families).
    public var logLikelihood: Double {
        let n = Double(series.count)
        return rLogLikelihood - 0.5 * n * (1 + log(2 * Double.pi / n))
    }
    /// R's `aic` and `aicc` for ETS (from `rLogLikelihood`); the ranking equals that of ``aicc``.
    public var rAIC: Double { rLikelihoodCriterion + 2 * Double(parameterCount) }
    public var rAICc: Double {
        let n = Double(series.count), k = Double(parameterCount)
        return n - k - 1 > 0 ? rAIC + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }

    /// The output name: `ETS(A,Ad,N)` for automatic selection, the requested name otherwise.
    func withRequested(_ selection: ExponentialSmoothing.Selection) -> FittedETS {
        var name = modelName
        var note: String? = nil
        switch selection {
        case .automatic:
            name = form.description
        case let .fixed(requested):
            if requested != form || !statesEstimated {
                note = statesEstimated
                    ? "\(series.count) observations are too few for \(requested); fitted \(form)"
                    : "\(series.count) observations are too few to estimate the initial states of \(form); they were fixed at the first value\(form.hasTrend ? " and difference" : "")"
            }
        }
        if selection == .automatic && !statesEstimated {
            note = "\(series.count) observations: initial states of \(form) fixed at the first value\(form.hasTrend ? " and difference" : "")"
        }
        return FittedETS(series: series, form: form, alpha: alpha, beta: beta, phi: phi, initialLevel: initialLevel,
                         initialTrend: initialTrend, statesEstimated: statesEstimated, level: level, trend: trend,
                         fittedValues: fittedValues, residuals: residuals, residualVariance: residualVariance,
                         rLikelihoodCriterion: rLikelihoodCriterion, estimatedParameters: estimatedParameters,
                         seed: seed, simulationPaths: simulationPaths, modelName: name, note: note)
    }

    /// φ + φ² + … + φʰ (h for an undamped trend, 0 without trend).
    func trendMultiplier(_ h: Int) -> Double {
        switch form.trend {
        case .none: return 0
        case .additive: return Double(h)
        case .damped:
            var s = 0.0, p = 1.0
            for _ in 0..<h { p *= phi; s += p }
            return s
        }
    }

    public func predict(at times: [Double], levels: [Double]) -> (mean: [Double], intervals: [PredictionInterval]) {
        let last = series.times[series.count - 1]
        let step = (try? regularStep(series)) ?? 1
        let steps = times.map { max(1, Int(((($0 - last) / step)).rounded())) }
        let maxH = steps.max() ?? 0
        let means = (1...max(1, maxH)).map { level + trendMultiplier($0) * trend }
        var lower = levels.map { _ in [Double]() }, upper = lower
        switch form.error {
        case .additive:
            // Class 1: v_h = σ²(1 + Σ_{j<h} c_j²), c_j = α + β·(φ + … + φʲ).
            var variances: [Double] = []
            var sum = 0.0
            for h in 1...max(1, maxH) {
                variances.append(residualVariance * (1 + sum))
                let c = alpha + beta * trendMultiplier(h)
                sum += c * c
            }
            for (l, lev) in levels.enumerated() {
                let z = Normal.quantile(0.5 + lev / 200)
                for h in steps {
                    let sd = variances[h - 1].squareRoot()
                    lower[l].append(means[h - 1] - z * sd)
                    upper[l].append(means[h - 1] + z * sd)
                }
            }
        case .multiplicative:
            let paths = simulate(horizon: max(1, maxH))
            for (l, lev) in levels.enumerated() {
                let pLow = 0.5 - lev / 200, pHigh = 0.5 + lev / 200
                for h in steps {
                    lower[l].append(Self.quantile(paths[h - 1], pLow))
                    upper[l].append(Self.quantile(paths[h - 1], pHigh))
                }
            }
        }
        let intervals = levels.indices.map { PredictionInterval(level: levels[$0], lower: lower[$0], upper: upper[$0]) }
        return (steps.map { means[$0 - 1] }, intervals)
    }

    /// Sorted simulated values for each horizon: y = μ(1 + ε), ε ~ N(0, σ²), states updated along the path.
    func simulate(horizon: Int) -> [[Double]] {
        var generator = SeededGenerator(seed: seed ^ stableHash(series.id))
        var values = [[Double]](repeating: [], count: horizon)
        for h in 0..<horizon { values[h].reserveCapacity(simulationPaths) }
        let sigma = residualVariance.squareRoot()
        let hasTrend = form.hasTrend
        let ratio = hasTrend ? beta / alpha : 0
        let damping = form.trend == .damped ? phi : 1
        for _ in 0..<simulationPaths {
            var l = level, b = trend
            for h in 0..<horizon {
                let phib = hasTrend ? damping * b : 0
                let q = l + phib
                let e = sigma * generator.normal()
                let y = q * (1 + e)
                values[h].append(y)
                let newLevel = q + alpha * (y - q)
                if hasTrend { b = phib + ratio * (newLevel - l - phib) }
                l = newLevel
            }
        }
        for h in 0..<horizon { values[h].sort() }
        return values
    }

    /// Type-7 sample quantile (R's default) of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = p * Double(sorted.count - 1)
        let i = Int(position.rounded(.down)), fraction = position - Double(i)
        return i + 1 < sorted.count ? sorted[i] + fraction * (sorted[i + 1] - sorted[i]) : sorted[i]
    }
}

/// FNV-1a hash of a string's UTF-8 bytes: stable across runs and platforms (unlike `hashValue`).
func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}
