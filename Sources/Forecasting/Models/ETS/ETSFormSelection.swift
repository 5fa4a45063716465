import Foundation

extension ExponentialSmoothing {
    /// Fits the series; an unequally spaced one (gaps, mid-year points) is fitted on its yearly grid
    /// (``Series/annualGrid()``), and the automatic mixture of forms sees it with likely outliers replaced
    /// (``OutlierScreen``) — each with a note.
    public func fit(_ series: Series) throws(ForecastingError) -> any FittedModel {
        let (prepared, notes) = series.preparedForFit(
            minimum: minimumObservations, screen: selection == .automatic ? outlierScreen : nil)
        return Annotated.appending(notes, try fitETS(prepared))
    }

    /// Fits and returns the concrete fitted model.
    public func fitETS(_ series: Series) throws(ForecastingError) -> FittedETS {
        let fitted = try fitOneScale(series)
        // A constant series has its answer already; the log scale needs positive values.
        guard selection == .automatic, scales == .dataAndLog, series.values.contains(where: { $0 != series.values[0] }),
            series.values.allSatisfy({ $0 > 0 && $0.isFinite }),
            let logs = try? Series(
                id: series.id, periods: series.periods, times: series.times,
                values: series.values.map { Foundation.log($0) }, anchor: series.anchor,
                name: series.name, unit: series.unit),
            let onLogs = try? fitOneScale(logs, additiveErrorsOnly: true, logScale: true)
        else { return fitted }
        return fitted.withLogScale(onLogs)
    }

    /// The fit on the scale of `series`.
    ///
    /// On the log scale (`logScale`), a form joins only when the series is long enough to estimate it by R's rule
    /// (n > k + 4, ``isSmallSample(_:count:)``): from a handful of points a trend on the logarithms is a growth rate
    /// read off one or two jumps, and compounding it blew the mixture up (on three points 5,165, 28,045, 48,970 the
    /// log-scale trend forecast 25 million six years out).
    func fitOneScale(_ series: Series, additiveErrorsOnly: Bool = false, logScale: Bool = false)
        throws(ForecastingError) -> FittedETS
    {
        let units = ETSUnits(series.values, logScale: logScale)
        guard !units.isIdentity, let normalized = units.normalized(series) else {
            return try fitUnitFree(series, additiveErrorsOnly: additiveErrorsOnly, logScale: logScale)
        }
        let fitted = try fitUnitFree(normalized, additiveErrorsOnly: additiveErrorsOnly, logScale: logScale)
        return units.restore(fitted, to: series)
    }

