/// Which chunks a vector index holds vectors for: the store's chunk count and highest key when
/// it was last committed. A knowledge base whose store no longer matches rebuilds the index.
public struct ChunkVectorState: Codable, Sendable, Equatable {
    public var chunkCount: Int
    public var maxKey: Int64

    public init(chunkCount: Int, maxKey: Int64) {
        self.chunkCount = chunkCount
        self.maxKey = maxKey
    }
}

/// The dense half of retrieval (step 5): one embedding per knowledge-base chunk, keyed by the
/// store's chunk key, searched by cosine similarity, optionally within an allow-list of keys
/// (the filters on product model and error code). An index holds the vectors of one embedder.
/// Local: the pure-Swift HNSW in a file beside the database; hybrid (later): OpenSearch k-NN.
public protocol ChunkVectorIndex: Sendable {
    /// The chunks the index was last committed for; nil when it holds nothing usable (missing,
    /// damaged, or made by another embedder).
    func committedState() async -> ChunkVectorState?
    /// Empties the index, ready for about `capacity` vectors (before a rebuild).
    func reset(capacity: Int) async throws
    /// Adds (or replaces) the vector of a chunk.
    func insert(key: Int64, vector: [Float]) async throws
    /// Removes the vector of a chunk (a key it does not hold is no error).
    func remove(key: Int64) async
    /// The number of vectors held.
    func count() async -> Int
    /// The `k` nearest chunks to `vector`, most similar first, within `allowedKeys` when given.
    func search(_ vector: [Float], k: Int, allowedKeys: Set<Int64>?) async throws -> [(key: Int64, similarity: Double)]
    /// Makes the index durable and records the chunks it now matches.
    func commit(_ state: ChunkVectorState) async throws
}
