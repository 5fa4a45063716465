import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The temporary files of outputs being written, removed by a signal handler when the process is interrupted or
/// terminated (SIGINT, SIGTERM, SIGHUP, SIGPIPE), before the signal's default action ends it.
///
/// The handler only calls `unlink` on C strings that were allocated before it ran, which is async-signal-safe; the
/// slots are replaced only by ``register(_:)`` and ``unregister(_:)`` on the writing thread.
package enum TemporaryFiles {
    static let capacity = 64
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        p.initialize(repeating: nil, count: capacity)
        return p
    }()
    nonisolated(unsafe) static var installed = false
    static let lock = NSLock()

    /// Installs the handlers (once; the CLI does it at start).
    package static func installSignalHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        _ = slots
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] {
            signal(sig) { received in
                for i in 0..<TemporaryFiles.capacity {
                    if let name = TemporaryFiles.slots[i] { unlink(name) }
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Records a temporary file to remove on a signal.
    static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<capacity where slots[i] == nil {
            slots[i] = strdup(path)
            return
        }
    }

    /// Forgets a temporary file (committed or removed).
    static func unregister(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for i in 0..<capacity {
            if let name = slots[i], String(cString: name) == path {
                slots[i] = nil
                free(name)
                return
            }
        }
    }
}
