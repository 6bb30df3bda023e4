#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A value guarded by a pthread mutex.
///
/// Used instead of `Synchronization.Mutex`, whose futex-based lock the thread sanitizer cannot see through: with it,
/// TSan reports the hand-over of a worker between threads as a race. pthread mutexes are intercepted, so
/// `swift test --sanitize=thread` checks the real synchronization.
///
/// Put the guarded state inside (`Locked<State>`), not beside a `Locked<()>`: TSan records the accesses to a
/// zero-sized value at an address it may share with other memory, and then reports races that depend on the
/// allocation layout (it did, for the batch writer).
// Sendable: every access to `value` happens with `mutex` held.
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
