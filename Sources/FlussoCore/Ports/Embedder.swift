/// Turns texts into fixed-size vectors for retrieval (step 5) and similar-ticket search (step 2).
/// Local: all-MiniLM-L6-v2 in-process, an OpenAI-compatible `/v1/embeddings` server, or the
/// hashing fallback; hybrid: Bedrock Titan embeddings.
///
/// Invariants: `embed` returns one vector per input, in input order, each `dimensions` long and
/// L2-normalised (so cosine = dot product); the same text under the same `modelID` always gives
/// the same vector. Implementations batch internally; callers may pass any number of texts.
public protocol Embedder: Sendable {
    /// Length of every vector this embedder returns.
    var dimensions: Int { get }
    /// Identifies the model and its settings (vectors from different ids must never be mixed in
    /// one index).
    var modelID: String { get }
    /// Embeds `texts` for the given role (queries and passages differ for models such as e5).
    func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]]
}

/// What a text is, for models that embed queries and passages differently (e5's `query: ` and
/// `passage: ` prefixes). Symmetric models ignore it.
public enum EmbeddingRole: String, Sendable, Codable {
    case query
    case passage
}

extension Embedder {
    /// Embeds passages (the common case when indexing).
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await embed(texts, role: .passage)
    }
}
