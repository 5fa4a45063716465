import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The per-series watchdog: a time limit for fitting and forecasting one series, on the thread that does it.
///
/// Every iterative routine is capped (evaluations, steps, paths), so no series can spin; the watchdog bounds what the
/// caps allow in the worst case — a pathological series in a batch of millions must cost seconds, not minutes. The
/// iterative routines (the Nelder–Mead simplex, which every likelihood fit runs, and the ARIMA order search) ask
/// ``passed()`` as they go and stop early once the limit has passed; the caller (``BatchForecaster``, the outlook
/// engine, the model report) runs the fit through ``limited(seconds:series:model:_:)``, which discards such a fit and
/// reports the series as a failure (``ForecastingError/timedOut(series:model:seconds:)``) while the others are
/// written.
public enum SeriesDeadline {
    /// The default limit per series (`--series-time-limit`): far above any fit of the engine (milliseconds).
    public static let defaultSeconds = 60.0

    final class Box {
        let end: ContinuousClock.Instant
        var expired = false
        init(end: ContinuousClock.Instant) { self.end = end }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` under a limit of `seconds` on this thread (nil: none); returns its result and whether the limit
    /// passed while it ran. Limits nest: an inner one replaces the outer one while its body runs.
    public static func run<T, E: Error>(seconds: Double?, _ body: () throws(E) -> T) throws(E) -> (
        value: T, expired: Bool
    ) {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return (try body(), false) }
        let box = Box(end: ContinuousClock.now + .nanoseconds(Int64(min(seconds, 1e9) * 1e9)))
        let previous = pthread_getspecific(key)
        let pointer = Unmanaged.passRetained(box)
        pthread_setspecific(key, pointer.toOpaque())
        defer {
            pthread_setspecific(key, previous)
            pointer.release()
        }
        let value = try body()
        return (value, box.expired)
    }

    /// `body` under a limit of `seconds` (nil: none); a body that ran past it is not an answer.
    /// - Throws: the body's errors, and ``ForecastingError/timedOut(series:model:seconds:)`` when the limit passed.
    public static func limited<T>(
        seconds: Double?, series: String, model: String, _ body: () throws(ForecastingError) -> T
    ) throws(ForecastingError) -> T {
        let (value, expired) = try run(seconds: seconds, body)
        if expired, let seconds { throw .timedOut(series: series, model: model, seconds: seconds) }
        return value
    }

    /// Whether the limit of the series being fitted on this thread has passed (false without one). Cheap: a
    /// thread-local read and a clock read.
    public static func passed() -> Bool {
        guard let raw = pthread_getspecific(key) else { return false }
        let box = Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue()
        if box.expired { return true }
        if ContinuousClock.now >= box.end { box.expired = true }
        return box.expired
    }
}
