/// Where knowledge-base documents and chunks live, with a lexical (BM25) index over the chunks.
/// Local: SQLite with FTS5; hybrid: DynamoDB plus OpenSearch.
///
/// Chunk keys are positive integers, stable while the chunk exists, and double as the ids of the
/// chunk vectors in the vector index. Replacing a document is atomic: readers see the old chunks
/// or the new ones, never a mix.
public protocol KnowledgeStore: Sendable {
    func document(id: String) async throws -> KnowledgeDocument?
    func documents() async throws -> [KnowledgeDocument]
    /// Replaces a document and all its chunks; returns the keys of the removed chunks and of the
    /// new ones (in `chunks` order).
    func replaceDocument(
        _ document: KnowledgeDocument, chunks: [KnowledgeChunk]
    ) async throws
        -> (removed: [Int64], added: [Int64])
    /// Deletes a document and its chunks; returns the removed chunk keys.
    func deleteDocument(id: String) async throws -> [Int64]
    func chunks(keys: [Int64]) async throws -> [Int64: KnowledgeChunk]
    /// Every chunk key with its chunk, in key order (used to rebuild the vector index).
    func allChunks() async throws -> [(key: Int64, chunk: KnowledgeChunk)]
    /// Keys of the chunks that carry any of `errorCodes` (empty = no condition) and any of
    /// `models` (empty = no condition).
    func chunkKeys(errorCodes: [String], models: [String]) async throws -> [Int64]
    /// BM25 search; the best first. `allowed` restricts the result to those keys when given.
    func lexicalSearch(_ query: String, limit: Int, allowed: Set<Int64>?) async throws -> [(key: Int64, score: Double)]
    func chunkCount() async throws -> Int
    /// How many chunks there are and the largest key (0 when empty), without reading them.
    func chunkSummary() async throws -> (count: Int, maxKey: Int64)
}
