import Foundation

/// What ``ExponentialSmoothing`` returns: one form, or the weighted mixture of forms of the automatic selection
/// (forms on the data's scale and, for a positive series, on its logarithms).
///
/// The point forecast is the weighted mean of the data-scale forms' point forecasts; with forms on the logarithms,
/// the average of that and exp of their weighted mean (the median of the log-scale combination). The predictive law
/// at each horizon is the ``Mixture`` of the forms' laws: the two scales weigh half each.
public struct FittedETS: FittedModel {
    /// The form with the smallest AICc (the only form of a single-form fit).
    public let lead: ETSFormFit
    /// The form chosen, or `ETS-comb(…)` for a mixture of forms.
    public internal(set) var modelName: String
    /// Set when a simpler form than the one asked for was fitted.
    public internal(set) var note: String?
    /// The closest form a selection by AICc passed over (``ETSParameters/runnerUp``).
    public internal(set) var runnerUp: String?
    /// The forms of a combination on the data's scale and their weights (empty for a single form).
    public private(set) var members: [ETSFormFit] = []
    /// Weights of ``members`` (they sum to 1).
    public private(set) var weights: [Double] = []
    /// The forms fitted on the logarithms of the data and their weights within that scale (empty unless the automatic
    /// combination includes the log scale); the two scales then weigh half each.
    public private(set) var logMembers: [ETSFormFit] = []
    /// Weights of ``logMembers`` within the log scale (they sum to 1).
    public private(set) var logWeights: [Double] = []

    init(lead: ETSFormFit, modelName: String, note: String?) {
        self.lead = lead
        self.modelName = modelName
        self.note = note
    }

    /// The series fitted.
    public var series: Series { lead.series }
    /// The lead form.
    public var form: ETSForm { lead.form }
    /// The lead form's one-step forecasts.
    public var fittedValues: [Double] { lead.fittedValues }
    /// The lead form's one-step errors.
    public var residuals: [Double] { lead.residuals }
    /// The lead form's σ².
    public var residualVariance: Double { lead.residualVariance }
    /// Whether the lead form's errors are relative (multiplicative errors).
    public var residualsAreUnitFree: Bool { lead.residualsAreUnitFree }
    /// Whether more than one form makes up the forecast.
    public var isMixture: Bool { members.count > 1 || !logMembers.isEmpty }
    /// One form's likelihood; a mixture of forms has none.
    public var likelihood: (any LikelihoodFit)? { isMixture ? nil : lead }

    /// One form's estimates, or every form of the mixture with its weight and scale.
    public var parameters: FittedParameters {
        guard isMixture else {
            var estimates = lead.estimates
            estimates.runnerUp = runnerUp
            return .exponentialSmoothing(estimates)
        }
        let (data, dataWeights) = dataScale
        let half = logMembers.isEmpty ? 1.0 : 0.5
        return .formMixture(
            zip(data, dataWeights).map { .init(parameters: $0.estimates, weight: half * $1, onLogarithms: false) }
                + zip(logMembers, logWeights).map {
                    .init(parameters: $0.estimates, weight: 0.5 * $1, onLogarithms: true)
                })
    }

    /// The output name and note for the selection that produced the lead form: the form chosen, or for a fixed form
    /// the model's own name (`ses`, `ets:AAN`).
    static func requested(_ lead: ETSFormFit, _ selection: ExponentialSmoothing.Selection, modelName: String)
        -> FittedETS
    {
        let form = lead.form, series = lead.series
        var note: String? = nil
        var name = form.description
        switch selection {
        case .automatic, .best, .among:
            if !lead.estimates.statesEstimated {
                note =
                    "\(series.count) observations: initial states of \(form) fixed (\(form.hasTrend ? "a least-squares line through the first points" : "the first value"))"
            }
        case let .fixed(requested):
            name = modelName
            if requested != form || !lead.estimates.statesEstimated {
                note =
                    lead.estimates.statesEstimated
                    ? "\(series.count) observations are too few for \(requested); fitted \(form)"
                    : "\(series.count) observations are too few to estimate the initial states of \(form); they were fixed (\(form.hasTrend ? "a least-squares line through the first points" : "the first value"))"
            }
        }
        return FittedETS(lead: lead, modelName: name, note: note)
    }

