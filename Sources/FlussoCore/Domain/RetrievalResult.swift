/// A chunk the retrieve step chose for a ticket, with its score and why it ranked where it did.
public struct RetrievedChunk: Codable, Sendable, Equatable {
    public var rank: Int
    public var chunk: KnowledgeChunk
    /// Final re-ranking score (higher is better).
    public var score: Double
    public var features: RankingFeatures
    /// A sentence a person can read: which features lifted or lowered this chunk.
    public var reason: String

    public init(rank: Int, chunk: KnowledgeChunk, score: Double, features: RankingFeatures, reason: String) {
        self.rank = rank
        self.chunk = chunk
        self.score = score
        self.features = features
        self.reason = reason
    }
}

/// The readable features the re-ranker combines.
public struct RankingFeatures: Codable, Sendable, Equatable {
    /// Cosine similarity of the query and chunk embeddings (nil: not among the dense hits).
    public var dense: Double?
    /// 1-based rank among the dense hits, and among the BM25 hits.
    public var denseRank: Int?
    public var lexicalRank: Int?
    /// Reciprocal-rank fusion score of the two lists.
    public var fused: Double
    public var errorCodeMatch: Bool
    public var modelMatch: Bool
    /// Share of the query's distinct terms that occur in the chunk (0…1).
    public var termOverlap: Double
    /// Whether the query and the chunk are in the same language (nil: either is unknown). When
    /// false, the re-ranker does not count BM25 or shared words.
    public var sameLanguage: Bool?

    public init(
        dense: Double?, denseRank: Int?, lexicalRank: Int?, fused: Double, errorCodeMatch: Bool,
        modelMatch: Bool, termOverlap: Double, sameLanguage: Bool? = nil
    ) {
        self.sameLanguage = sameLanguage
        self.dense = dense
        self.denseRank = denseRank
        self.lexicalRank = lexicalRank
        self.fused = fused
        self.errorCodeMatch = errorCodeMatch
        self.modelMatch = modelMatch
        self.termOverlap = termOverlap
    }

    enum CodingKeys: String, CodingKey {
        case dense
        case denseRank = "dense_rank"
        case lexicalRank = "lexical_rank"
        case fused
        case errorCodeMatch = "error_code_match"
        case modelMatch = "model_match"
        case sameLanguage = "same_language"
        case termOverlap = "term_overlap"
    }
}

/// How far the metadata filter had to be relaxed before enough chunks matched.
public enum FilterLevel: String, Codable, Sendable {
    case codeAndModel = "code+model"
    case model
    case none
}

/// What the retrieve step found for one query.
public struct RetrievalResult: Codable, Sendable, Equatable {
    public var query: String
    public var filterLevel: FilterLevel
    public var embedderModelID: String?
    public var results: [RetrievedChunk]
    public var durationMilliseconds: Double

    public init(
        query: String, filterLevel: FilterLevel, embedderModelID: String?, results: [RetrievedChunk],
        durationMilliseconds: Double
    ) {
        self.query = query
        self.filterLevel = filterLevel
        self.embedderModelID = embedderModelID
        self.results = results
        self.durationMilliseconds = durationMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case query
        case filterLevel = "filter_level"
        case embedderModelID = "embedder_model_id"
        case results
        case durationMilliseconds = "duration_ms"
    }
}
