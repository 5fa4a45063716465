import Foundation

/// Result slots filled by concurrent workers (`DispatchQueue.concurrentPerform`), each slot by one worker;
/// a lock guards the array so the type is safely `Sendable`.
package final class ConcurrentSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    package init(count: Int) { slots = Array(repeating: nil, count: count) }
    package func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    package func get(_ i: Int) -> T? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
