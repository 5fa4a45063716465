/// Every default of the model layer, defined once: the command line, scenario files, planning and the library use
/// these.
public enum ModelDefaults {
    /// Seed of the simulated sample paths (multiplicative-error ETS intervals); the same seed and series id give the
    /// same numbers on every run.
    public static let seed: UInt64 = 42
    /// Interval levels in percent.
    public static let levels: [Double] = [80, 95]
    /// Sample paths simulated per multiplicative-error ETS form.
    public static let simulationPaths = 500
    /// Past forecast origins and the horizon of calibrated intervals (`--intervals calibrated`).
    public static let calibrationOrigins = 10
    /// The horizon of the past forecasts calibration scores.
    public static let calibrationHorizon = 6

    /// Throws ``ForecastingError/invalidLevel(_:)`` for a level outside (0, 100).
    public static func validate(levels: [Double]) throws(ForecastingError) {
        for level in levels where !(level > 0 && level < 100) { throw .invalidLevel(level) }
    }
}
