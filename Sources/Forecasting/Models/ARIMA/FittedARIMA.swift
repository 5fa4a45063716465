import Foundation

/// An ARIMA model fitted to one series.
public struct FittedARIMA: LikelihoodFit {
    /// The series the model was fitted to.
    public let series: Series
    /// The order fitted.
    public let order: ARIMAOrder
    /// AR coefficients φ (w_t − μ = Σ φᵢ(w_{t−i} − μ) + e_t + Σ θⱼ e_{t−j}).
    public let ar: [Double]
    /// MA coefficients θ.
    public let ma: [Double]
    /// The mean of the differenced series (the intercept when d = 0, the drift when d = 1; 0 without constant).
    public let mean: Double
    /// σ² with the coefficients' degrees of freedom (what the intervals use).
    public let residualVariance: Double
    /// The exact Gaussian log-likelihood of the differenced series (Kalman filter).
    public let logLikelihood: Double
    /// Standardised innovations v/√F of the differenced series (R's residuals), one per observation after the first d.
    let innovations: [Double]
    /// The predicted state and its covariance for the first period after the data.
    let state: [Double]
    let stateCovariance: [Double]
    /// Why a fallback order was used, if one was.
    public var note: String?
    /// The closest order the automatic search passed over (``ARIMAParameters/runnerUp``).
    public var runnerUp: String?

    /// `ARIMA(p,d,q)` with its constant, as R prints it.
    public var modelName: String { order.description }
    /// Estimated coefficients and constant, σ² included.
    public var parameterCount: Int { order.parameterCount }
    /// Observations after the first d (the differenced series).
    public var effectiveObservations: Int { series.count - order.d }
    /// NaN for the first d periods, then the standardised innovations.
    public var residuals: [Double] { [Double](repeating: .nan, count: order.d) + innovations }
    /// The observations less the residuals (NaN where undefined).
    public var fittedValues: [Double] {
        zip(series.values, residuals).map { $1.isNaN ? .nan : $0 - $1 }
    }

    /// This fit of `series` divided by `scale`, in the units of `series`: the constant, the innovations and the
    /// state scale with the data, σ² with its square, the log-likelihood shifts by −(n − d)·log(scale); the state
    /// covariance is relative to σ² and stays.
    func restored(scale: Double, to series: Series) -> FittedARIMA {
        var restored = FittedARIMA(
            series: series, order: order, ar: ar, ma: ma, mean: mean * scale,
            residualVariance: residualVariance * scale * scale,
            logLikelihood: logLikelihood - Double(effectiveObservations) * Foundation.log(scale),
            innovations: innovations.map { $0 * scale }, state: state.map { $0 * scale },
            stateCovariance: stateCovariance, note: note)
        restored.runnerUp = runnerUp  // a difference of criteria: the same in any unit
        return restored
    }

    /// Means and variances of the level forecasts 1…maxH steps ahead.
    func levelForecasts(_ maxH: Int) -> (mean: [Double], variance: [Double]) {
        let model = ARMAStateSpace(ar: ar, ma: ma)
        let r = model.r
        // w forecasts and the covariance of their errors: Cov(w_{n+i}, w_{n+j}) = (T^{j−i} P_{n+i})[0,0].
        var a = state, p = stateCovariance
        var wMean = [Double](repeating: 0, count: maxH)
        var cov = [Double](repeating: 0, count: maxH * maxH)
        for i in 0..<maxH {
            wMean[i] = mean + a[0]
            var column = (0..<r).map { p[$0 * r] }  // P[:, 0]
            cov[i * maxH + i] = column[0]
            for j in (i + 1)..<max(i + 1, maxH) {
                column = model.applyT(column)
                cov[i * maxH + j] = column[0]
                cov[j * maxH + i] = column[0]
            }
            a = model.applyT(a)
            p = model.propagate(p)
        }
        // Levels: y_{n+h} = Σ_{k<d} (level part) + Σ_i c_{h,i} w_{n+i}, c_{h,i} = C(h − i + d − 1, d − 1).
        let y = series.values, n = y.count
        var means: [Double] = [], variances: [Double] = []
        for h in 1...maxH {
            var c = [Double](repeating: 0, count: h)
            for i in 1...h { c[i - 1] = order.d == 0 ? (i == h ? 1 : 0) : binomial(h - i + order.d - 1, order.d - 1) }
            var m = 0.0
            switch order.d {
            case 0: m = 0
            case 1: m = y[n - 1]
            default:
                // The deterministic continuation of the last d levels with w = 0.
                var levels = Array(y.suffix(order.d))
                for _ in 0..<h { levels.append(extrapolate(levels, order.d)) }
                m = levels[levels.count - 1]
            }
            var v = 0.0
            for i in 0..<h {
                m += c[i] * wMean[i]
                for j in 0..<h { v += c[i] * c[j] * cov[i * maxH + j] }
            }
            means.append(m)
            variances.append(max(0, v * residualVariance))
        }
        return (means, variances)
    }

    /// The order, coefficients, constant and σ².
    public var parameters: FittedParameters {
        var p = ARIMAParameters(order: order, ar: ar, ma: ma, mean: mean, sigma2: residualVariance)
        p.runnerUp = runnerUp
        return .arima(p)
    }

    /// Normal laws from the state-space form: the differenced series' forecast-error covariances, summed back to
    /// levels.
    public func predictive(at times: [Double]) -> PredictiveForecast {
        let steps = series.stepsAhead(times)
        let (m, v) = levelForecasts(steps.max() ?? 1)
        return PredictiveForecast(
            mean: steps.map { m[$0 - 1] },
            laws: steps.map { NormalLaw(mean: m[$0 - 1], sd: v[$0 - 1].squareRoot()) })
    }
}

/// The next level of a d-times integrated series whose d-th difference is 0.
private func extrapolate(_ levels: [Double], _ d: Int) -> Double {
    // Σ_{k=1..d} (−1)^{k+1} C(d, k) y_{t−k}.
    var next = 0.0
    for k in 1...d { next += (k % 2 == 1 ? 1 : -1) * binomial(d, k) * levels[levels.count - k] }
    return next
}

private func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var r = 1.0
    for i in 0..<k { r = r * Double(n - i) / Double(i + 1) }
    return r
}
