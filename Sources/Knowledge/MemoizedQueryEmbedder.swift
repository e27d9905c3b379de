import FlussoCore
import Synchronization

/// An `Embedder` that remembers the vectors of its most recent single-text queries, so one
/// ticket's query is embedded once although step 2 (similar tickets), step 5 (retrieval) and
/// step 8 (adding the finished ticket to the similar-ticket index) all ask for it. Passages and
/// batches pass straight through. The composition root wraps the embedder once and hands the
/// same instance to the knowledge base and the similar-ticket index.
public final class MemoizedQueryEmbedder: Embedder {
    private let base: any Embedder
    private let capacity: Int
    /// Text → vector, and the texts oldest first (a small LRU).
    private let memo = Mutex<(vectors: [String: [Float]], order: [String])>((vectors: [:], order: []))

    public init(_ base: any Embedder, capacity: Int = 256) {
        self.base = base
        self.capacity = max(1, capacity)
    }

    public var dimensions: Int { base.dimensions }
    public var modelID: String { base.modelID }

    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        guard role == .query, texts.count == 1, let text = texts.first else {
            return try await base.embed(texts, role: role)
        }
        if let hit = memo.withLock({ state -> [Float]? in
            guard let vector = state.vectors[text] else { return nil }
            state.order.removeAll { $0 == text }
            state.order.append(text)
            return vector
        }) {
            return [hit]
        }
        let vectors = try await base.embed(texts, role: role)
        if let vector = vectors.first {
            memo.withLock { state in
                if state.vectors.updateValue(vector, forKey: text) == nil { state.order.append(text) }
                while state.order.count > capacity { state.vectors[state.order.removeFirst()] = nil }
            }
        }
        return vectors
    }
}
