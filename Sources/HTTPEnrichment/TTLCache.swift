import Foundation
import Synchronization

/// Answers kept for a while: each entry expires `ttl` after it was stored. At `capacity`
/// entries the expired ones are dropped, then the oldest half.
final class TTLCache<Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var expires: ContinuousClock.Instant
        var stored: UInt64
    }

    private let ttl: Duration
    private let capacity: Int
    private let state = Mutex<(entries: [String: Entry], counter: UInt64)>((entries: [:], counter: 0))

    init(ttl: Duration, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// The value stored under `key` when it has not expired; nil when there is none (`Value` may
    /// itself be optional: a cached "not found").
    func value(for key: String) -> Value? {
        guard ttl > .zero else { return nil }
        let now = ContinuousClock.now
        return state.withLock { state -> Value? in
            guard let entry = state.entries[key] else { return nil }
            guard entry.expires > now else {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func store(_ value: Value, for key: String) {
        guard ttl > .zero else { return }
        let now = ContinuousClock.now
        state.withLock { state in
            state.counter += 1
            state.entries[key] = Entry(value: value, expires: now + ttl, stored: state.counter)
            guard state.entries.count > capacity else { return }
            state.entries = state.entries.filter { $0.value.expires > now }
            if state.entries.count > capacity {
                let keep = state.entries.sorted { $0.value.stored > $1.value.stored }.prefix(capacity / 2)
                state.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
        }
    }
}
