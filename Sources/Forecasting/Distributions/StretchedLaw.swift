/// A law stretched (k > 1) or drawn in (k < 1) about a centre c by a factor k: F(x) = F₀(c + (x − c)/k), intervals
/// c ∓ k·(c − lower₀, upper₀ − c). The short-series prior widens with it (``TinySeriesPrior``), the combination's guard
/// draws a member in (``FittedCombination/guarded(_:centers:)``), `auto`'s horizon rule stretches its laws
/// (``HorizonStretch``).
struct StretchedLaw: PredictiveDistribution {
    let base: any PredictiveDistribution
    let center: Double
    let stretch: Double
    func cdf(_ x: Double) -> Double { base.cdf(center + (x - center) / stretch) }
    func interval(level: Double) -> (lower: Double, upper: Double) {
        let (lower, upper) = base.interval(level: level)
        return (center - stretch * (center - lower), center + stretch * (upper - center))
    }
}
