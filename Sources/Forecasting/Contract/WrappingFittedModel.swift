/// A fitted model that wraps another and answers for it unless it says otherwise (notes, rescaled intervals).
protocol WrappingFittedModel: FittedModel {
    var base: any FittedModel { get }
}

extension WrappingFittedModel {
    var modelName: String { base.modelName }
    var series: Series { base.series }
    var fittedValues: [Double] { base.fittedValues }
    var residuals: [Double] { base.residuals }
    var residualVariance: Double { base.residualVariance }
    var residualsAreUnitFree: Bool { base.residualsAreUnitFree }
    var parameters: FittedParameters { base.parameters }
    var likelihood: (any LikelihoodFit)? { base.likelihood }
}

/// A fitted model with a note attached.
struct Annotated: WrappingFittedModel {
    let base: any FittedModel
    let note: String?

    /// `base` with `note` after its own one.
    init(base: any FittedModel, appending note: String) {
        self.base = base
        self.note = base.note.map { $0 + "; " + note } ?? note
    }

    init(base: any FittedModel, note: String?) {
        self.base = base
        self.note = note
    }

    /// `base` with `note` before its own one.
    init(base: any FittedModel, leading note: String) {
        self.base = base
        self.note = base.note.map { note + "; " + $0 } ?? note
    }

    /// `base` with `notes` after its own note; `base` itself when there are none.
    static func appending(_ notes: [String], _ base: any FittedModel) -> any FittedModel {
        notes.isEmpty ? base : Annotated(base: base, appending: notes.joined(separator: "; "))
    }

    /// `base` with `notes` before its own note; `base` itself when there are none.
    static func leading(_ notes: [String], _ base: any FittedModel) -> any FittedModel {
        notes.isEmpty ? base : Annotated(base: base, leading: notes.joined(separator: "; "))
    }

    func predictive(at times: [Double]) -> PredictiveForecast { base.predictive(at: times) }
}

/// A wrapped fit's likelihood on the data's scale: the inner fit's log-likelihood plus `shift` (the log-Jacobian of a
/// transform, or −n·log c for a change of unit by c), with its parameter and observation counts.
struct ShiftedLikelihood: LikelihoodFit, WrappingFittedModel {
    /// The wrapping fit the likelihood belongs to.
    let base: any FittedModel
    let inner: any LikelihoodFit
    let shift: Double
    var likelihood: (any LikelihoodFit)? { self }
    var logLikelihood: Double { inner.logLikelihood + shift }
    var parameterCount: Int { inner.parameterCount }
    var effectiveObservations: Int { inner.effectiveObservations }
    func predictive(at times: [Double]) -> PredictiveForecast { base.predictive(at: times) }
}
