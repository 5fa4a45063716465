import Foundation

extension ARIMAEstimator {
    static func difference(_ y: [Double], _ d: Int) -> [Double] {
        var w = y
        for _ in 0..<d { w = zip(w.dropFirst(), w).map { $0 - $1 } }
        return w
    }

    /// The KPSS level-stationarity statistic with Newey–West lags trunc(3√n/13), as `urca::ur.kpss(type = "mu")`.
    static func kpss(_ x: [Double]) -> Double {
        let n = x.count
        let mean = x.reduce(0, +) / Double(n)
        let e = x.map { $0 - mean }
        var s = 0.0, eta = 0.0
        for v in e { s += v; eta += s * s }
        eta /= Double(n * n)
        let lags = Int((3 * Double(n).squareRoot() / 13).rounded(.down))
        var variance = e.reduce(0) { $0 + $1 * $1 } / Double(n)
        if lags > 0 {
            for l in 1...lags {
                var c = 0.0
                for t in l..<n { c += e[t] * e[t - l] }
                variance += 2 * (1 - Double(l) / Double(lags + 1)) * c / Double(n)
            }
        }
        return eta / variance
    }

    /// Differences needed for stationarity (`forecast::ndiffs(test = "kpss", alpha = 0.05, max.d = 2)`): the
    /// series is differenced while the KPSS statistic exceeds its 5% critical value 0.463.
    static func differencesNeeded(_ y: [Double], maximum: Int = 2) -> Int {
        var x = y
        var d = 0
        func constant(_ v: [Double]) -> Bool { v.allSatisfy { $0 == v[0] } }
        if constant(x) { return 0 }
        while d < maximum && x.count > 2 && kpss(x) > 0.463 {
            d += 1
            x = difference(x, 1)
            if constant(x) { return d }
        }
        return d
    }

}
