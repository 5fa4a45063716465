/// Errors a model or a series can raise, with the series and model they concern.
public enum ForecastingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The series has fewer observations than the model needs.
    case tooShort(series: String, model: String, needed: Int, got: Int)
    /// A log-scale model met a zero or negative value.
    case nonPositive(series: String, model: String, period: String, value: Double)
    /// Two observations of one series share a period.
    case duplicatePeriod(series: String, period: String)
    /// A period outside the years the engine takes (``Period/validYears``).
    case periodOutOfRange(series: String, period: String)
    /// A value is NaN or infinite.
    case nonFiniteValue(series: String, period: String)
    /// The series holds no observation (for example after an `--as-of` cut).
    case emptySeries(series: String)
    /// The requested horizon is not a positive number of periods.
    case invalidHorizon(String)
    /// `--to` names a period at or before the last observation.
    case targetNotAfterData(series: String, target: String, last: String)
    /// An interval level outside (0, 100).
    case invalidLevel(Double)
    /// The model name is not known.
    case unknownModel(String, known: [String])
    /// A value lies on or outside the bounds of the scale the model is fitted on.
    case outsideTransformDomain(series: String, period: String, value: Double, transform: String)
    /// The observations are more frequent than yearly (monthly, quarterly, …), which the yearly models do not take.
    case subAnnualData(series: String, frequency: String, medianGapDays: Int)
    /// The fit failed numerically (for example every observation at one time point).
    case numerical(series: String, model: String, detail: String)
    /// The widest prediction band at `period` is `ratio` times the larger of the data's range and the point forecast
    /// (``BandPlausibility``).
    case implausibleBand(series: String, model: String, period: String, ratio: Double)
    /// Fitting and forecasting the series took longer than the time limit per series (``SeriesDeadline``).
    case timedOut(series: String, model: String, seconds: Double)

    /// A sentence a planner can act on, naming the series and the model.
    public var description: String {
        switch self {
        case let .tooShort(series, model, needed, got):
            return "series '\(series)': model '\(model)' needs at least \(needed) observations, got \(got)"
        case let .nonPositive(series, model, period, value):
            return
                "series '\(series)': model '\(model)' works on the log scale and needs positive values, but \(period) is \(formatNumber(value))"
        case let .duplicatePeriod(series, period):
            return "series '\(series)': period \(period) appears more than once"
        case let .periodOutOfRange(series, period):
            return
                "series '\(series)': period \(period) is outside the years \(Period.validYears.lowerBound)–\(Period.validYears.upperBound)"
        case let .nonFiniteValue(series, period):
            return "series '\(series)': the value at \(period) is not a finite number"
        case let .emptySeries(series):
            return "series '\(series)': no observations"
        case let .invalidHorizon(text):
            return "invalid horizon: \(text)"
        case let .targetNotAfterData(series, target, last):
            return "series '\(series)': target period \(target) is not after the last observation (\(last))"
        case let .invalidLevel(level):
            return "interval level \(formatNumber(level)) must be strictly between 0 and 100"
        case let .unknownModel(name, known):
            let hint = NearMiss.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
            return "unknown model '\(name)'\(hint); known models: \(known.joined(separator: ", "))"
        case let .outsideTransformDomain(series, period, value, transform):
            return
                "series '\(series)': the value at \(period) (\(formatNumber(value))) is on or outside the bounds of the \(transform) scale; use --transform none or fix the bounds"
        case let .numerical(series, model, detail):
            return "series '\(series)': model '\(model)' could not be fitted: \(detail)"
        case let .timedOut(series, model, seconds):
            return
                "series '\(series)': model '\(model)' did not finish within the limit of \(formatNumber(seconds)) seconds per series (--series-time-limit); the other series are written"
        case let .implausibleBand(series, model, period, ratio):
            return
                "series '\(series)': model '\(model)' gives a prediction band at \(period) \(String(format: "%.2g", ratio)) times wider than the larger of the data's range and the forecast, which is no usable forecast (explosive growth or a huge jump read as volatility); try another model, e.g. drift or theta"
        case let .subAnnualData(series, frequency, gap):
            return
                "series '\(series)': the observations are \(frequency) (median gap \(gap) days), but Trajectory's models are for yearly data; aggregate to one value a year (sum a flow, take the year-end value of a level) and forecast that (seasonal models are not available yet)"
        }
    }

    /// The series this error concerns, when there is one.
    public var seriesID: String? {
        switch self {
        case let .tooShort(s, _, _, _), let .nonPositive(s, _, _, _), let .duplicatePeriod(s, _),
            let .nonFiniteValue(s, _), let .periodOutOfRange(s, _), let .emptySeries(s),
            let .targetNotAfterData(s, _, _), let .numerical(s, _, _), let .implausibleBand(s, _, _, _),
            let .timedOut(s, _, _),
            let .outsideTransformDomain(s, _, _, _), let .subAnnualData(s, _, _):
            return s
        case .invalidHorizon, .invalidLevel, .unknownModel:
            return nil
        }
    }
}

func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
}
