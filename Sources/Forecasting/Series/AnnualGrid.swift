import Foundation

/// A series with gaps or dated observations placed on its grid of whole years, for the models of equally spaced
/// data (exponential smoothing, Theta, ARIMA and their combinations).
///
/// Every year from the first to the last one the data reach gets a value: its own when the year is observed;
/// otherwise the straight line between the nearest observations before and after it, where either may be a
/// value dated inside a year (a level reported at mid-year is the level at that time, so it places the missing
/// year-end value better than the years on either side would). This is R `forecast::na.interp` for
/// non-seasonal series, with dated observations as interpolation nodes. History before a run of more than
/// ``maximumBridgedGap`` missing years is left out when at least three years follow it, as R's `na.contiguous`
/// would; a grid on which filled years would outnumber observed ones is not built.
public struct AnnualGrid: Sendable {
    /// The series on its yearly grid (year-labelled periods, one a year, no gaps).
    public let series: Series
    /// Years whose values were interpolated.
    public let filledYears: [Int]
    /// Dated observations not used (their year and its neighbours are observed, or they lie after the last year).
    public let unusedPeriods: [Period]
    /// Observations before a long gap that were left out.
    public let droppedPeriods: [Period]

    /// The longest run of missing years that is bridged by interpolation.
    public static let maximumBridgedGap = 3

    /// What was done, for the fitted model's note; nil when the series was already on its grid.
    public var note: String? {
        var parts: [String] = []
        if !filledYears.isEmpty {
            parts.append(
                "on a yearly grid: \(Self.list(filledYears.map(String.init))) interpolated linearly between the nearest observations (R's na.interp)"
            )
        }
        if !droppedPeriods.isEmpty, let last = droppedPeriods.last {
            parts.append(
                "\(droppedPeriods.count) observation\(droppedPeriods.count == 1 ? "" : "s") up to \(last) left out (more than \(Self.maximumBridgedGap) missing years after them)"
            )
        }
        if !unusedPeriods.isEmpty {
            parts.append(
                "value\(unusedPeriods.count == 1 ? "" : "s") dated \(Self.list(unusedPeriods.map(\.description))) not used (only year values are modelled; a dated value fills a missing year next to it)"
            )
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 4
            ? items.joined(separator: ", ") : items.prefix(3).joined(separator: ", ") + " and \(items.count - 3) more"
    }
}

extension Series {
    /// Whether the series is one value a year without gaps (its periods are consecutive whole years, or it is
    /// equally spaced at one year).
    var isAnnualWithoutGaps: Bool {
        guard let step = regularStep else { return false }
        return abs(step - 1) < 1e-6
    }

    /// The series on its grid of whole years (see ``AnnualGrid``); nil when it cannot be built: fewer than 3
    /// observations entering it, or more interpolated years than observations entering. A series that is already one value a year
    /// comes back unchanged with no note.
    public func annualGrid() -> AnnualGrid? { annualGrid(mostlyInterpolated: false) }

    /// ``annualGrid()``, optionally also when interpolated years outnumber the observations (for a model whose bands
    /// are then taken from the observations themselves).
    func annualGrid(mostlyInterpolated: Bool) -> AnnualGrid? {
        if isAnnualWithoutGaps {
            return AnnualGrid(series: self, filledYears: [], unusedPeriods: [], droppedPeriods: [])
        }
        guard count >= 3 else { return nil }
        let offset = anchor == .end ? 1.0 : 0.0
        // Observations on a year point of the time axis, by year; the others are interpolation nodes only.
        var onGrid: [Int: Int] = [:]
        for (i, t) in times.enumerated() {
            let k = (t - offset).rounded()
            if abs(t - offset - k) < 1e-6, let year = Int(exactly: k) { onGrid[year] = i }
        }
        guard let firstTime = times.first, let lastTime = times.last,
            let firstYear = Int(exactly: (firstTime - offset - 1e-6).rounded(.up)),
            let lastYear = Int(exactly: (lastTime - offset + 1e-6).rounded(.down)), lastYear - firstYear >= 2
        else { return nil }
        // The latest run of more than maximumBridgedGap missing years, if three or more years follow it.
        var start = firstYear
        var missingRun = 0
        for year in firstYear...lastYear {
            if onGrid[year] != nil {
                if !mostlyInterpolated && missingRun > AnnualGrid.maximumBridgedGap && lastYear - year + 1 >= 3 {
                    start = year
                }
                missingRun = 0
            } else {
                missingRun += 1
            }
        }
        var periods: [Period] = [], values: [Double] = [], filled: [Int] = []
        var usedNodes = Set<Int>()
        let startTime = Double(start) + offset
        for year in start...lastYear {
            if let i = onGrid[year] {
                periods.append(.year(year))
                values.append(self.values[i])
                usedNodes.insert(i)
                continue
            }
            let t = Double(year) + offset
            // Nearest observations before and after t (they exist: t lies strictly inside the data's span).
            guard let after = times.firstIndex(where: { $0 > t }), after > 0 else { return nil }
            let before = after - 1
            let w = (t - times[before]) / (times[after] - times[before])
            periods.append(.year(year))
            values.append(self.values[before] + w * (self.values[after] - self.values[before]))
            filled.append(year)
            usedNodes.formUnion([before, after])
        }
        // Observations that enter: the year values and the dated values used as interpolation nodes.
        let observed = usedNodes.count
        guard observed >= 3, mostlyInterpolated || filled.count <= observed else { return nil }
        var unused: [Period] = [], dropped: [Period] = []
        for (i, t) in times.enumerated() where !usedNodes.contains(i) {
            if start > firstYear && t < startTime - 1e-6 {
                dropped.append(self.periods[i])
            } else {
                unused.append(self.periods[i])
            }
        }
        guard
            let grid = try? Series(
                id: id, periods: periods, values: values, anchor: anchor, name: name, unit: unit)
        else { return nil }
        return AnnualGrid(series: grid, filledYears: filled, unusedPeriods: unused, droppedPeriods: dropped)
    }
}

extension Series {
    /// What a model of equally spaced data fits: the series itself when it is one value a year; otherwise its
    /// ``annualGrid()``, or failing that its latest unbroken run of yearly values with at least `minimum` of them —
    /// with a note saying what was done; nil when none of these exists.
    func equallySpaced(minimum: Int) -> (series: Series, note: String?)? {
        // One value a year already; a series every 2 or 5 years goes on the yearly grid too (its forecasts are for
        // years, not for steps of its own spacing).
        if isAnnualWithoutGaps || count < 2 { return (self, nil) }
        if let grid = annualGrid() { return (grid.series, grid.note) }
        if let (run, note) = latestAnnualRun(minimum: minimum) { return (run, note) }
        return nil
    }
    /// What a model of equally spaced data fits (``equallySpaced(minimum:)``, or the series as it is when that is nil),
    /// with likely outliers replaced when there is a `screen`, and the notes saying what was done.
    func preparedForFit(minimum: Int, screen: OutlierScreen?) -> (series: Series, notes: [String]) {
        let spaced = equallySpaced(minimum: minimum)
        let regular = spaced?.series ?? self
        let notes = spaced?.note.map { [$0] } ?? []
        guard let (cleaned, _, note) = screen?.screened(regular) else { return (regular, notes) }
        return (cleaned, notes + [note])
    }
}
