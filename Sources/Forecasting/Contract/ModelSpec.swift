/// A model named in the model grammar, parsed once: `auto`, `ets`, `ets:AAdN`, `ets:AAN|MAN`, `arima`,
/// `arima:1,1,0+drift`, `combo:ets+theta`, `naive`, … (the whole grammar is in the Forecasting documentation,
/// *Model grammar*). Parse it with ``parse(_:)`` and build the model with ``model(seed:)``.
public struct ModelSpec: Sendable, Hashable, CustomStringConvertible {
    /// What the name denotes.
    public enum Family: Sendable, Hashable {
        /// The recommended automatic method (``AutomaticModel``); for validation, `auto:own` without the tiny-series
        /// prior, `auto:raw` without the outlier screen, `auto:mean` with the mean of the members' point forecasts
        /// instead of their median, `auto:trim` with their mean without the extremes, `auto:nocal` without the
        /// calibration of long series' intervals (`auto:cal=W` with the exponent W at every level, `auto:tail=C` with
        /// the tail prior C), `auto:nostretch` without the horizon stretch of shorter series' ones, `auto:arima=N` with
        /// ARIMA from N observations, `auto:M1+M2+…` with other members.
        case automatic(
            tinySeriesPrior: Bool = true, outlierScreen: Bool = true, members: [ModelSpec]? = nil,
            pointRule: FittedParameters.PointRule = .median,
            longSeriesCalibration: AutomaticModel.LongSeriesCalibration? = AutomaticModel.LongSeriesCalibration(),
            horizonStretch: HorizonStretch? = HorizonStretch(),
            arimaMinimum: Int = AutomaticModel.defaultARIMAMinimum)
        /// Exponential smoothing with a selection of forms; `alias` is the name shown for `ses`, `holt`, `damped`.
        case exponentialSmoothing(ETSSpec)
        case theta
        case optimizedTheta(OptimizedThetaModel.Variant, shrinkage: Double = 0)
        /// Complex exponential smoothing (``ComplexSmoothingModel``).
        case complexSmoothing
        case arima(ARIMAModel.Selection)
        /// A combination: nil members are the default ETS + ARIMA + Theta.
        case combination(members: [ModelSpec]?)
        case naive
        case drift
        /// The random walk with drift on the logarithms, its growth shrunk toward a prior (``ShrunkDriftModel``).
        case shrunkDrift
        case mean
        /// `linear`, `quadratic`, `loglinear`.
        case trendRegression(degree: Int, logScale: Bool)
    }

    /// The settings of an exponential-smoothing model.
    public struct ETSSpec: Sendable, Hashable {
        /// Which forms: all of them combined (automatic), the best by AICc, a fixed form or the best of a list.
        public var selection: ExponentialSmoothing.Selection = .automatic
        /// How the automatic selection weights its forms.
        public var combination: ExponentialSmoothing.Combination = .equal
        /// Whether positive series are also fitted on their logarithms.
        public var scales: ExponentialSmoothing.Scales = .dataAndLog
        /// Whether the constant-slope forms (β = 0) join the automatic combination.
        public var includeConstantSlopeForms = true
        /// An upper bound of β/α below R's usual region (validation variants `ets~B`).
        public var trendRatioBound: Double = 1
        /// The name shown instead of the default (`ses`, `holt`, `damped`).
        public var alias: String?
    }

    /// What the name denotes.
    public let family: Family
    /// The name as given (a combination's label is its lowercased form).
    public let text: String

    /// `auto`, the default.
    public static let auto = ModelSpec(family: .automatic(), text: "auto")

    /// A spec of `family`, shown as `text`.
    public init(family: Family, text: String) {
        self.family = family
        self.text = text
    }

    /// The model names, in the order help text lists them.
    public static let names = [
        "auto", "ets", "ets:data", "ets:select", "ets:akaike", "ets:FORM (ANN, AAN, AAdN, MNN, MAN, MAdN)",
        "ses", "holt", "damped", "theta", "otm", "dotm", "ces", "arima", "auto.arima", "arima:P,D,Q (+drift)", "combo",
        "combo:M1+M2+…", "naive", "drift", "drift:shrunk", "mean", "linear", "loglinear", "quadratic",
    ]

    /// Names accepted besides ``names`` (R's function names and synonyms).
    static let aliases: [String: String] = [
        "rw": "naive", "randomwalk": "naive", "rwdrift": "drift", "rwf": "drift", "meanf": "mean", "trend": "linear",
        "log-linear": "loglinear", "exponential": "loglinear", "autoces": "ces",
    ]

    /// The canonical name (the one the model reports).
    public var description: String { model().name }

    /// Parses a model name (case-insensitive).
    /// - Throws: ``ForecastingError/unknownModel(_:known:)`` naming the valid models, with a suggestion for a near miss.
    public static func parse(_ name: String) throws(ForecastingError) -> ModelSpec {
        guard let spec = parseIfValid(name.lowercased(), original: name) else {
            throw .unknownModel(name, known: names)
        }
        return ModelSpec(family: spec.family, text: name)
    }