    /// This fit as a weighted combination of `members`.
    func combined(_ members: [ETSFormFit], weights: [Double]) -> FittedETS {
        var copy = self
        let total = weights.reduce(0, +)
        copy.members = members
        copy.weights = weights.map { $0 / total }
        if members.count > 1 {
            copy.modelName = "ETS-comb(\(members.count) forms, best \(form.code))"
        }
        return copy
    }

    /// This fit (the data's scale) combined with `onLogs`, the same selection fitted on the logarithms of the data.
    func withLogScale(_ onLogs: FittedETS) -> FittedETS {
        var copy = self
        copy.logMembers = onLogs.members.isEmpty ? [onLogs.lead] : onLogs.members
        copy.logWeights = onLogs.members.isEmpty ? [1] : onLogs.weights
        let dataForms = max(1, members.count)
        copy.modelName =
            "ETS-comb(\(dataForms) form\(dataForms == 1 ? "" : "s") + \(copy.logMembers.count) on logs, best \(form.code))"
        return copy
    }

    /// Whole steps ahead of the last observation for each forecast time (at least 1).
    func horizonSteps(_ times: [Double]) -> [Int] { series.stepsAhead(times) }

    /// Means and the mixtures from one set of the forms' laws (one simulation).
    public func predictive(at times: [Double]) -> PredictiveForecast {
        let steps = horizonSteps(times)
        let maxH = steps.max() ?? 1
        let (laws, lawWeights) = mixture(maxH: maxH)
        let mean = meanPath(maxH: maxH)
        let atStep = (0..<maxH).map { Mixture(laws, lawWeights, step: $0) }
        return PredictiveForecast(mean: steps.map { mean[$0 - 1] }, laws: steps.map { atStep[$0 - 1] })
    }

    /// The forms on the data's scale and their weights (the lead form alone when it is a single form).
    var dataScale: (forms: [ETSFormFit], weights: [Double]) { members.count > 1 ? (members, weights) : ([lead], [1]) }

    /// The point forecasts at horizons 1…maxH: the weighted mean of the forms' point forecasts on the data's scale;
    /// with forms on the logarithms, the average of that and exp of their weighted mean (the median of the log-scale
    /// combination, as a model fitted to the logarithms and back-transformed).
    func meanPath(maxH: Int) -> [Double] {
        let (data, dataWeights) = dataScale
        var mean = [Double](repeating: 0, count: maxH)
        for (m, w) in zip(data, dataWeights) { for (h, v) in m.pointPath(maxH: maxH).enumerated() { mean[h] += w * v } }
        guard !logMembers.isEmpty else { return mean }
        var logMean = [Double](repeating: 0, count: maxH)
        for (m, w) in zip(logMembers, logWeights) {
            for (h, v) in m.pointPath(maxH: maxH).enumerated() { logMean[h] += w * v }
        }
        return (0..<maxH).map { 0.5 * mean[$0] + 0.5 * exp(logMean[$0]) }
    }

    /// The forms' predictive laws at horizons 1…maxH and their weights. A single form is a mixture of one. In a
    /// combination a simulated form gets paths in proportion to its weight within its scale (at least 100, in steps
    /// of 100). Forms on the logarithms give the laws of exp of their forecasts.
    func mixture(maxH: Int) -> (laws: [ETSLaw], weights: [Double]) {
        let paths = lead.simulationPaths
        func laws(_ forms: [ETSFormFit], _ weights: [Double], onLogs: Bool) -> [ETSLaw] {
            guard forms.count > 1 else { return forms.map { $0.law(maxH: maxH, paths: paths, onLogs: onLogs) } }
            return zip(forms, weights).map { m, w in
                m.law(
                    maxH: maxH, paths: min(paths, max(100, Int((w * Double(paths) / 100).rounded()) * 100)),
                    onLogs: onLogs)
            }
        }
        let (data, dataWeights) = dataScale
        guard !logMembers.isEmpty else { return (laws(data, dataWeights, onLogs: false), dataWeights) }
        return (
            laws(data, dataWeights, onLogs: false) + laws(logMembers, logWeights, onLogs: true),
            dataWeights.map { 0.5 * $0 } + logWeights.map { 0.5 * $0 }
        )
    }
}
