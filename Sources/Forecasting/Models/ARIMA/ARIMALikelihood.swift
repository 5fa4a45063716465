import Foundation
import LinearAlgebra

/// Estimation and automatic order selection.
enum ARIMAEstimator {
    /// The Kalman filter's sums for the exact likelihood of w − μ under ARMA(φ, θ): Σv²/F, Σ log F, the
    /// innovations, and the predicted state after the last observation.
    struct Filter {
        var ssq = 0.0
        var sumLog = 0.0
        var innovations: [Double] = []
        var state: [Double] = []
        var covariance: [Double] = []
    }

    /// The final pass at the estimates, keeping the innovations and the last predicted state.
    static func filter(_ w: [Double], mean: Double, ar: [Double], ma: [Double]) -> Filter? {
        let ws = Workspace(r: max(ar.count, ma.count + 1))
        ws.setCoefficients(ar: ar, ma: ma)
        var innovations: [Double] = []
        innovations.reserveCapacity(w.count)
        guard let sums = ws.run(w, mean: mean, { innovations.append($0) }) else { return nil }
        return Filter(
            ssq: sums.ssq, sumLog: sums.sumLog, innovations: innovations,
            state: Array(UnsafeBufferPointer(start: ws.a, count: ws.r)),
            covariance: Array(UnsafeBufferPointer(start: ws.p, count: ws.m)))
    }

    /// Buffers reused by every likelihood evaluation of one fit (the optimiser calls it hundreds of times); raw
    /// pointers, so the inner loop pays neither allocation nor exclusivity checks.
    final class Workspace {
        let r: Int, m: Int
        let lyapunov: UnsafeMutablePointer<Double>, rhs: UnsafeMutablePointer<Double>,
            pivots: UnsafeMutablePointer<Int32>
        let p: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
        let phi: UnsafeMutablePointer<Double>, load: UnsafeMutablePointer<Double>

        init(r: Int) {
            self.r = r
            m = r * r
            lyapunov = .allocate(capacity: m * m); rhs = .allocate(capacity: m); pivots = .allocate(capacity: m)
            p = .allocate(capacity: m); a = .allocate(capacity: r); scratch = .allocate(capacity: m + 2 * r)
            phi = .allocate(capacity: r); load = .allocate(capacity: r)
        }

        deinit {
            for buffer in [lyapunov, rhs, p, a, scratch, phi, load] { buffer.deallocate() }
            pivots.deallocate()
        }

        /// T's first column φ (padded to r) and R = (1, θ₁, …) from coefficients.
        func setCoefficients(ar: [Double], ma: [Double]) {
            for i in 0..<r {
                phi[i] = i < ar.count ? ar[i] : 0; load[i] = i == 0 ? 1 : (i - 1 < ma.count ? ma[i - 1] : 0)
            }
        }

        /// φ and R from the optimiser's raw parameters: AR from the partial autocorrelations tanh(raw), MA as −(the
        /// same map of its raw values).
        func setRaw(_ raw: [Double], arCount: Int, maCount: Int) {
            phi.update(repeating: 0, count: r)
            load.update(repeating: 0, count: r)
            load[0] = 1
            raw.withUnsafeBufferPointer { x in
                guard let base = x.baseAddress else { return }
                ARIMAEstimator.partialAutocorrelationsToCoefficients(base, arCount, phi, scratch, sign: 1)
                ARIMAEstimator.partialAutocorrelationsToCoefficients(
                    base + arCount, maCount, load + 1, scratch, sign: -1)
            }
        }

        /// The stationary state covariance into `p`: (I − T⊗T) vec P = vec RRᵀ with T[i,0] = φᵢ and T[i,i+1] = 1,
        /// solved by LAPACK dgesv (1/(1 − φ²) when r = 1). False when the AR part is not stationary.
        func stationaryCovariance() -> Bool {
            if r == 1 {
                guard phi[0] * phi[0] < 1 else { return false }
                p[0] = 1 / (1 - phi[0] * phi[0])
                return true
            }
            let l = lyapunov
            l.update(repeating: 0, count: m * m)
            for i in 0..<r {
                for j in 0..<r {
                    let row = i * r + j
                    rhs[row] = load[i] * load[j]
                    l[row * m + row] += 1  // column-major: entry (row, col) at col·m + row
                    l[row] -= phi[i] * phi[j]  // column 0·r + 0
                    if j + 1 < r { l[(j + 1) * m + row] -= phi[i] }
                    if i + 1 < r { l[((i + 1) * r) * m + row] -= phi[j] }
                    if i + 1 < r && j + 1 < r { l[((i + 1) * r + j + 1) * m + row] -= 1 }
                }
            }
            guard LinearSystem.solveInPlace(l, rhs, pivots: pivots, n: m) else { return false }
            for i in 0..<m { p[i] = rhs[i] }
            return (0..<m).allSatisfy { p[$0].isFinite }
        }