    private static func parseIfValid(_ lower: String, original: String) -> ModelSpec? {
        func spec(_ family: Family) -> ModelSpec { ModelSpec(family: family, text: lower) }
        func ets(_ configure: (inout ETSSpec) -> Void) -> ModelSpec {
            var s = ETSSpec()
            configure(&s)
            return spec(.exponentialSmoothing(s))
        }
        if lower.hasPrefix("auto:stretch=") {
            // `auto` with another horizon stretch (for validating the default): a, b, the longest horizon, and
            // `after` to stretch the prior-widened bands.
            let fields = lower.dropFirst("auto:stretch=".count).split(separator: ",")
            let numbers = fields.prefix(3).compactMap { Double($0) }
            guard numbers.count == 3, numbers.allSatisfy({ $0.isFinite && $0 >= 0 }), numbers[0] > 0,
                fields.count == 3 || (fields.count == 4 && fields[3] == "after")
            else { return nil }
            return spec(
                .automatic(
                    horizonStretch: HorizonStretch(
                        oneStep: numbers[0], growth: numbers[1], longestHorizon: numbers[2],
                        beforePrior: fields.count == 3)))
        }
        // The finite, non-negative number after `prefix` (nil: another name, or not such a number).
        func number(after prefix: String) -> Double? {
            guard lower.hasPrefix(prefix), let x = Double(lower.dropFirst(prefix.count)), x.isFinite, x >= 0 else {
                return nil
            }
            return x
        }
        // `auto` with another calibration of long series (for validating the default): one exponent at every level,
        // or another tail prior c.
        if let w = number(after: "auto:cal=") {
            return w <= 1 ? spec(.automatic(longSeriesCalibration: .init(tailPrior: nil, strength: w))) : nil
        }
        if let c = number(after: "auto:tail=") { return spec(.automatic(longSeriesCalibration: .init(tailPrior: c))) }
        if lower.hasPrefix("auto:cal=") || lower.hasPrefix("auto:tail=") { return nil }
        if lower.hasPrefix("auto:arima=") {
            // `auto` with ARIMA from another number of observations (for validating the default).
            guard let n = Int(lower.dropFirst("auto:arima=".count)), (3...1000).contains(n) else { return nil }
            return spec(.automatic(arimaMinimum: n))
        }
        // The optimised Theta methods with a ridge drawing θ toward 2 (for validation).
        if let k = number(after: "dotm~") { return spec(.optimizedTheta(.dynamic, shrinkage: k)) }
        if let k = number(after: "otm~") { return spec(.optimizedTheta(.optimized, shrinkage: k)) }
        if lower.hasPrefix("ets~") || lower.hasPrefix("ets:akaike~") {
            // The automatic combination with a cap on β/α (for validating the default, which has none).
            guard let text = lower.split(separator: "~").last, let bound = Double(text), bound > 0, bound <= 1 else {
                return nil
            }
            return ets {
                $0.combination = lower.hasPrefix("ets:akaike") ? .akaike : .equal; $0.trendRatioBound = bound
            }
        }
        switch lower {
        case "auto": return spec(.automatic())
        case "auto:own": return spec(.automatic(tinySeriesPrior: false))
        case "auto:raw": return spec(.automatic(outlierScreen: false))
        case "auto:mean": return spec(.automatic(pointRule: .mean))
        case "auto:trim": return spec(.automatic(pointRule: .trimmed))
        case "auto:nocal": return spec(.automatic(longSeriesCalibration: nil))
        case "auto:nostretch": return spec(.automatic(horizonStretch: nil))
        case "ets": return ets { _ in }
        case "ets:select": return ets { $0.selection = .best }
        case "ets:akaike": return ets { $0.combination = .akaike }
        case "ets:noslope0": return ets { $0.includeConstantSlopeForms = false }
        case "ets:data": return ets { $0.scales = .data }
        case "ses":
            return ets {
                $0.selection = .fixed(ETSForm(error: .additive, trend: .none)); $0.alias = "ses"
            }
        case "holt":
            return ets {
                $0.selection = .fixed(ETSForm(error: .additive, trend: .additive)); $0.alias = "holt"
            }
        case "damped":
            return ets {
                $0.selection = .fixed(ETSForm(error: .additive, trend: .damped)); $0.alias = "damped"
            }
        case "theta": return spec(.theta)
        case "otm": return spec(.optimizedTheta(.optimized))
        case "dotm": return spec(.optimizedTheta(.dynamic))
        case "ces": return spec(.complexSmoothing)
        case "arima": return spec(.arima(.automatic(maxDifferences: 1)))
        case "auto.arima": return spec(.arima(.automatic(maxDifferences: 2)))
        case "combo": return spec(.combination(members: nil))
        case "naive": return spec(.naive)
        case "drift": return spec(.drift)
        case "drift:shrunk": return spec(.shrunkDrift)
        case "mean": return spec(.mean)
        case "linear": return spec(.trendRegression(degree: 1, logScale: false))
        case "loglinear": return spec(.trendRegression(degree: 1, logScale: true))
        case "quadratic": return spec(.trendRegression(degree: 2, logScale: false))
        default: break
        }
        if let canonical = aliases[lower] { return parseIfValid(canonical, original: original) }
        if lower.hasPrefix("ets:") {
            // Forms keep their letters' case in the name (ets:AAdN), as given.
            let codes = original.dropFirst(4).split(separator: "|").map(String.init)
            let forms = codes.compactMap(ETSForm.parse)
            guard forms.count == codes.count, let first = forms.first else { return nil }
            return ets { $0.selection = forms.count == 1 ? .fixed(first) : .among(forms) }
        }
        if lower.hasPrefix("arima:") {
            // arima:1,1,0 (a constant when d = 0, as R's Arima) or arima:1,1,0+drift.
            var text = lower.dropFirst(6)
            let drift = text.hasSuffix("+drift")
            if drift { text = text.dropLast(6) }
            let parts = text.split(separator: ",").map { Int($0) }
            guard parts.count == 3, let p = parts[0], let d = parts[1], let q = parts[2],
                (0...5).contains(p), (0...2).contains(d), (0...5).contains(q), !(drift && d != 1)
            else { return nil }
            return spec(.arima(.fixed(ARIMAOrder(p: p, d: d, q: q, constant: d == 0 || drift))))
        }
        for prefix in ["combo:", "auto:"] where lower.hasPrefix(prefix) {
            let parts = lower.dropFirst(prefix.count).split(separator: "+").map(String.init)
            guard parts.count >= 2,
                !parts.contains(where: { $0.hasPrefix("combo") || $0 == "auto" || $0.hasPrefix("auto:") })
            else {
                return nil
            }
            var members: [ModelSpec] = []
            for member in parts {
                guard let m = parseIfValid(member, original: member) else { return nil }
                members.append(m)
            }
            return spec(prefix == "auto:" ? .automatic(members: members) : .combination(members: members))
        }
        return nil
    }

