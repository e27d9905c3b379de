import FlussoCore
import Foundation

/// One labelled query of a retrieval evaluation set (a JSONL line):
/// `{"query", "product_model"?, "error_code"?, "language"?, "relevant"?: [chunk or document ids],
/// "relevant_text"?: [quotes]}` — at least one label. A quote is a few words copied from the
/// passage that answers the query: a result is relevant when its chunk's text holds the quote
/// (compared as whole words of letters and digits), so the label does not depend on where the
/// chunks begin and end — unless the quote itself is cut by a chunk boundary, which overlapping
/// windows make rare and `unmatchedQueries` reports. Other fields (`section`, `kind`, …) are ignored.
public struct EvaluationQuery: Sendable, Codable {
    public var query: String
    public var productModel: String?
    public var errorCode: String?
    /// The query's language as a ticket would state it; nil: the search guesses it.
    public var language: String?
    public var relevant: [String]
    public var relevantText: [String]
    /// The line of the file it was read from (1-based), for messages.
    public var line: Int?

    enum CodingKeys: String, CodingKey {
        case query
        case productModel = "product_model"
        case errorCode = "error_code"
        case language
        case relevant
        case relevantText = "relevant_text"
    }

    public init(
        query: String, productModel: String? = nil, errorCode: String? = nil, language: String? = nil, relevant: [String] = [],
        relevantText: [String] = []
    ) {
        self.query = query
        self.productModel = productModel
        self.errorCode = errorCode
        self.language = language
        self.relevant = relevant
        self.relevantText = relevantText
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        query = try c.decode(String.self, forKey: .query)
        productModel = try c.decodeIfPresent(String.self, forKey: .productModel)
        errorCode = try c.decodeIfPresent(String.self, forKey: .errorCode)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        relevant = try c.decodeIfPresent([String].self, forKey: .relevant) ?? []
        relevantText = try c.decodeIfPresent([String].self, forKey: .relevantText) ?? []
    }

    /// Reads a JSONL file; a bad line is an error naming the line.
    public static func load(_ path: String) throws -> [EvaluationQuery] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw KnowledgeError("unreadable_file", "cannot read \(path) as UTF-8")
        }
        var out: [EvaluationQuery] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                var q = try JSONDecoder().decode(EvaluationQuery.self, from: Data(line.utf8))
                guard !q.relevant.isEmpty || !q.relevantText.isEmpty else {
                    throw KnowledgeError("missing_field", "'relevant' and 'relevant_text' are both empty")
                }
                if let short = q.relevantText.first(where: { EvaluationText.normalized($0).split(separator: " ").count < 3 }) {
                    throw KnowledgeError("invalid_label", "the quote '\(short)' is too short to point at one passage (3 words at least)")
                }
                q.line = index + 1
                out.append(q)
            } catch let error as KnowledgeError {
                throw KnowledgeError(error.code, "\(path): \(error.message)", line: index + 1)
            } catch {
                throw KnowledgeError(
                    "invalid_json", "\(path): not a query object (query, relevant or relevant_text[, product_model, error_code, language])",
                    line: index + 1)
            }
        }
        guard !out.isEmpty else { throw KnowledgeError("empty_document", "\(path) holds no queries") }
        return out
    }

    /// Whether a chunk answers the query: its chunk or document id is listed, or its text
    /// (`EvaluationText.padded`) holds one of the quotes (padded too).
    func isAnswered(by chunk: KnowledgeChunk, normalizedText: String, quotes: [String]) -> Bool {
        relevant.contains(chunk.chunkID) || relevant.contains(chunk.documentID) || quotes.contains { normalizedText.contains($0) }
    }
}

/// Text compared as letters and digits only: compatibility forms folded (ligatures, full-width),
/// lower-cased, every other character a single space. A quote copied from a manual's page then
/// matches the chunk that holds it whatever the line breaks, hyphen styles or quotation marks.
enum EvaluationText {
    /// The normalised text with a space on each side, so that a quote (padded the same way)
    /// matches whole words only: "set the variable" is not found in "reset the variables".
    static func padded(_ text: String) -> String { " " + normalized(text) + " " }

    static func normalized(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return out
    }
}

/// Figures of one search mode over one query set. `recallAt1`/`recallAt5`: share of queries with
/// a relevant result among the first 1/5 (the hit rate); `mrr`: mean reciprocal rank of the first
/// relevant result within the top 10 (MRR@10; 0 if none); latencies include embedding the query.
public struct EvaluationFigures: Sendable, Codable {
    public var mode: SearchMode
    public var queries: Int
    public var recallAt1: Double
    public var recallAt5: Double
    public var mrr: Double
    public var latencyP50Milliseconds: Double
    public var latencyP95Milliseconds: Double

    enum CodingKeys: String, CodingKey {
        case mode, queries
        case recallAt1 = "recall_at_1"
        case recallAt5 = "recall_at_5"
        case mrr
        case latencyP50Milliseconds = "latency_p50_ms"
        case latencyP95Milliseconds = "latency_p95_ms"
    }
}

