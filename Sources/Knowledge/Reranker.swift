import FlussoCore
import Foundation

/// Re-ranks fused candidates with features a person can read, and says why.
///
/// score = 1.0 × fused / best fused (reciprocal-rank fusion, k = 10: 1/(10 + dense rank) +
///         0.5/(10 + BM25 rank); smaller k than the usual 60 so that rank differences survive the
///         normalisation, and BM25 at half weight because the dense list was the stronger one on
///         every development set)
///       + 0.6 if the chunk carries the ticket's error code
///       + 0.25 if it is tagged with the ticket's product model
///       + 0.3 × share of the query's content words found in the chunk
///       + 0.3 × dense cosine similarity (when the chunk was a dense hit)
/// Words are evidence only between texts of one language: when the query's language (given, or
/// guessed from its function words) differs from the chunk's, the chunk's BM25 rank and word
/// overlap count for nothing. An Italian ticket and an English manual share names and numbers,
/// not words, and on Prusa's catalogue (Italian texts, English entries) counting those chance
/// matches cost 1.6 points of recall@5 against dense-only search.
/// The weights were set on the sample knowledge base's own query sets (`eval/sample-kb-*.jsonl`);
/// Prusa's sets are held out.
struct Reranker {
    static let rrfK = 10.0
    static let lexicalWeight = 0.5

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
                (best > 0 ? f.fused / best : 0) + (f.errorCodeMatch ? 0.6 : 0) + (f.modelMatch ? 0.25 : 0)
                + (wordsCount ? 0.3 * f.termOverlap : 0) + 0.3 * max(c.dense ?? 0, 0)
            scored.append(
                (
                    RetrievedChunk(
                        rank: 0, chunk: c.chunk, score: score, features: f,
                        reason: reason(f, codes: queryCodes, context: context)), c.key
                ))
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
        var terms: Set<String>
        var codes: Set<String>
        var model: String?
        /// The query's language: the ticket's, or guessed from the text (nil: unknown).
        var language: String?

        init(query: KnowledgeQuery, codes: Set<String>) {
            terms = TextTerms.contentTerms(query.text)
            self.codes = codes
            model = query.productModel?.uppercased()
            language = Self.primaryLanguage(query.language) ?? LanguageGuess.guess(query.text)
        }

        /// `it-IT`, `it_IT` and `IT` all mean `it`; empty means unknown.
        static func primaryLanguage(_ tag: String?) -> String? {
            guard let first = tag?.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first, !first.isEmpty else { return nil }
            return String(first)
        }
    }

    /// Weighted reciprocal-rank fusion of the candidate's dense and BM25 ranks; the BM25 rank
    /// counts only when query and chunk share a language (or either is unknown).
    private static func fused(_ c: Candidate, sameLanguage: Bool?) -> Double {
        let dense = c.denseRank.map { 1 / (rrfK + Double($0)) } ?? 0
        let lexical = sameLanguage == false ? 0 : c.lexicalRank.map { lexicalWeight / (rrfK + Double($0)) } ?? 0
        return dense + lexical
    }

    private func features(_ c: Candidate, _ context: QueryContext) -> RankingFeatures {
        let chunkTerms = TextTerms.contentTerms(c.chunk.title + " " + c.chunk.sectionPath.joined(separator: " ") + " " + c.chunk.text)
        let overlap = context.terms.isEmpty ? 0 : Double(context.terms.intersection(chunkTerms).count) / Double(context.terms.count)
        var sameLanguage: Bool?
        if let queryLanguage = context.language, let chunkLanguage = QueryContext.primaryLanguage(c.chunk.language) {
            sameLanguage = queryLanguage == chunkLanguage
        }
        return RankingFeatures(
            dense: c.dense, denseRank: c.denseRank, lexicalRank: c.lexicalRank,
            fused: Self.fused(c, sameLanguage: sameLanguage),
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
