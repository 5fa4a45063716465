/// Normal quantiles at the strata midpoints (i + ½)/N, cached for the common path counts.
enum StratifiedNormals {
    /// Tables for 100, 200, …, 1000 paths.
    private static let common: [[Double]] = (1...10).map { make($0 * 100) }

    static func table(_ n: Int) -> [Double] { n % 100 == 0 && n >= 100 && n <= 1000 ? common[n / 100 - 1] : make(n) }

    static func make(_ n: Int) -> [Double] {
        (0..<n).map { Normal.quantile((Double($0) + 0.5) / Double(n)) }
    }
}
