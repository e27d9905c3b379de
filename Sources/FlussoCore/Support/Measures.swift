/// Durations as numbers and latency percentiles: the one copy of each for the modules that import
/// Core (VectorIndex and the TextClassifier engine keep standard-library-only helpers of their own).
extension Duration {
    /// The duration in seconds as a `Double`.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// The duration in milliseconds as a `Double`.
    public var milliseconds: Double { seconds * 1000 }
}

/// Milliseconds from `start` to now, to the microsecond (step records and benchmarks).
public func milliseconds(since start: ContinuousClock.Instant) -> Double {
    ((ContinuousClock.now - start).milliseconds * 1000).rounded() / 1000
}

/// Latency percentiles.
public enum Percentile {
    /// The `q` quantile (0…1) of `values` by nearest rank; 0 for no values.
    public static func nearestRank(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

extension Double {
    /// The number as a person or a configuration file writes it: `4`, not `4.0`; `0.3` as is.
    public var plainText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
