import FlussoCore
import Knowledge

extension Adapters {
    /// The knowledge base (`kb.*`) over the persistence backend's chunk store, with the configured
    /// embedder; its vectors live in the pure-Swift HNSW index under `kb.index_dir`, one index per
    /// embedder (the only vector index today: see docs/architecture.md).
    static func makeKnowledgeBase(_ settings: KnowledgeSettings, store: any KnowledgeStore, embedder: (any Embedder)?) async throws
        -> KnowledgeBase
    {
        do {
            return try await KnowledgeBase(store: store, embedder: embedder, settings: settings)
        } catch let error as KnowledgeError {
            throw error.flussoError
        }
    }
}
