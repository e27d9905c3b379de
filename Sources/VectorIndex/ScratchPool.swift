import Glibc

/// A free list of `SearchScratch` objects guarded by a `pthread_mutex_t`, so each concurrent
/// search borrows its own scratch memory and returns it afterwards.
///
/// A POSIX mutex is used instead of `Synchronization.Mutex` because ThreadSanitizer does not
/// see the latter's futex-based locking on Linux and reports false races.
/// `@unchecked Sendable`: `items` is only touched between `pthread_mutex_lock`/`unlock`.
final class ScratchPool: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var items: [SearchScratch] = []

    init() {
        mutex = .allocate(capacity: 1)
        let rc = pthread_mutex_init(mutex, nil)
        precondition(rc == 0, "pthread_mutex_init failed: \(rc)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func take() -> SearchScratch? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return items.popLast()
    }

    func give(_ scratch: SearchScratch) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        items.append(scratch)
    }
}
