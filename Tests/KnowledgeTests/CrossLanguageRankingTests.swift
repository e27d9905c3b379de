import FlussoCore
import Testing

@testable import Knowledge

@Suite struct LanguageGuessTests {
    @Test func functionWordsTellItalianFromEnglish() {
        #expect(LanguageGuess.guess("la ventola dell'estrusore non gira più") == "it")
        #expect(LanguageGuess.guess("the fan of the extruder does not spin") == "en")
    }

    @Test func textWithoutFunctionWordsHasNoGuess() {
        #expect(LanguageGuess.guess("E101 AP-200") == nil)
        #expect(LanguageGuess.guess("") == nil)
    }
}

@Suite struct CrossLanguageRankingTests {
    func chunk(_ id: String, language: String, text: String) -> KnowledgeChunk {
        KnowledgeChunk(
            documentID: id, ordinal: 0, title: id, sectionPath: [], text: text, language: language, productTypes: [],
            productModels: [], errorCodes: [], sourceURL: nil, tokenCount: 10)
    }

    /// An English chunk that shares only chance words with an Italian query (BM25 rank 1) must
    /// not beat the chunk dense search put first.
    @Test func bm25AndSharedWordsDoNotCountAcrossLanguages() {
        let chance = Reranker.Candidate(
            key: 1, chunk: chunk("chance", language: "en", text: "MMU filament sensor la"),
            dense: 0.80, denseRank: 2, lexicalRank: 1)
        let meaning = Reranker.Candidate(
            key: 2, chunk: chunk("meaning", language: "en", text: "The print fan is not spinning."),
            dense: 0.84, denseRank: 1, lexicalRank: nil)
        let query = KnowledgeQuery(text: "la ventola di stampa MMU non gira", language: "it")
        let ranked = Reranker().rank([chance, meaning], query: query, queryCodes: [], k: 2)
        #expect(ranked.map(\.chunk.documentID) == ["meaning", "chance"])
        #expect(ranked[1].features.sameLanguage == false)
        #expect(ranked[1].reason.contains("not counted"))
    }

    /// Within one language the same BM25 evidence does count and lifts the chunk.
    @Test func bm25CountsWithinOneLanguage() {
        let lexical = Reranker.Candidate(
            key: 1, chunk: chunk("lexical", language: "it", text: "ventola di stampa MMU"),
            dense: 0.80, denseRank: 2, lexicalRank: 1)
        let dense = Reranker.Candidate(
            key: 2, chunk: chunk("dense", language: "it", text: "altro argomento"),
            dense: 0.84, denseRank: 1, lexicalRank: nil)
        let query = KnowledgeQuery(text: "la ventola di stampa MMU non gira", language: "it-IT")
        let ranked = Reranker().rank([lexical, dense], query: query, queryCodes: [], k: 2)
        #expect(ranked.first?.chunk.documentID == "lexical")
        #expect(ranked.first?.features.sameLanguage == true)
    }
}

/// The re-ranker's weights come from settings (`kb.rerank_*`): each one moves the ranking it
/// should.
@Suite struct RerankWeightsTests {
    func candidate(_ id: String, dense: Double?, denseRank: Int?, lexicalRank: Int?) -> Reranker.Candidate {
        Reranker.Candidate(
            key: Int64(id.count),
            chunk: KnowledgeChunk(
                documentID: id, ordinal: 0, title: id, sectionPath: [], text: "unrelated words", language: "en", productTypes: [],
                productModels: [], errorCodes: [], sourceURL: nil, tokenCount: 2),
            dense: dense, denseRank: denseRank, lexicalRank: lexicalRank)
    }

    @Test func theLexicalWeightDecidesBetweenTheTwoListsFirstHits() {
        let denseFirst = candidate("dense-first", dense: 0.5, denseRank: 1, lexicalRank: nil)
        let lexicalFirst = candidate("bm25-first", dense: nil, denseRank: nil, lexicalRank: 1)
        let query = KnowledgeQuery(text: "pump noise", language: "en")
        let leaning = { (weights: RerankWeights) in
            Reranker(weights: weights).rank([denseFirst, lexicalFirst], query: query, queryCodes: [], k: 2).first?.chunk.documentID
        }
        #expect(leaning(RerankWeights(lexicalWeight: 0.5, cosine: 0)) == "dense-first")
        #expect(leaning(RerankWeights(lexicalWeight: 2, cosine: 0)) == "bm25-first")
        #expect(leaning(RerankWeights(lexicalWeight: 1.2, cosine: 1)) == "dense-first", "the cosine term lifts the dense hit")
    }

    @Test func theErrorCodeBonusIsTheConfiguredOne() {
        var coded = candidate("coded", dense: nil, denseRank: 3, lexicalRank: nil)
        coded.chunk.errorCodes = ["E101"]
        let top = candidate("top", dense: nil, denseRank: 1, lexicalRank: nil)
        let query = KnowledgeQuery(text: "thermal runaway", errorCode: "E101", language: "en")
        let first = { (weights: RerankWeights) in
            Reranker(weights: weights).rank([coded, top], query: query, queryCodes: ["E101"], k: 2).first?.chunk.documentID
        }
        #expect(first(RerankWeights(errorCode: 0.6)) == "coded")
        #expect(first(RerankWeights(errorCode: 0)) == "top")
    }
}
