import FlussoCore
import Foundation

/// One labelled query of a retrieval evaluation set (a JSONL line):
/// `{"query", "product_model"?, "error_code"?, "language"?, "relevant": [chunk or document ids]}`.
public struct EvaluationQuery: Sendable, Codable {
    public var query: String
    public var productModel: String?
    public var errorCode: String?
    /// The query's language as a ticket would state it; nil: the search guesses it.
    public var language: String?
    public var relevant: [String]

    enum CodingKeys: String, CodingKey {
        case query
        case productModel = "product_model"
        case errorCode = "error_code"
        case language
        case relevant
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
                let q = try JSONDecoder().decode(EvaluationQuery.self, from: Data(line.utf8))
                guard !q.relevant.isEmpty else { throw KnowledgeError("missing_field", "'relevant' is empty") }
                out.append(q)
            } catch let error as KnowledgeError {
                throw KnowledgeError(error.code, "\(path): \(error.message)", line: index + 1)
            } catch {
                throw KnowledgeError("invalid_json", "\(path): not a query object (query, relevant[, product_model, error_code])", line: index + 1)
            }
        }
        guard !out.isEmpty else { throw KnowledgeError("empty_document", "\(path) holds no queries") }
        return out
    }
}

/// Figures of one search mode over one query set. `recallAt1`/`recallAt5`: share of queries with
/// a relevant id among the first 1/5 results (the sets have one relevant document per query, so
/// this is the hit rate); `mrr`: mean reciprocal rank of the first relevant result (0 if none in
/// the top 10); latencies include embedding the query.
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

extension KnowledgeBase {
    /// Runs every query in each mode and scores the rankings against the labels. A result counts
    /// as relevant when its chunk id or its document id is listed.
    public func evaluate(_ queries: [EvaluationQuery], modes: [SearchMode]) async throws -> [EvaluationFigures] {
        var out: [EvaluationFigures] = []
        let clock = ContinuousClock()
        for mode in modes {
            var hits1 = 0, hits5 = 0
            var reciprocal = 0.0
            var latencies: [Double] = []
            for q in queries {
                let relevant = Set(q.relevant)
                let started = clock.now
                let result = try await search(
                    KnowledgeQuery(
                        text: q.query, productModel: q.productModel, errorCode: q.errorCode,
                        k: 10, mode: mode, language: q.language))
                latencies.append((clock.now - started).seconds * 1000)
                let first = result.results.firstIndex { relevant.contains($0.chunk.chunkID) || relevant.contains($0.chunk.documentID) }
                if let first {
                    if first < 1 { hits1 += 1 }
                    if first < 5 { hits5 += 1 }
                    reciprocal += 1 / Double(first + 1)
                }
            }
            latencies.sort()
            func percentile(_ p: Double) -> Double { Percentile.nearestRank(latencies, p) }
            let n = Double(queries.count)
            out.append(
                EvaluationFigures(
                    mode: mode, queries: queries.count, recallAt1: Double(hits1) / n, recallAt5: Double(hits5) / n,
                    mrr: reciprocal / n, latencyP50Milliseconds: percentile(0.5),
                    latencyP95Milliseconds: percentile(0.95)))
        }
        return out
    }
}
