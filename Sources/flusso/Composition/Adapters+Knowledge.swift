import FlussoCore
import Knowledge

extension Adapters {
    /// `vectors`: the index of one embedder's chunk vectors (the pure-Swift HNSW, a file per
    /// embedder under `kb.index_dir`); nil without an embedder (search is then lexical only).
    static func makeVectorIndex(_ backend: VectorsBackend, embedder: (any Embedder)?) throws -> (any ChunkVectorIndex)? {
        guard let embedder else { return nil }
        switch backend {
        case .hnsw(let directory):
            return try HNSWChunkIndex(directory: directory, modelID: embedder.modelID, dimensions: embedder.dimensions)
        }
    }

    /// The knowledge base (`kb.*`) over the persistence backend's chunk store (BM25 in SQLite
    /// FTS5), with the configured embedder and its vector index.
    static func makeKnowledgeBase(
        _ settings: KnowledgeSettings, store: any KnowledgeStore, embedder: (any Embedder)?,
        vectors: (any ChunkVectorIndex)?
    ) async throws -> KnowledgeBase {
        do {
            return try await KnowledgeBase(store: store, embedder: embedder, vectors: vectors, settings: settings)
        } catch let error as KnowledgeError {
            throw error.flussoError
        }
    }
}