/// Every candidate the hybrid search weighed for one query, with its features and whether it is
/// relevant: what `scripts/lib/tune_rerank.py` replays to choose the re-ranker's weights.
public struct EvaluationCandidates: Sendable, Codable {
    public struct Candidate: Sendable, Codable {
        public var chunkID: String
        public var dense: Double?
        public var denseRank: Int?
        public var lexicalRank: Int?
        public var errorCodeMatch: Bool
        public var modelMatch: Bool
        public var termOverlap: Double
        public var sameLanguage: Bool?
        public var relevant: Bool

        enum CodingKeys: String, CodingKey {
            case chunkID = "chunk_id"
            case dense
            case denseRank = "dense_rank"
            case lexicalRank = "lexical_rank"
            case errorCodeMatch = "code"
            case modelMatch = "model"
            case termOverlap = "overlap"
            case sameLanguage = "same_language"
            case relevant
        }
    }

    public var line: Int?
    public var query: String
    public var candidates: [Candidate]
}

/// What an evaluation measured: figures per mode and, when asked for, the hybrid candidates.
public struct EvaluationReport: Sendable {
    public var figures: [EvaluationFigures]
    public var candidates: [EvaluationCandidates]
}

extension KnowledgeBase {
    /// Runs every query in each mode and scores the rankings against the labels.
    public func evaluate(_ queries: [EvaluationQuery], modes: [SearchMode]) async throws -> [EvaluationFigures] {
        try await evaluate(queries, modes: modes, recordCandidates: false).figures
    }

    /// The same, keeping every candidate of the hybrid searches when `recordCandidates` is set
    /// (the hybrid search is then asked for all of them; its figures are unchanged).
    public func evaluate(_ queries: [EvaluationQuery], modes: [SearchMode], recordCandidates: Bool) async throws -> EvaluationReport {
        var normalized: [String: String] = [:]
        func text(_ chunk: KnowledgeChunk) -> String {
            if let t = normalized[chunk.chunkID] { return t }
            let t = EvaluationText.padded(chunk.text)
            normalized[chunk.chunkID] = t
            return t
        }
        let quotes = queries.map { $0.relevantText.map(EvaluationText.padded) }
        var figures: [EvaluationFigures] = []
        var recorded: [EvaluationCandidates] = []
        let clock = ContinuousClock()
        for mode in modes {
            var hits1 = 0, hits5 = 0
            var reciprocal = 0.0
            var latencies: [Double] = []
            for (index, q) in queries.enumerated() {
                let record = recordCandidates && mode == .hybrid
                let started = clock.now
                let result = try await search(
                    KnowledgeQuery(
                        text: q.query, productModel: q.productModel, errorCode: q.errorCode,
                        k: record ? 50 : 10, mode: mode, language: q.language))
                latencies.append((clock.now - started).seconds * 1000)
                let answered = result.results.map { q.isAnswered(by: $0.chunk, normalizedText: text($0.chunk), quotes: quotes[index]) }
                if record {
                    recorded.append(
                        EvaluationCandidates(
                            line: q.line, query: q.query,
                            candidates: zip(result.results, answered).map { r, relevant in
                                let f = r.features
                                return EvaluationCandidates.Candidate(
                                    chunkID: r.chunk.chunkID, dense: f.dense, denseRank: f.denseRank, lexicalRank: f.lexicalRank,
                                    errorCodeMatch: f.errorCodeMatch, modelMatch: f.modelMatch, termOverlap: f.termOverlap,
                                    sameLanguage: f.sameLanguage, relevant: relevant)
                            }))
                }
                if let first = answered.prefix(10).firstIndex(of: true) {
                    if first < 1 { hits1 += 1 }
                    if first < 5 { hits5 += 1 }
                    reciprocal += 1 / Double(first + 1)
                }
            }
            latencies.sort()
            func percentile(_ p: Double) -> Double { Percentile.nearestRank(latencies, p) }
            let n = Double(queries.count)
            figures.append(
                EvaluationFigures(
                    mode: mode, queries: queries.count, recallAt1: Double(hits1) / n, recallAt5: Double(hits5) / n,
                    mrr: reciprocal / n, latencyP50Milliseconds: percentile(0.5),
                    latencyP95Milliseconds: percentile(0.95)))
        }
        return EvaluationReport(figures: figures, candidates: recorded)
    }

    /// The queries whose labels match no chunk of this knowledge base (no listed id exists, no
    /// quote is found): a set written for another version of the documents, or a typo. Their
    /// recall would be zero whatever the search did.
    public func unmatchedQueries(_ queries: [EvaluationQuery]) async throws -> [EvaluationQuery] {
        let chunks = try await store.allChunks().map(\.chunk)
        let ids = Set(chunks.map(\.chunkID)).union(chunks.map(\.documentID))
        let texts = chunks.map { EvaluationText.padded($0.text) }
        return queries.filter { q in
            if q.relevant.contains(where: ids.contains) { return false }
            let quotes = q.relevantText.map(EvaluationText.padded)
            return !quotes.contains { quote in texts.contains { $0.contains(quote) } }
        }
    }
}
