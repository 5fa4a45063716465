/// The models that can be named on the command line.
public enum ModelCatalog {
    /// Every model name, in the order help text lists them.
    public static let names = ["auto", "ets", "ets:data", "ets:select", "ets:akaike", "ets:FORM (ANN, AAN, AAdN, MNN, MAN, MAdN)", "ses", "holt", "damped", "theta",
                               "arima", "auto.arima", "arima:P,D,Q (+drift)", "combo", "combo:M1+M2+…",
                               "naive", "drift", "mean", "linear", "loglinear", "quadratic"]

    /// The model called `name` (case-insensitive).
    /// - Throws: ``ForecastingError/unknownModel(_:known:)``.
    public static func model(named name: String, seed: UInt64 = 42) throws(ForecastingError) -> any ForecastModel {
        let lower = name.lowercased()
        if lower.hasPrefix("ets~") || lower.hasPrefix("ets:akaike~") {
            // The automatic combination with a cap on β/α (for validating the default, which has none).
            let text = lower.split(separator: "~").last.map(String.init) ?? ""
            guard let bound = Double(text), bound > 0, bound <= 1 else { throw .unknownModel(name, known: names) }
            return ExponentialSmoothing(selection: .automatic, combination: lower.hasPrefix("ets:akaike") ? .akaike : .equal,
                                        trendRatioBound: bound, seed: seed)
        }
        if lower.hasPrefix("ets:") && !["ets:select", "ets:akaike", "ets:noslope0", "ets:data"].contains(lower) {
            let codes = name.dropFirst(4).split(separator: "|").map(String.init)
            let forms = codes.compactMap(ETSForm.parse)
            guard forms.count == codes.count, let first = forms.first else { throw .unknownModel(name, known: names) }
            return ExponentialSmoothing(selection: forms.count == 1 ? .fixed(first) : .among(forms), seed: seed)
        }
        if lower.hasPrefix("arima:") {
            // arima:1,1,0 (a constant when d = 0, as R's Arima) or arima:1,1,0+drift.
            var text = lower.dropFirst(6)
            let drift = text.hasSuffix("+drift")
            if drift { text = text.dropLast(6) }
            let parts = text.split(separator: ",").map { Int($0) }
            guard parts.count == 3, let p = parts[0], let d = parts[1], let q = parts[2],
                  (0...5).contains(p), (0...2).contains(d), (0...5).contains(q), !(drift && d != 1) else {
                throw .unknownModel(name, known: names)
            }
            return ARIMAModel(selection: .fixed(ARIMAOrder(p: p, d: d, q: q, constant: d == 0 || drift)))
        }
        if lower.hasPrefix("combo:") {
            let names = lower.dropFirst(6).split(separator: "+").map(String.init)
            guard names.count >= 2, !names.contains(where: { $0.hasPrefix("combo") }) else { throw .unknownModel(name, known: self.names) }
            var members: [any ForecastModel] = []
            for member in names { members.append(try model(named: member, seed: seed)) }
            return CombinationModel(members: members, seed: seed, name: lower)
        }
        switch lower {
        case "combo": return CombinationModel(seed: seed)
        case "arima": return ARIMAModel()
        case "auto.arima": return ARIMAModel(selection: .automatic(maxDifferences: 2))
        case "auto": return AutomaticModel(seed: seed)
        case "ets": return ExponentialSmoothing(selection: .automatic, seed: seed)
        case "ets:select": return ExponentialSmoothing(selection: .best, seed: seed)
        case "ets:akaike": return ExponentialSmoothing(selection: .automatic, combination: .akaike, seed: seed)
        case "ets:noslope0": return ExponentialSmoothing(selection: .automatic, includeConstantSlopeForms: false, seed: seed)
        case "ets:data": return ExponentialSmoothing(selection: .automatic, scales: .data, seed: seed)
        case "ses": return ExponentialSmoothing(selection: .fixed(ETSForm(error: .additive, trend: .none)), seed: seed, name: "ses")
        case "holt": return ExponentialSmoothing(selection: .fixed(ETSForm(error: .additive, trend: .additive)), seed: seed, name: "holt")
        case "damped": return ExponentialSmoothing(selection: .fixed(ETSForm(error: .additive, trend: .damped)), seed: seed, name: "damped")
        case "theta": return ThetaModel()
        case "naive", "rw", "randomwalk": return NaiveModel()
        case "drift", "rwdrift", "rwf": return DriftModel()
        case "mean", "meanf": return MeanModel()
        case "linear", "trend": return TrendRegression.linear
        case "loglinear", "log-linear", "exponential": return TrendRegression.loglinear
        case "quadratic": return TrendRegression.quadratic
        default: throw .unknownModel(name, known: names)
        }
    }
}
