/// How the periods of a series written as dates (a pandas or statsforecast `ds` column) are read, in the way
/// pandas' `infer_freq` reads them: dates on the same day of every year, or a year apart give or take a few days,
/// are yearly data labelled by the year they fall in (31 December 2020 is 2020; leap years are not uneven
/// spacing); monthly, quarterly, weekly or daily dates are refused with an error that says what to do.
public enum DateConvention: Sendable, Equatable {
    /// The periods were left as written (years, decimal years, or dates that are levels between years).
    case asWritten
    /// Every period was a date in its own year: each became that year.
    case yearsOfDates(monthDay: String?)

    /// What was done, for a note; nil when nothing was.
    public var note: String? {
        switch self {
        case .asWritten: return nil
        case let .yearsOfDates(monthDay?):
            return
                "every date falls on \(monthDay), so the data were read as yearly and each date as the year it falls in (e.g. \(monthDay == "12-31" ? "2020-12-31" : "2020-\(monthDay)") is 2020); forecasts are labelled by year"
        case .yearsOfDates(nil):
            return
                "the dates lie a year apart, so the data were read as yearly and each date as the year it falls in; forecasts are labelled by year"
        }
    }
}

extension Series {
    /// The series with its dates read as ``DateConvention`` says, and the convention used.
    /// - Throws: ``ForecastingError/subAnnualData(series:frequency:medianGapDays:)`` for monthly, quarterly, weekly,
    ///   daily or half-yearly observations.
    public func readingDates() throws(ForecastingError) -> (series: Series, convention: DateConvention) {
        guard count >= 2 else { return (self, .asWritten) }
        var dates: [(year: Int, month: Int, day: Int)] = []
        var decimals = 0
        for p in periods {
            switch p.kind {
            case let .date(y, m, d): dates.append((y, m, d))
            case .decimal: decimals += 1
            case .year: break
            }
        }
        let allDecimal = decimals == count
        let gapsInDays = zip(times.dropFirst(), times).map { ($0 - $1) * 365.2425 }.sorted()
        let median = gapsInDays[gapsInDays.count / 2]
        let subAnnual = Self.subAnnualName(medianGapDays: median)
        if dates.count == count {
            if let subAnnual {
                throw .subAnnualData(series: id, frequency: subAnnual, medianGapDays: Int(median.rounded()))
            }
            let sameDay = dates.allSatisfy { $0.month == dates[0].month && $0.day == dates[0].day }
            let yearApart = gapsInDays.allSatisfy { gap in
                let years = (gap / 365.2425).rounded()
                return years >= 1 && abs(gap - years * 365.2425) <= 4 * years
            }
            let distinctYears = zip(dates.dropFirst(), dates).allSatisfy { $0.year > $1.year }
            guard (sameDay || yearApart) && distinctYears else { return (self, .asWritten) }
            let monthDay = sameDay ? Self.twoDigits(dates[0].month) + "-" + Self.twoDigits(dates[0].day) : nil
            let yearly = try Series(
                id: id, periods: dates.map { .year($0.year) }, values: values, anchor: anchor, name: name, unit: unit)
            return (yearly, .yearsOfDates(monthDay: monthDay))
        }
        if allDecimal, let subAnnual {
            throw .subAnnualData(series: id, frequency: subAnnual, medianGapDays: Int(median.rounded()))
        }
        return (self, .asWritten)
    }

    /// The frequency a median gap between observations stands for, when it is more frequent than yearly.
    static func subAnnualName(medianGapDays gap: Double) -> String? {
        switch gap {
        case ..<3: return "daily"
        case 3..<11: return "weekly"
        case 11..<45: return "monthly"
        case 45..<135: return "quarterly"
        case 135..<250: return "half-yearly"
        default: return nil
        }
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
