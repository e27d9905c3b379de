/// Settings of a knowledge base, with documented defaults.
///
/// - `chunking`: see `ChunkingSettings` (≤ 400 tokens, 300-token windows, 50 overlap).
/// - `catalogues`: mappings for error-code catalogues (none by default).
/// - `patterns`: error-code and model patterns found in chunk text.
/// - `denseCandidates` (10) and `lexicalCandidates` (10): hits taken from the vector index and
///   from BM25 before fusion.
/// - `minimumCandidates` (5): a filter level that yields fewer distinct candidates than this is
///   relaxed (code+model → model → none).
/// - `rerank`: the re-ranker's weights (`RerankWeights`).
/// - `indexDirectory`: where the vector index and its manifest live.
/// - `languages`: the languages the base is meant to hold (empty: any); ingestion warns about a
///   document in another one, since the embedder was chosen for these.
public struct KnowledgeSettings: Sendable {
    public var chunking: ChunkingSettings
    public var catalogues: [CatalogueMapping]
    public var patterns: MetadataPatterns
    public var denseCandidates: Int
    public var lexicalCandidates: Int
    public var minimumCandidates: Int
    public var rerank: RerankWeights
    /// The default of `minimumCandidates` (`kb.min_candidates`).
    public static let defaultMinimumCandidates = 5
    public var indexDirectory: String
    public var languages: [String]

    public init(
        indexDirectory: String, chunking: ChunkingSettings = ChunkingSettings(), catalogues: [CatalogueMapping] = [],
        patterns: MetadataPatterns, denseCandidates: Int = 10, lexicalCandidates: Int = 10,
        minimumCandidates: Int = KnowledgeSettings.defaultMinimumCandidates, rerank: RerankWeights = RerankWeights(),
        languages: [String] = []
    ) {
        self.rerank = rerank
        self.indexDirectory = indexDirectory
        self.languages = languages
        self.chunking = chunking
        self.catalogues = catalogues
        self.patterns = patterns
        self.denseCandidates = denseCandidates
        self.lexicalCandidates = lexicalCandidates
        self.minimumCandidates = minimumCandidates
    }
}

/// A search of the knowledge base: free text plus the ticket's product model and error code.
public struct KnowledgeQuery: Sendable {
    public var text: String
    public var productModel: String?
    public var errorCode: String?
    public var k: Int
    public var mode: SearchMode
    /// The query's language (`en`, `it`, …) when known, e.g. the ticket's; nil: guessed from the text.
    public var language: String?

    public init(
        text: String, productModel: String? = nil, errorCode: String? = nil, k: Int = 5, mode: SearchMode = .hybrid,
        language: String? = nil
    ) {
        self.language = language
        self.text = text
        self.productModel = productModel
        self.errorCode = errorCode
        self.k = k
        self.mode = mode
    }
}

/// Which retrievers a search uses. `hybrid` is what the retrieve step does; `dense` (k-NN only,
/// ranked by cosine) and `lexical` (BM25 only, ranked by BM25) exist to measure what fusion and
/// re-ranking add. All three apply the same filters and relaxation.
public enum SearchMode: String, Sendable, CaseIterable, Codable {
    case hybrid, dense, lexical
}

/// What one ingestion batch did.
public struct IngestReport: Sendable, Codable {
    public struct Issue: Sendable, Codable, Equatable {
        public var file: String
        public var line: Int?
        public var code: String
        public var message: String
    }

    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var removed = 0
    public var chunksWritten = 0
    public var issues: [Issue] = []
    /// Problems worked around; the documents were ingested.
    public var warnings: [Issue] = []
    public var seconds = 0.0
    public var chunksPerSecond = 0.0
    public var embedderModelID: String?

    enum CodingKeys: String, CodingKey {
        case added, updated, unchanged, removed
        case chunksWritten = "chunks_written"
        case issues, warnings, seconds
        case chunksPerSecond = "chunks_per_second"
        case embedderModelID = "embedder_model_id"
    }
}

/// Sizes of the knowledge base.
public struct KnowledgeStats: Sendable, Codable {
    public var documents: Int
    public var chunks: Int
    public var vectors: Int
    public var languages: [String: Int]
    public var productModels: [String]
    public var errorCodes: Int
    public var embedderModelID: String?

    enum CodingKeys: String, CodingKey {
        case documents, chunks, vectors, languages
        case productModels = "product_models"
        case errorCodes = "error_codes"
        case embedderModelID = "embedder_model_id"
    }
}

/// Metadata for documents that carry none of their own (`flusso kb ingest --product-model …
/// --language …`): a front matter or a sidecar wins over it.
public struct IngestDefaults: Sendable, Equatable {
    public var productTypes: [String]
    public var productModels: [String]
    public var language: String?

    public init(productTypes: [String] = [], productModels: [String] = [], language: String? = nil) {
        self.productTypes = productTypes
        self.productModels = productModels.map { $0.uppercased() }
        self.language = language?.lowercased()
    }

    /// Folded into a PDF's source hash: other defaults make other chunks.
    var fingerprint: String { "defaults:\(productTypes.joined(separator: ","))/\(productModels.joined(separator: ","))/\(language ?? "")" }
}