        /// The exact likelihood's sums over w − mean from the stationary start; `a` and `p` end as the prediction
        /// for the period after the data.
        func run(_ w: [Double], mean: Double, _ innovations: ((Double) -> Void)? = nil) -> (
            ssq: Double, sumLog: Double
        )? {
            guard stationaryCovariance() else { return nil }
            a.update(repeating: 0, count: r)
            var ssq = 0.0, sumLog = 0.0
            let ok: Bool = w.withUnsafeBufferPointer { x in
                let phi = UnsafeBufferPointer(start: phi, count: r), load = UnsafeBufferPointer(start: load, count: r)
                let a = UnsafeMutableBufferPointer(start: a, count: r),
                    p = UnsafeMutableBufferPointer(start: p, count: m)
                let s = UnsafeMutableBufferPointer(start: scratch, count: m + 2 * r)
                // The state sizes of the orders the automatic search visits, each with its size a constant in the
                // inlined pass (its loops unrolled); the same operations in the same order as the general pass.
                switch r {
                case 1: return ARIMAEstimator.kalmanPass(x, mean, 1, phi, load, a, p, s, &ssq, &sumLog, innovations)
                case 2: return ARIMAEstimator.kalmanPass(x, mean, 2, phi, load, a, p, s, &ssq, &sumLog, innovations)
                case 3: return ARIMAEstimator.kalmanPass(x, mean, 3, phi, load, a, p, s, &ssq, &sumLog, innovations)
                case 4: return ARIMAEstimator.kalmanPass(x, mean, 4, phi, load, a, p, s, &ssq, &sumLog, innovations)
                default: return ARIMAEstimator.kalmanPass(x, mean, r, phi, load, a, p, s, &ssq, &sumLog, innovations)
                }
            }
            return ok ? (ssq, sumLog) : nil
        }
    }

    /// Σv²/F and Σ log F of the exact likelihood at raw parameters, without allocating.
    static func likelihoodSums(
        _ w: [Double], mean: Double, raw: [Double], arCount: Int, maCount: Int,
        _ ws: Workspace
    ) -> (ssq: Double, sumLog: Double)? {
        ws.setRaw(raw, arCount: arCount, maCount: maCount)
        return ws.run(w, mean: mean)
    }

    /// One pass of the Kalman filter over x − mean from the state a and covariance p (updated in place).
    @inline(__always)
    static func kalmanPass(
        _ x: UnsafeBufferPointer<Double>, _ mean: Double, _ r: Int, _ phi: UnsafeBufferPointer<Double>,
        _ load: UnsafeBufferPointer<Double>, _ a: UnsafeMutableBufferPointer<Double>,
        _ p: UnsafeMutableBufferPointer<Double>, _ s: UnsafeMutableBufferPointer<Double>,
        _ ssq: inout Double, _ sumLog: inout Double, _ innovations: ((Double) -> Void)?
    ) -> Bool {
        guard let base = s.baseAddress else { return false }
        let tp = base, k = base + r * r, row = k + r
        var steady = false
        // log F, kept once the covariance is steady (F no longer changes, nor its logarithm).
        var logF = 0.0
        for t in 0..<x.count {
            let f = p[0]
            guard f > 0, f.isFinite else { return false }
            let v = x[t] - mean - a[0]
            ssq += v * v / f
            if !steady { logF = log(f) }
            sumLog += logF
            innovations?(v / f.squareRoot())
            // Update with the gain K = P[:,0]/F, then predict a ← T·a.
            for i in 0..<r { k[i] = p[i * r] / f; a[i] += k[i] * v }
            let a0 = a[0]
            for i in 0..<(r - 1) { a[i] = phi[i] * a0 + a[i + 1] }
            a[r - 1] = phi[r - 1] * a0
            guard !steady else { continue }
            // P ← T(P − K·P[0,:])Tᵀ + RRᵀ; once it stops changing it stays (the steady state).
            for j in 0..<r { row[j] = p[j] }
            for i in 0..<r { for j in 0..<r { p[i * r + j] -= k[i] * row[j] } }
            for i in 0..<r {
                for j in 0..<r { tp[i * r + j] = phi[i] * p[j] + (i + 1 < r ? p[(i + 1) * r + j] : 0) }
            }
            var change = 0.0
            for i in 0..<r {
                for j in 0..<r {
                    let next = tp[i * r] * phi[j] + (j + 1 < r ? tp[i * r + j + 1] : 0) + load[i] * load[j]
                    change = max(change, abs(next - p[i * r + j] - k[i] * row[j]))  // against the last prediction
                    p[i * r + j] = next
                }
            }
            if change < 1e-12 { steady = true }
        }
        return true
    }

    /// The Durbin–Levinson map of ``coefficients(_:)`` into `out` (count values, times `sign`), `work` as scratch.
    static func partialAutocorrelationsToCoefficients(
        _ raw: UnsafePointer<Double>, _ count: Int, _ out: UnsafeMutablePointer<Double>,
        _ work: UnsafeMutablePointer<Double>, sign: Double
    ) {
        guard count > 0 else { return }
        for k in 0..<count {
            let a = tanh(raw[k])
            for j in 0..<k { work[j] = out[j] - a * out[k - 1 - j] }
            for j in 0..<k { out[j] = work[j] }
            out[k] = a
        }
        if sign != 1 { for j in 0..<count { out[j] *= sign } }
    }

    /// Partial autocorrelations (tanh of the raw parameters) to a stationary AR polynomial (Durbin–Levinson).
    static func coefficients(_ raw: ArraySlice<Double>) -> [Double] {
        var phi: [Double] = []
        for (k, x) in raw.enumerated() {
            let a = tanh(x)
            var next = phi
            for j in 0..<k { next[j] = phi[j] - a * phi[k - 1 - j] }
            next.append(a)
            phi = next
        }
        return phi
    }

}
