import Foundation

/// Exponential smoothing in state-space form, estimated by maximum likelihood (R `forecast::ets` for
/// non-seasonal data), with three ways of choosing the form.
///
/// Estimation follows R: the initial level (and trend) are estimated with the smoothing parameters by the
/// Nelder–Mead optimiser, starting from α = 0.2, β = 0.02, φ = 0.978 and a least-squares line through the
/// first ten points; parameters stay in both the usual region (1e-4 ≤ α ≤ 0.9999, 1e-4 ≤ β ≤ α,
/// 0.8 ≤ φ ≤ 0.98) and the admissible (forecastable) region. The objective is n·log(SSE) plus
/// 2·Σ log|ŷ| for multiplicative errors. Forms with as many parameters as points less one are not fitted;
/// on very short series the initial states are fixed (the first value; with a trend, R's least-squares start) so that
/// fewer parameters than points are always estimated, and a series of 3 points still gets an answer.
/// In the automatic combination the additive-error forms concentrate their initial states out: the one-step errors
/// are affine in (ℓ₀, b₀), so for each α (β, φ) the states are the least-squares ones, and the optimiser (Brent's
/// method for α alone, Nelder–Mead otherwise) searches the smoothing parameters only. That reaches at least the
/// joint optimum in about half the evaluations; the single-form fits keep R's joint search for parity.
///
/// Choosing the form:
/// - ``Selection/automatic`` (`--model ets`, the default): the forecasts of all admissible forms (those with
///   a finite AICc) combined with equal weights, the forms being the six above plus ETS(A,A,N) and ETS(M,A,N)
///   with β = 0 — a level that adapts and a slope that does not, i.e. simple exponential smoothing with drift,
///   the model behind the Theta method (Hyndman & Billah 2003), which R's lower bound β ≥ 1e-4 leaves out.
///   Each choice won rolling-origin validation within the M3 yearly *training* data at the M3 horizon (6):
///   equal weights over AICc selection and over Akaike weights (Kolassa, IJF 27, 2011), the β = 0 forms over
///   their absence; capping β/α below R's usual region did not help, so the regions are R's
///   (`scripts/validate_ets_design.sh`; the M3 test values were not used for these choices).
///   For a positive series (``Scales/dataAndLog``, the default) the same is done on the logarithms of the data with
///   the additive-error forms (R's `ets(lambda = 0)`; additive errors on the logarithms are multiplicative errors on
///   the data, and unlike multiplicative errors on the logarithms they do not depend on the unit of measure), and the
///   two scales weigh half each: the point forecast is the average of the data-scale mean and exp of the log-scale
///   mean (the back-transformed median), the predictive law the mixture of the data-scale laws and the log-normal
///   laws of the log-scale forms. This won the same validation (sMAPE/MASE 19.50/3.215 against 19.80/3.249 on the
///   data's scale alone).
/// - ``Selection/best``: the single form with the smallest AICc, R's usual region (β ≤ α): R's `ets()`.
/// - ``Selection/fixed(_:)`` and ``Selection/among(_:)``: one form, or the best of a list.
///
/// Intervals: analytic variances for additive errors (Hyndman et al. 2008, class 1); simulated sample paths
/// with an explicit seed for multiplicative errors (the same seed and series id give the same numbers); for
/// the combination, quantiles of the weighted mixture of the members' predictive distributions.
public struct ExponentialSmoothing: ForecastModel {
    /// Which forms to consider and how to use them.
    public enum Selection: Sendable, Hashable {
        /// A combination of every admissible form (multiplicative error only for positive data).
        case automatic
        /// The single form with the smallest AICc (R's `ets`).
        case best
        /// One form.
        case fixed(ETSForm)
        /// The form with the smallest AICc among these.
        case among([ETSForm])
    }

    /// What the optimiser minimises.
    public enum Criterion: Sendable, Hashable {
        /// n·log(SSE) (+ 2Σlog|ŷ| for multiplicative errors): maximum likelihood.
        case likelihood
        /// Mean squared one-step error (R's `opt.crit = "mse"`, used by `ses` inside `thetaf`).
        case meanSquaredError
    }

    /// The scales the automatic combination fits the forms on.
    public enum Scales: Sendable, Hashable {
        /// The data only.
        case data
        /// The data and, for a positive series, their logarithms (R's `ets(lambda = 0)`): half the weight each.
        case dataAndLog
    }

    /// How the automatic selection weights the forms.
    public enum Combination: Sendable, Hashable {
        /// Every admissible form counts the same.
        case equal
        /// Akaike weights wᵢ ∝ exp(−½·ΔAICcᵢ).
        case akaike
    }

    /// Which forms to consider and how to use them.
    public let selection: Selection
    /// How the automatic selection weights the forms.
    public let combination: Combination
    /// Whether the automatic combination includes the β = 0 (constant-slope) forms.
    public let includeConstantSlopeForms: Bool
    /// What the optimiser minimises.
    public let criterion: Criterion
    /// The scales of the automatic combination.
    public private(set) var scales: Scales
    /// Upper bound of β/α (1 is R's usual region).
    public let trendRatioBound: Double
    /// Seed of the simulated paths for multiplicative-error intervals.
    public let seed: UInt64
    /// Number of simulated paths.
    public let simulationPaths: Int
    /// The name shown in output.
    public let displayName: String
    /// The screen the automatic mixture of forms applies first (nil: none; fixed forms are never screened).
    public var outlierScreen: OutlierScreen? = OutlierScreen()

    /// Exponential smoothing with the given selection; the defaults are `--model ets`.
    public init(
        selection: Selection = .automatic, combination: Combination = .equal,
        includeConstantSlopeForms: Bool = true, criterion: Criterion = .likelihood,
        scales: Scales = .dataAndLog, trendRatioBound: Double = 1, seed: UInt64 = ModelDefaults.seed,
        simulationPaths: Int = ModelDefaults.simulationPaths, name: String? = nil
    ) {
        self.selection = selection
        self.combination = combination
        self.includeConstantSlopeForms = includeConstantSlopeForms
        self.criterion = criterion
        self.scales = scales
        self.trendRatioBound = min(1, max(1e-3, trendRatioBound))
        self.seed = seed
        self.simulationPaths = max(100, simulationPaths)
        switch selection {
        case .automatic:
            let base =
                (combination == .equal ? "ets" : "ets:akaike") + (includeConstantSlopeForms ? "" : "-noslope0")
                + (scales == .data ? ":data" : "")
            displayName = name ?? (self.trendRatioBound == 1 ? base : "\(base)~\(self.trendRatioBound)")
        case .best: displayName = name ?? "ets:select"
        case let .fixed(form): displayName = name ?? "ets:\(form.code)"
        case let .among(forms): displayName = name ?? "ets:" + forms.map(\.code).joined(separator: "|")
        }
    }

    /// The name shown in output (`ets`, `ets:select`, `ets:AAdN`, `ses`, …).
    public var name: String { displayName }

    /// On a scale the caller chose, the automatic combination keeps to it (no forms on the logarithms).
    public func onGivenScale() -> any ForecastModel {
        var copy = self
        copy.scales = .data
        return copy
    }
    /// Three observations at least (fewer parameters than points are always estimated).
    public var minimumObservations: Int { 3 }
}
