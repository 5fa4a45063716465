import Foundation

/// The state-space form of a zero-mean ARMA(p, q): state dimension r = max(p, q + 1), transition T with φ in its
/// first column and ones on its superdiagonal, disturbance loading R = (1, θ₁, …, θ_{r−1}), observation Z = e₁.
struct ARMAStateSpace {
    let r: Int
    let phi: [Double]  // padded to r
    let loading: [Double]  // R, length r

    init(ar: [Double], ma: [Double]) {
        r = max(ar.count, ma.count + 1)
        phi = ar + [Double](repeating: 0, count: r - ar.count)
        loading = [1] + ma + [Double](repeating: 0, count: r - 1 - ma.count)
    }

    /// T·x.
    func applyT(_ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: r)
        for i in 0..<r { out[i] = phi[i] * x[0] + (i + 1 < r ? x[i + 1] : 0) }
        return out
    }

    /// T·P·Tᵀ + R·Rᵀ (row-major r×r).
    func propagate(_ p: [Double]) -> [Double] {
        // TP: row i = φᵢ·P[0,:] + P[i+1,:].
        var tp = [Double](repeating: 0, count: r * r)
        for i in 0..<r {
            for j in 0..<r { tp[i * r + j] = phi[i] * p[j] + (i + 1 < r ? p[(i + 1) * r + j] : 0) }
        }
        var out = [Double](repeating: 0, count: r * r)
        for i in 0..<r {
            for j in 0..<r {
                out[i * r + j] = tp[i * r] * phi[j] + (j + 1 < r ? tp[i * r + j + 1] : 0) + loading[i] * loading[j]
            }
        }
        return out
    }

    /// The stationary state covariance P = TPTᵀ + RRᵀ (see ``ARIMAEstimator/Workspace/stationaryCovariance()``).
    func stationaryCovariance() -> [Double]? {
        let ws = ARIMAEstimator.Workspace(r: r)
        ws.setCoefficients(ar: phi, ma: Array(loading.dropFirst()))
        guard ws.stationaryCovariance() else { return nil }
        return Array(UnsafeBufferPointer(start: ws.p, count: r * r))
    }
}
