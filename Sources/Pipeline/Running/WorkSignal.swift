import Synchronization

/// Wakes idle workers when intake enqueues a job, so a new ticket starts within milliseconds
/// instead of waiting for the next poll. Workers also poll on their own (other processes may
/// enqueue into the same database), so a lost wake-up only costs latency.
public final class WorkSignal: Sendable {
    private let generation = Atomic<Int>(0)

    public init() {}

    /// Says that new work may be available.
    public func notify() {
        generation.add(1, ordering: .releasing)
    }

    /// The current generation; pass it to `wait(after:upTo:)`.
    public var current: Int { generation.load(ordering: .acquiring) }

    /// Returns when `notify()` was called after `seen` was read, or after `limit`.
    public func wait(after seen: Int, upTo limit: Duration, tick: Duration = .milliseconds(5)) async {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if generation.load(ordering: .acquiring) != seen { return }
            do { try await Task.sleep(for: tick) } catch { return }
        }
    }
}
