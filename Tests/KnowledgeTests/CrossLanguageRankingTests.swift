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
