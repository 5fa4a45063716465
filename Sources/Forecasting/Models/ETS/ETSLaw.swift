/// The predictive law of one exponential-smoothing form at horizons 1…h: a normal law (additive errors), a
/// log-normal one (additive errors on the logarithms), or a sorted simulated sample (multiplicative errors).
enum ETSLaw: Sendable {
    case normal(mean: [Double], sd: [Double])
    /// exp of a normal law with these parameters (a form with additive errors fitted to the logarithms).
    case logNormal(mean: [Double], sd: [Double])
    case sample(sorted: [[Double]])
}

extension Mixture {
    /// The mixture of exponential-smoothing laws at horizon index `h`.
    init(_ laws: [ETSLaw], _ weights: [Double], step h: Int) {
        self.init(equallyWeighted: [])
        for (law, w) in zip(laws, weights) {
            switch law {
            case let .normal(m, sd): normals.append(Parametric(mean: m[h], sd: sd[h], weight: w))
            case let .logNormal(m, sd): logNormals.append(Parametric(mean: m[h], sd: sd[h], weight: w))
            case let .sample(sorted): samples.append(Sample(sorted: sorted[h], weight: w))
            }
        }
    }
}
