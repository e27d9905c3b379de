import FlussoCore
import Foundation

/// Re-ranks fused candidates with features a person can read, and says why.
///
/// score = fused / best fused (weighted reciprocal-rank fusion of the dense and BM25 ranks)
///       + a bonus if the chunk carries the ticket's error code, another if it is tagged with the
///         ticket's product model
///       + a weight × share of the query's content words found in the chunk
///       + a weight × dense cosine similarity (when the chunk was a dense hit)
/// — the weights and their defaults are `RerankWeights` (`kb.rerank_*`).
/// Words are evidence only between texts of one language: when the query's language (given, or
/// guessed from its function words) differs from the chunk's, the chunk's BM25 rank and word
/// overlap count for nothing. An Italian ticket and an English manual share names and numbers,
/// not words, and on Prusa's catalogue (Italian texts, English entries) counting those chance
/// matches cost 1.6 points of recall@5 against dense-only search.
struct Reranker {
    var weights = RerankWeights()

    struct Candidate {
        var key: Int64
        var chunk: KnowledgeChunk
        var dense: Double?
        var denseRank: Int?
        var lexicalRank: Int?
    }

    func rank(_ candidates: [Candidate], query: KnowledgeQuery, queryCodes: Set<String>, k: Int) -> [RetrievedChunk] {
        let context = QueryContext(query: query, codes: queryCodes)
        let featured = candidates.map { ($0, features($0, context)) }
        let best = featured.map(\.1.fused).max() ?? 1
        var scored: [(RetrievedChunk, Int64)] = []
        for (c, f) in featured {
            let wordsCount = f.sameLanguage != false
            let score =
                (best > 0 ? f.fused / best : 0) + (f.errorCodeMatch ? weights.errorCode : 0) + (f.modelMatch ? weights.model : 0)
                + (wordsCount ? weights.overlap * f.termOverlap : 0) + weights.cosine * max(c.dense ?? 0, 0)
            scored.append(
                (
                    RetrievedChunk(
                        rank: 0, chunk: c.chunk, score: score, features: f,
                        reason: reason(f, codes: queryCodes, context: context)), c.key
                ))
        }
        // Equal scores in chunk-id order: reproducible, and what scripts/lib/tune_rerank.py replays.
        scored.sort { $0.0.score != $1.0.score ? $0.0.score > $1.0.score : $0.0.chunk.chunkID < $1.0.chunk.chunkID }
        return scored.prefix(k).enumerated().map { index, item in
            var r = item.0
            r.rank = index + 1
            return r
        }
    }

    /// The order of one retriever alone (dense by cosine, lexical by BM25), for comparisons:
    /// features are still reported, but they do not move anything.
    func singleList(_ candidates: [Candidate], mode: SearchMode, query: KnowledgeQuery, queryCodes: Set<String>, k: Int) -> [RetrievedChunk] {
        let context = QueryContext(query: query, codes: queryCodes)
        let ordered =
            candidates
            .compactMap { c -> (Candidate, Int)? in
                guard let rank = mode == .dense ? c.denseRank : c.lexicalRank else { return nil }
                return (c, rank)
            }
            .sorted { $0.1 < $1.1 }
        return ordered.prefix(k).enumerated().map { index, item in
            let (c, rank) = item
            return RetrievedChunk(
                rank: index + 1, chunk: c.chunk, score: 1 / Double(rank), features: features(c, context),
                reason: "\(mode == .dense ? "dense" : "BM25") rank \(rank) (\(mode.rawValue)-only search)")
        }
    }

    /// What every candidate is judged against: the query's content words, codes and model.
    private struct QueryContext {
        /// The query's content words, as stems (`TextTerms.contentStems`).
        var terms: Set<String>
        var codes: Set<String>
        var model: String?
        /// The query's language: the ticket's, or guessed from the text (nil: unknown).
        var language: String?

        init(query: KnowledgeQuery, codes: Set<String>) {
            let language = Self.primaryLanguage(query.language) ?? LanguageGuess.guess(query.text)
            self.language = language
            terms = TextTerms.contentStems(query.text, language: language)
            self.codes = codes
            model = query.productModel?.uppercased()
        }

        /// `it-IT`, `it_IT` and `IT` all mean `it`; empty means unknown.
        static func primaryLanguage(_ tag: String?) -> String? {
            guard let first = tag?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first, !first.isEmpty else { return nil }
            return String(first)
        }
    }

    /// Weighted reciprocal-rank fusion of the candidate's dense and BM25 ranks; the BM25 rank
    /// counts only when query and chunk share a language (or either is unknown).
    private func fused(_ c: Candidate, sameLanguage: Bool?) -> Double {
        let dense = c.denseRank.map { 1 / (weights.rrfK + Double($0)) } ?? 0
        let lexical = sameLanguage == false ? 0 : c.lexicalRank.map { weights.lexicalWeight / (weights.rrfK + Double($0)) } ?? 0
        return dense + lexical
    }

    private func features(_ c: Candidate, _ context: QueryContext) -> RankingFeatures {
        let chunkTerms = TextTerms.contentStems(
            c.chunk.title + " " + c.chunk.sectionPath.joined(separator: " ") + " " + c.chunk.text, language: context.language)
        let overlap = context.terms.isEmpty ? 0 : Double(context.terms.intersection(chunkTerms).count) / Double(context.terms.count)
        var sameLanguage: Bool?
        if let queryLanguage = context.language, let chunkLanguage = QueryContext.primaryLanguage(c.chunk.language) {
            sameLanguage = queryLanguage == chunkLanguage
        }
        return RankingFeatures(
            dense: c.dense, denseRank: c.denseRank, lexicalRank: c.lexicalRank,
            fused: fused(c, sameLanguage: sameLanguage),
            errorCodeMatch: !context.codes.isDisjoint(with: c.chunk.errorCodes),
            modelMatch: context.model.map { c.chunk.productModels.contains($0) } ?? false, termOverlap: overlap,
            sameLanguage: sameLanguage)
    }

    private func reason(_ f: RankingFeatures, codes: Set<String>, context: QueryContext) -> String {
        var parts: [String] = []
        if f.errorCodeMatch { parts.append("exact error-code match (\(codes.sorted().joined(separator: ", ")))") }
        if f.modelMatch, let model = context.model { parts.append("tagged for \(model)") }
        switch (f.denseRank, f.lexicalRank) {
        case let (d?, l?): parts.append("dense rank \(d) and BM25 rank \(l)")
        case let (d?, nil): parts.append("dense rank \(d) only")
        case let (nil, l?): parts.append("BM25 rank \(l) only")
        case (nil, nil): break
        }
        if let dense = f.dense { parts.append("cosine \(String(format: "%.2f", dense))") }
        parts.append("\(Int((f.termOverlap * 100).rounded())) % of the query's words")
        if f.sameLanguage == false, let language = context.language {
            parts.append("query in '\(language)', chunk in another language: BM25 and shared words not counted")
        }
        return parts.joined(separator: "; ")
    }
}
