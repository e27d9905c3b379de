/// One hit of a search: the caller's id and its distance to the query (smaller = closer,
/// see `Metric` for the exact formula). Results are always sorted by ascending distance.
public struct SearchResult: Sendable, Equatable, Hashable {
    public var id: UInt64
    public var distance: Float

    public init(id: UInt64, distance: Float) {
        self.id = id
        self.distance = distance
    }
}

/// Restricts a search to some ids; applied *during* graph traversal (disallowed nodes are
/// still walked through for connectivity but never returned).
///
/// When the filter keeps few items, indexes switch to an exact scan over the allowed items
/// (see `HNSWParameters.exactFilterThreshold`), so recall stays high at low selectivity.
public enum SearchFilter: Sendable {
    /// Only these ids may be returned. Unknown ids are ignored.
    case allowList(Set<UInt64>)
    /// Only ids for which the predicate returns `true` may be returned. It must be cheap,
    /// pure and thread-safe: it can be called concurrently from parallel searches.
    case predicate(@Sendable (UInt64) -> Bool)

    @inline(__always)
    func allows(_ id: UInt64) -> Bool {
        switch self {
        case .allowList(let set): set.contains(id)
        case .predicate(let p): p(id)
        }
    }
}

/// The API shared by the approximate (`HNSWIndex`) and exact (`ExactIndex`) indexes.
///
/// Ids are caller-supplied `UInt64`s, unique within an index. Every mutating call either
/// succeeds completely or throws a `VectorIndexError` and leaves the index unchanged.
/// Implementations are thread-safe: searches may run in parallel with each other and with
/// a writer.
public protocol VectorSearchIndex: AnyObject, Sendable {
    /// Number of components of every vector.
    var dimensions: Int { get }
    /// The distance this index ranks by.
    var metric: Metric { get }
    /// Number of live (searchable) vectors.
    var count: Int { get }
    /// Whether `id` is currently indexed.
    func contains(id: UInt64) -> Bool
    /// Adds a new vector. Throws `duplicate_id` if `id` is already present.
    func insert(id: UInt64, vector: [Float]) throws
    /// Removes `id`; it is never returned by a search again. Throws `unknown_id` if absent.
    func remove(id: UInt64) throws
    /// Replaces the vector stored under an existing `id`. Throws `unknown_id` if absent.
    func replace(id: UInt64, vector: [Float]) throws
    /// The `k` nearest live vectors to `query` (fewer if a filter keeps fewer).
    /// Throws `invalid_k` when `k <= 0` or `k > count`.
    func search(_ query: [Float], k: Int, filter: SearchFilter?) throws -> [SearchResult]
}

extension VectorSearchIndex {
    /// Unfiltered search.
    public func search(_ query: [Float], k: Int) throws -> [SearchResult] {
        try search(query, k: k, filter: nil)
    }
}