    /// The same fixed-order ARIMA with a drift (`--drift`); other models are returned unchanged.
    /// - Throws: ``ForecastingError/unknownModel(_:known:)`` for a fixed order whose d is not 1.
    public func withDrift() throws(ForecastingError) -> ModelSpec {
        guard case let .arima(.fixed(order)) = family, !order.constant || order.d != 1 else { return self }
        guard order.d == 1 else { throw .unknownModel(text + "+drift", known: Self.names) }
        return ModelSpec(
            family: .arima(.fixed(ARIMAOrder(p: order.p, d: 1, q: order.q, constant: true))), text: text + "+drift")
    }

    /// The model, with `seed` for its simulated intervals, fitted in a safe magnitude (``MagnitudeScaled``: a series
    /// whose largest |value| lies outside about 10⁻⁶⁰…10⁶⁰ is fitted times a power of ten).
    public func model(seed: UInt64 = ModelDefaults.seed) -> any ForecastModel {
        MagnitudeScaled(familyModel(seed: seed))
    }

    /// The family's model as it is: a member of a combination, whose series the combination has rescaled already.
    func familyModel(seed: UInt64) -> any ForecastModel {
        switch family {
        case let .automatic(prior, screen, members, point, calibration, stretch, arimaMinimum):
            var model = AutomaticModel(seed: seed, tinySeriesPrior: prior ? TinySeriesPrior() : nil)
            model.arimaMinimumObservations = arimaMinimum
            if !screen { model.outlierScreen = nil }
            model.longSeriesCalibration = calibration
            model.horizonStretch = stretch
            model.pointRule = point
            if let members { model.members = members.map { $0.familyModel(seed: seed) } }
            return model
        case let .exponentialSmoothing(s):
            return ExponentialSmoothing(
                selection: s.selection, combination: s.combination,
                includeConstantSlopeForms: s.includeConstantSlopeForms, scales: s.scales,
                trendRatioBound: s.trendRatioBound, seed: seed, name: s.alias)
        case .theta: return ThetaModel()
        case let .optimizedTheta(variant, shrinkage): return OptimizedThetaModel(variant: variant, shrinkage: shrinkage)
        case .complexSmoothing: return ComplexSmoothingModel()
        case let .arima(selection): return ARIMAModel(selection: selection)
        case let .combination(members):
            guard let members else { return CombinationModel(seed: seed) }
            return CombinationModel(
                members: members.map { $0.familyModel(seed: seed) }, seed: seed, name: text.lowercased())
        case .naive: return NaiveModel()
        case .drift: return DriftModel()
        case .shrunkDrift: return ShrunkDriftModel()
        case .mean: return MeanModel()
        case let .trendRegression(degree, logScale): return TrendRegression(degree: degree, logScale: logScale)
        }
    }
}

/// The models that can be named on the command line (the entry point of earlier releases; prefer ``ModelSpec``).
public enum ModelCatalog {
    /// Every model name, in the order help text lists them.
    public static var names: [String] { ModelSpec.names }

    /// The model called `name` (case-insensitive).
    /// - Throws: ``ForecastingError/unknownModel(_:known:)``.
    public static func model(named name: String, seed: UInt64 = ModelDefaults.seed) throws(ForecastingError)
        -> any ForecastModel
    {
        try ModelSpec.parse(name).model(seed: seed)
    }
}
