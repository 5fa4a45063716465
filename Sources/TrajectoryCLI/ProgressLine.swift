import Foundation
import Synchronization
import TrajectoryIO

/// The progress of a batch on standard error, redrawn in place at most ten times a second: the phase (reading,
/// fitting, writing), the series done, the rate and an estimate of the time left. Only when standard error is a
/// terminal (and not turned off): a log or a pipe gets nothing.
final class ProgressLine: Sendable {
    private struct State {
        var phase = "reading"
        var done = 0
        var total: Int?
        var inputFraction: Double?
        var lastDrawn: ContinuousClock.Instant?
        var drawn = false
    }

    /// Whether lines are drawn.
    let enabled: Bool
    /// What is counted ("series", "forecasts").
    let noun: String
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    /// Progress in `noun`, drawn when standard error is a terminal and `enabled`.
    init(enabled: Bool, noun: String = "series") {
        self.enabled = enabled && isatty(2) == 1
        self.noun = noun
    }

    /// `done` in all.
    func set(done: Int) {
        guard enabled else { return }
        state.withLock { $0.done = done }
        draw(force: false)
    }

    /// A new phase; `total` series when known.
    func phase(_ name: String, total: Int? = nil) {
        guard enabled else { return }
        state.withLock {
            $0.phase = name
            if let total { $0.total = total }
        }
        draw(force: true)
    }

    /// `count` more series done; `inputFraction` of a stream's bytes read so far, when its size is known.
    func advance(_ count: Int, inputFraction: Double? = nil) {
        guard enabled else { return }
        state.withLock {
            $0.done += count
            if let inputFraction { $0.inputFraction = inputFraction }
        }
        draw(force: false)
    }

    /// Clears the line.
    func finish() {
        guard enabled else { return }
        let drawn = state.withLock { $0.drawn }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// The text of the line (without the carriage return), for `elapsed` seconds.
    static func text(
        phase: String, done: Int, total: Int?, inputFraction: Double?, noun: String = "series", elapsed: Double
    ) -> String {
        var parts = ["trajectory: \(phase)", "\(grouped(done))\(total.map { " of \(grouped($0))" } ?? "") \(noun)"]
        if elapsed > 0.5 && done > 0 { parts.append("\(grouped(Int(Double(done) / elapsed)))/s") }
        let fraction = total.map { $0 > 0 ? Double(done) / Double($0) : 1 } ?? inputFraction
        if let fraction, fraction > 0.001, elapsed > 1 {
            if total == nil { parts.append("\(Int(fraction * 100))% of the input") }
            let left = Int((elapsed * (1 - fraction) / fraction).rounded())
            parts.append("ETA \(left / 60):" + String(format: "%02d", left % 60))
        }
        return parts.joined(separator: " · ")
    }

    private func draw(force: Bool) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { s in
            if !force, let last = s.lastDrawn, now - last < .milliseconds(100) { return nil }
            s.lastDrawn = now
            s.drawn = true
            let elapsed = now - started
            return Self.text(
                phase: s.phase, done: s.done, total: s.total, inputFraction: s.inputFraction, noun: noun,
                elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) }
    }

    private static func grouped(_ n: Int) -> String { ForecastWriter.grouped(Double(n), decimals: 0) }
}
