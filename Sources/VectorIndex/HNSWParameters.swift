/// Tuning knobs of an `HNSWIndex`, with documented defaults.
///
/// - `m` (default 16): links per node on upper layers; layer 0 keeps `2 * m`. Range 2...255.
/// - `efConstruction` (default 200): candidate-list size while inserting (≥ 1).
/// - `efSearch` (default 64): default candidate-list size for queries; it is raised to `k`
///   when smaller. Can be overridden per query.
/// - `seed` (default 42): seeds the level generator, so the same seed and insertion order
///   give the same graph.
/// - `exactFilterThreshold` (default 0.05): when a filter is expected to keep at most this
///   fraction of the live items (or at most `exactFilterMinimum` = 2,048 items), the search
///   is an exact scan over the allowed items instead of a graph walk.
public struct HNSWParameters: Sendable, Equatable {
    public var m: Int
    public var efConstruction: Int
    public var efSearch: Int
    public var seed: UInt64
    public var exactFilterThreshold: Double
    public var exactFilterMinimum: Int

    public init(
        m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 42,
        exactFilterThreshold: Double = 0.05, exactFilterMinimum: Int = 2_048
    ) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
        self.exactFilterThreshold = exactFilterThreshold
        self.exactFilterMinimum = exactFilterMinimum
    }

    func validate() throws {
        guard (2...255).contains(m) else { throw VectorIndexError(.invalidParameter, "m must be in 2...255, got \(m)") }
        guard efConstruction >= 1 else { throw VectorIndexError(.invalidParameter, "efConstruction must be ≥ 1") }
        guard efSearch >= 1 else { throw VectorIndexError(.invalidParameter, "efSearch must be ≥ 1") }
        guard exactFilterThreshold >= 0, exactFilterThreshold <= 1 else {
            throw VectorIndexError(.invalidParameter, "exactFilterThreshold must be in 0...1")
        }
        guard exactFilterMinimum >= 0 else { throw VectorIndexError(.invalidParameter, "exactFilterMinimum must be ≥ 0") }
    }
}
