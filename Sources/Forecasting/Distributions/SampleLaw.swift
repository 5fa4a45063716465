/// The law of a sorted simulated sample: R's type-7 quantiles and their piecewise-linear inverse as the CDF.
enum SampleLaw {
    /// Type-7 sample quantile (R's default) of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = p * Double(sorted.count - 1)
        let i = Int(position.rounded(.down)), fraction = position - Double(i)
        return i + 1 < sorted.count ? sorted[i] + fraction * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    /// The CDF and density of a sorted sample (the piecewise-linear inverse of its type-7 quantile, so that its
    /// quantiles are exactly ``quantile(_:_:)``; the density is piecewise constant).
    static func cdfAndDensity(_ values: [Double], _ x: Double) -> (Double, Double) {
        let n = values.count
        guard n > 1, let first = values.first, let last = values.last else {
            return (x >= (values.first ?? 0) ? 1 : 0, 0)
        }
        if x < first { return (0, 0) }
        if x >= last { return (1, 0) }
        var lo = 0, hi = n - 1  // values[lo] <= x < values[hi]
        while hi - lo > 1 { let mid = (lo + hi) / 2; if values[mid] <= x { lo = mid } else { hi = mid } }
        let gap = values[hi] - values[lo]
        let fraction = gap > 0 ? (x - values[lo]) / gap : 0
        return ((Double(lo) + fraction) / Double(n - 1), gap > 0 ? 1 / (Double(n - 1) * gap) : 0)
    }
}
