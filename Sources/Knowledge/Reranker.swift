import FlussoCore
import Foundation

/// Re-ranks fused candidates with features a person can read, and says why.
///
/// score = 1.0 × fused / best fused (reciprocal-rank fusion of the dense and BM25 lists, k = 10:
///         smaller than the usual 60 so that rank differences survive the normalisation)
///       + 0.6 if the chunk carries the ticket's error code
///       + 0.25 if it is tagged with the ticket's product model
///       + 0.3 × share of the query's content words found in the chunk
///       + 0.3 × dense cosine similarity (when the chunk was a dense hit)
/// The weights favour an exact error-code match, because a code names the failure precisely;
/// they were set on the sample knowledge base's own queries, not on any test split.
struct Reranker {
    static let rrfK = 10.0

    struct Candidate {
        var key: Int64
        var chunk: KnowledgeChunk
        var dense: Double?
        var denseRank: Int?
        var lexicalRank: Int?
    }

    func rank(_ candidates: [Candidate], query: KnowledgeQuery, queryCodes: Set<String>, k: Int) -> [RetrievedChunk] {
        let queryTerms = TextTerms.contentTerms(query.text)
        let model = query.productModel?.uppercased()
        let fusedScores = candidates.map { c in
            (c.denseRank.map { 1 / (Self.rrfK + Double($0)) } ?? 0) + (c.lexicalRank.map { 1 / (Self.rrfK + Double($0)) } ?? 0)
        }
        let best = fusedScores.max() ?? 1
        var scored: [(RetrievedChunk, Int64)] = []
        for (c, fused) in zip(candidates, fusedScores) {
            let chunkTerms = TextTerms.contentTerms(c.chunk.title + " " + c.chunk.sectionPath.joined(separator: " ") + " " + c.chunk.text)
            let overlap = queryTerms.isEmpty ? 0 : Double(queryTerms.intersection(chunkTerms).count) / Double(queryTerms.count)
            let codeMatch = !queryCodes.isEmpty && !queryCodes.isDisjoint(with: c.chunk.errorCodes)
            let modelMatch = model.map { c.chunk.productModels.contains($0) } ?? false
            let features = RankingFeatures(dense: c.dense, denseRank: c.denseRank, lexicalRank: c.lexicalRank, fused: fused,
                                           errorCodeMatch: codeMatch, modelMatch: modelMatch, termOverlap: overlap)
            let score = (best > 0 ? fused / best : 0) + (codeMatch ? 0.6 : 0) + (modelMatch ? 0.25 : 0) + 0.3 * overlap
                + 0.3 * max(c.dense ?? 0, 0)
            scored.append((RetrievedChunk(rank: 0, chunk: c.chunk, score: score, features: features,
                                          reason: reason(features, codes: queryCodes, model: model)), c.key))
        }
        scored.sort { $0.0.score != $1.0.score ? $0.0.score > $1.0.score : $0.1 < $1.1 }
        return scored.prefix(k).enumerated().map { index, item in
            var r = item.0
            r.rank = index + 1
            return r
        }
    }

    /// The order of one retriever alone (dense by cosine, lexical by BM25), for comparisons:
    /// features are still reported, but they do not move anything.
    func singleList(_ candidates: [Candidate], mode: SearchMode, query: KnowledgeQuery, queryCodes: Set<String>, k: Int) -> [RetrievedChunk] {
        let ordered = candidates
            .compactMap { c -> (Candidate, Int)? in
                guard let rank = mode == .dense ? c.denseRank : c.lexicalRank else { return nil }
                return (c, rank)
            }
            .sorted { $0.1 < $1.1 }
        let model = query.productModel?.uppercased()
        let queryTerms = TextTerms.contentTerms(query.text)
        return ordered.prefix(k).enumerated().map { index, item in
            let (c, rank) = item
            let chunkTerms = TextTerms.contentTerms(c.chunk.title + " " + c.chunk.text)
            let overlap = queryTerms.isEmpty ? 0 : Double(queryTerms.intersection(chunkTerms).count) / Double(queryTerms.count)
            let features = RankingFeatures(dense: c.dense, denseRank: c.denseRank, lexicalRank: c.lexicalRank,
                                           fused: 1 / (Self.rrfK + Double(rank)),
                                           errorCodeMatch: !queryCodes.isDisjoint(with: c.chunk.errorCodes),
                                           modelMatch: model.map { c.chunk.productModels.contains($0) } ?? false, termOverlap: overlap)
            return RetrievedChunk(rank: index + 1, chunk: c.chunk, score: 1 / Double(rank), features: features,
                                  reason: "\(mode == .dense ? "dense" : "BM25") rank \(rank) (\(mode.rawValue)-only search)")
        }
    }

    private func reason(_ f: RankingFeatures, codes: Set<String>, model: String?) -> String {
        var parts: [String] = []
        if f.errorCodeMatch { parts.append("exact error-code match (\(codes.sorted().joined(separator: ", ")))") }
        if f.modelMatch, let model { parts.append("tagged for \(model)") }
        switch (f.denseRank, f.lexicalRank) {
        case let (d?, l?): parts.append("dense rank \(d) and BM25 rank \(l)")
        case let (d?, nil): parts.append("dense rank \(d) only")
        case let (nil, l?): parts.append("BM25 rank \(l) only")
        case (nil, nil): break
        }
        if let dense = f.dense { parts.append("cosine \(String(format: "%.2f", dense))") }
        parts.append("\(Int((f.termOverlap * 100).rounded())) % of the query's words")
        return parts.joined(separator: "; ")
    }
}
