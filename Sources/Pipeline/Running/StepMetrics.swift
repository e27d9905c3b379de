import FlussoCore
import Synchronization

/// Step durations and outcomes seen by this process, for `GET /metrics` (Prometheus histogram).
public final class StepMetrics: Sendable {
    /// Histogram bucket upper bounds in seconds.
    public static let buckets: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60]

    public struct Histogram: Sendable {
        public var counts: [Int] = Array(repeating: 0, count: StepMetrics.buckets.count)
        public var sum: Double = 0
        public var count: Int = 0
    }

    private let state = Mutex<[StepName: Histogram]>([:])
    private let outcomes = Mutex<[String: Int]>([:])

    public init() {}

    public func record(_ record: StepRecord) {
        let seconds = record.durationMs / 1000
        state.withLock { all in
            var histogram = all[record.step] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { histogram.counts[index] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            all[record.step] = histogram
        }
        outcomes.withLock { $0["\(record.step.rawValue)|\(record.status.rawValue)", default: 0] += 1 }
    }

    public func snapshot() -> [StepName: Histogram] { state.withLock { $0 } }

    /// Counts per "step|status".
    public func outcomeCounts() -> [String: Int] { outcomes.withLock { $0 } }
}
