/// A non-seasonal ARIMA order with or without a constant (the mean when d = 0, the drift when d = 1).
public struct ARIMAOrder: Sendable, Hashable, CustomStringConvertible {
    public let p: Int, d: Int, q: Int
    /// Whether a constant is fitted: the mean when d = 0, the drift when d = 1 (never with d = 2, as R).
    public let constant: Bool

    /// The order (p, d, q), with a constant if asked and d ≤ 1.
    public init(p: Int, d: Int, q: Int, constant: Bool) {
        self.p = p
        self.d = d
        self.q = q
        self.constant = constant && d <= 1
    }

    /// `ARIMA(1,1,0) with drift`, as R prints it.
    public var description: String {
        "ARIMA(\(p),\(d),\(q))" + (constant ? (d == 0 ? " with non-zero mean" : " with drift") : "")
    }

    /// Estimated parameters, σ² included (R's `npar` + 1).
    var parameterCount: Int { p + q + (constant ? 1 : 0) + 1 }
}