    /// ``fitOneScale(_:additiveErrorsOnly:logScale:)`` on a series already in normalised units (``ETSUnits``).
    private func fitUnitFree(_ series: Series, additiveErrorsOnly: Bool, logScale: Bool) throws(ForecastingError)
        -> FittedETS
    {
        let n = series.count
        try requireObservations(series)
        guard series.regularStep != nil else {
            throw .numerical(
                series: series.id, model: name,
                detail:
                    "exponential smoothing needs equally spaced observations (one a year); this series has unequal gaps — use drift or linear, which take them"
            )
        }
        // A constant series (as R's ets): simple exponential smoothing with α = 0.9999, a flat forecast and no
        // spread; the likelihood of a perfect fit is unbounded, so no form can be estimated or compared.
        if let first = series.values.first, series.values.allSatisfy({ $0 == first }) {
            let ann = ETSForm(error: .additive, trend: .none)
            let flat = ETSFormFit(
                series: series, form: ann, alpha: 0.9999, beta: 0, phi: 1, initialLevel: first,
                initialTrend: 0, statesEstimated: false, level: first, trend: 0,
                fittedValues: series.values, residuals: series.values.map { _ in 0 }, residualVariance: 0,
                rLikelihoodCriterion: -1e10, estimatedParameters: 0, seed: seed,
                simulationPaths: simulationPaths)
            return FittedETS(
                lead: flat, modelName: ann.description,
                note: "constant series: the forecast repeats its value, with no spread")
        }
        let positive = series.values.allSatisfy { $0 > 0 }
        let forms: [ETSForm]
        switch selection {
        case .automatic, .best: forms = ETSForm.all
        case let .among(list): forms = list
        case let .fixed(form):
            if form.error == .multiplicative && !positive {
                let k = series.values.firstIndex { $0 <= 0 } ?? 0
                throw .nonPositive(
                    series: series.id, model: name, period: series.periods[k].description,
                    value: series.values[k])
            }
            if Self.isSmallSample(form, count: n), let small = smallSampleFit(form, series) { return small }
            forms = [form]
        }
        let identifiable = logScale ? forms.filter { !Self.isSmallSample($0, count: n) } : forms
        if identifiable.isEmpty {
            throw .tooShort(series: series.id, model: name, needed: 7, got: n)
        }
        var candidates = identifiable.filter { (positive && !additiveErrorsOnly) || $0.error == .additive }.map {
            Candidate(form: $0, estimateStates: true)
        }
        if selection == .automatic && includeConstantSlopeForms {
            candidates += candidates.filter { $0.form.trend == .additive }
                .map { Candidate(form: $0.form, estimateStates: true, constantSlope: true) }
        }
        if candidates.isEmpty {
            candidates = [Candidate(form: ETSForm(error: .additive, trend: .none), estimateStates: true)]
        }
        // Fit what the data can identify: fewer estimated parameters than points less one.
        var fits: [ETSFormFit] = []
        for c in candidates where c.parameterCount < n - 1 {
            let warm =
                selection == .automatic && c.form.error == .multiplicative
                ? fits.first {
                    $0.form == ETSForm(error: .additive, trend: c.form.trend)
                        && (!c.form.hasTrend || c.constantSlope == ($0.beta == 0))
                } : nil
            if let f = estimate(c, series, warmStart: warm) { fits.append(f) }
        }
        var finite = fits.filter { $0.rAICc.isFinite }
        if finite.isEmpty {
            // Short series: fix the initial states and fall back to simpler forms as needed.
            var fallback: [Candidate] = []
            for c in candidates {
                fallback.append(Candidate(form: c.form, estimateStates: false))
                if c.form.trend == .damped {
                    fallback.append(
                        Candidate(form: ETSForm(error: c.form.error, trend: .additive), estimateStates: false))
                }
                if c.form.trend != .none {
                    fallback.append(Candidate(form: ETSForm(error: c.form.error, trend: .none), estimateStates: true))
                    fallback.append(Candidate(form: ETSForm(error: c.form.error, trend: .none), estimateStates: false))
                }
                if c.form.trend == .additive && selection == .automatic && includeConstantSlopeForms {
                    // SES with the least-squares slope as a constant drift: one parameter.
                    fallback.append(Candidate(form: c.form, estimateStates: false, constantSlope: true))
                }
            }
            var tried = Set<String>()
            for c in fallback where c.parameterCount < n - 1 {
                guard tried.insert("\(c.form.code)/\(c.estimateStates)/\(c.constantSlope)").inserted else { continue }
                if let f = estimate(c, series) { fits.append(f) }
            }
            finite = fits.filter { $0.rAICc.isFinite }
        }
        guard let best = finite.min(by: { $0.rAICc < $1.rAICc }) ?? fits.min(by: { $0.rAIC < $1.rAIC }) else {
            throw .numerical(series: series.id, model: name, detail: "no exponential-smoothing form could be estimated")
        }
        var chosen = FittedETS.requested(best, selection, modelName: name)
        // A single form chosen by AICc names the closest one passed over (a form asked for, or a combination of
        // forms, has none; computing it for every combination would cost an allocation a fit).
        var choosesOne = false
        switch selection {
        case .best, .among: choosesOne = true
        case .automatic, .fixed: break
        }
        if choosesOne,
            let second = finite.filter({ $0.form != best.form }).min(by: {
                $0.rAICc < $1.rAICc
            })
        {
            chosen.runnerUp = runnerUpText("\(second.form)", criterion: "AICc", gap: second.rAICc - best.rAICc)
        }
        guard selection == .automatic, finite.count > 1 else { return chosen }
        // Equal or Akaike weights; members with negligible weight are left out.
        let raw = combination == .equal ? finite.map { _ in 1.0 } : finite.map { exp(-0.5 * ($0.rAICc - best.rAICc)) }
        let total = raw.reduce(0, +)
        var members: [ETSFormFit] = [], weights: [Double] = []
        for (f, w) in zip(finite, raw) where w / total >= 1e-3 {
            members.append(f)
            weights.append(w)
        }
        return chosen.combined(members, weights: weights)
    }
}
