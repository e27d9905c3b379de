import Synchronization

/// Webhook deliveries seen by this process's dispatcher, for `GET /metrics`: attempts by
/// outcome, and the delay from an event to its successful delivery (a Prometheus histogram).
public final class WebhookMetrics: Sendable {
    /// Histogram bucket upper bounds in seconds.
    public static let buckets: [Double] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600, 86_400]

    /// What an attempt ended as.
    public enum Outcome: String, Sendable, CaseIterable {
        case succeeded
        /// Failed; tried again later.
        case retrying
        /// Failed for good: dead-lettered.
        case dead
    }

    public struct Snapshot: Sendable {
        public var attempts: [Outcome: Int]
        public var latencyCounts: [Int]
        public var latencySum: Double
        public var latencyCount: Int
    }

    private let state = Mutex(
        Snapshot(attempts: [:], latencyCounts: Array(repeating: 0, count: WebhookMetrics.buckets.count), latencySum: 0, latencyCount: 0))

    public init() {}

    func recordAttempt(_ outcome: Outcome) {
        state.withLock { $0.attempts[outcome, default: 0] += 1 }
    }

    /// A delivery that succeeded `seconds` after its event.
    func recordDelivered(after seconds: Double) {
        state.withLock { snapshot in
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { snapshot.latencyCounts[index] += 1 }
            snapshot.latencySum += seconds
            snapshot.latencyCount += 1
        }
    }

    public func snapshot() -> Snapshot { state.withLock { $0 } }
}
