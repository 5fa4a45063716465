import Foundation

/// Unit-free estimation: exponential smoothing is fitted to the series brought by a power of ten to a mean absolute
/// value in 1,000–9,999 (on the log scale, to the logarithms less their mean), and the fit is mapped back. The
/// Nelder–Mead simplex steps every coordinate by 10% of the largest one, as R's `optim`, and its tolerance is
/// relative to the objective, which a change of unit shifts by n·log(c²): on the data as given, the same M3 series
/// in units and in thousands got intervals up to 89 times apart. On the normalised data the optimiser takes the same
/// path for any change of unit by a power of ten (thousands, millions, 10⁸ yuan), so forecasts and bands follow the
/// unit up to rounding (`scripts/check_units.py`; tested to 1e-4 of the band's width); data already in that decade —
/// most M3 series — are fitted exactly as R fits them.
struct ETSUnits {
    /// The divisor (data scale) and the offset (log scale) of the normalisation.
    let scale: Double
    let shift: Double

    /// The normalisation of `y`: on the data's scale the power of ten that brings the mean |y| into the canonical decade
    /// (1 when that mean is 0 or not finite), on the log scale the mean.
    init(_ y: [Double], logScale: Bool) {
        let n = Double(max(1, y.count))
        if logScale {
            let m = y.reduce(0, +) / n
            scale = 1
            shift = m.isFinite ? m : 0
        } else {
            let m = y.reduce(0) { $0 + abs($1) } / n
            // A power of ten: a change of unit by thousands, millions or 10⁸ (yuan to 100 million yuan) gives the same
            // normalised data, and data already in the canonical decade are fitted exactly as given (R's path).
            let decade = m.isFinite && m > 0 ? (Foundation.log10(m)).rounded(.down) - Self.canonicalDecade : 0
            scale = decade.isFinite ? Foundation.pow(10, decade) : 1
            shift = 0
        }
    }

    var isIdentity: Bool { scale == 1 && shift == 0 }

    /// The decade the data's mean absolute value is brought to (1,000–9,999): the magnitude of most M3 series, where
    /// R's optimiser was validated and the relative tolerance on n·log(SSE) behaves (at a mean near 1 the criterion
    /// sits near 0 and the tolerance never bites before the evaluation cap).
    static let canonicalDecade = 3.0

    /// The series in normalised units.
    func normalized(_ series: Series) -> Series? {
        try? Series(
            id: series.id, periods: series.periods, times: series.times,
            values: series.values.map { ($0 - shift) / scale }, anchor: series.anchor, name: series.name,
            unit: series.unit)
    }

    /// `fit` (of the normalised series) in the units of `series`.
    func restore(_ fit: ETSFormFit, to series: Series) -> ETSFormFit {
        let multiplicative = fit.form.error == .multiplicative
        let n = Double(series.count)
        // R's criterion: n·log(SSE) shifts by n·log(c²) for additive errors, 2·Σlog|ŷ| by 2n·log(c) for multiplicative
        // ones (their relative errors do not change); a shift changes neither.
        let criterionShift = 2 * n * Foundation.log(scale)
        let e = fit.estimates
        return ETSFormFit(
            series: series, form: fit.form, alpha: e.alpha, beta: e.beta, phi: e.phi,
            initialLevel: e.initialLevel * scale + shift, initialTrend: e.initialTrend * scale,
            statesEstimated: e.statesEstimated, level: fit.level * scale + shift, trend: fit.trend * scale,
            fittedValues: fit.fittedValues.map { $0 * scale + shift },
            residuals: multiplicative ? fit.residuals : fit.residuals.map { $0 * scale },
            residualVariance: multiplicative ? fit.residualVariance : fit.residualVariance * scale * scale,
            rLikelihoodCriterion: fit.rLikelihoodCriterion + criterionShift,
            estimatedParameters: fit.estimatedParameters,
            seed: fit.seed, simulationPaths: fit.simulationPaths)
    }

    /// A fit of the normalised series (a form or a mixture of forms on one scale) in the units of `series`.
    func restore(_ fitted: FittedETS, to series: Series) -> FittedETS {
        var out = FittedETS(lead: restore(fitted.lead, to: series), modelName: fitted.modelName, note: fitted.note)
        out.runnerUp = fitted.runnerUp  // a difference of criteria: the same in any unit
        if !fitted.members.isEmpty {
            out = out.combined(fitted.members.map { restore($0, to: series) }, weights: fitted.weights)
            out.modelName = fitted.modelName
        }
        return out
    }
}
