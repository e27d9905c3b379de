import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@testable import Knowledge

/// Labels by quote: a result is relevant when its chunk holds the quoted words, however the
/// document was cut into chunks or the quote was punctuated.
@Suite struct EvaluationLabelTests {
    @Test func quotesAreComparedAsLettersAndDigitsOnly() {
        #expect(
            EvaluationText.normalized("Straighten the hoses,\n top up the chiller — “distilled” water")
                == "straighten the hoses top up the chiller distilled water")
        #expect(EvaluationText.normalized("ﬁle Ünit 2") == "file ünit 2", "ligatures are folded, letters of other scripts kept")
        #expect(EvaluationText.normalized("  ...  ") == "")
        #expect(!EvaluationText.padded("reset the variables").contains(EvaluationText.padded("set the variable")), "whole words only")
        #expect(EvaluationText.padded("Then: set the variable.").contains(EvaluationText.padded("set the variable")))
    }

    @Test func aQueryLabelledByAQuoteIsAnsweredByTheChunkThatHoldsIt() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        let answered = EvaluationQuery(
            query: "cooling water flow too low", errorCode: "L101",
            relevantText: ["top up the chiller with distilled water, and bleed air"])
        let nowhere = EvaluationQuery(query: "cooling water flow too low", relevantText: ["this sentence is in no manual at all"])
        let figures = try await kb.evaluate([answered], modes: [.hybrid, .lexical])
        #expect(figures.allSatisfy { $0.recallAt1 == 1 }, "the L101 chunk holds the quote and is ranked first")
        let unmatched = try await kb.unmatchedQueries([answered, nowhere])
        #expect(unmatched.map(\.relevantText) == [nowhere.relevantText])
        let missed = try await kb.evaluate([nowhere], modes: [.lexical])
        #expect(missed.first?.recallAt5 == 0)
    }

    @Test func theHybridCandidatesAreRecordedWithTheirFeaturesAndRelevance() async throws {
        let dir = TemporaryDirectory()
        let kb = try await makeKnowledgeBase(dir)
        _ = try await kb.ingest([repositoryRoot + "/kb"])
        let query = EvaluationQuery(query: "cooling water flow too low chiller", relevantText: ["top up the chiller with distilled water"])
        let report = try await kb.evaluate([query], modes: [.hybrid, .lexical], recordCandidates: true)
        #expect(report.candidates.count == 1, "one record per query, hybrid mode only")
        let candidates = try #require(report.candidates.first?.candidates)
        #expect(candidates.count > 5, "every fused candidate, not only the top 5")
        #expect(candidates.filter(\.relevant).allSatisfy { $0.chunkID.contains("l101") })
        #expect(candidates.contains { $0.relevant && $0.lexicalRank != nil })
        #expect(report.figures.map(\.mode) == [.hybrid, .lexical])
    }

    @Test func aLineWithoutLabelsOrWithATooShortQuoteIsRejectedWithItsLine() throws {
        let dir = TemporaryDirectory()
        try write("{\"query\":\"a\",\"relevant_text\":[\"the hoses behind the machine\"]}\n{\"query\":\"b\"}\n", to: dir.path + "/q.jsonl")
        do {
            _ = try EvaluationQuery.load(dir.path + "/q.jsonl")
            Issue.record("a query without labels was accepted")
        } catch let error as KnowledgeError {
            #expect(error.line == 2)
            #expect(error.code == "missing_field")
        }
        try write("{\"query\":\"a\",\"relevant_text\":[\"the hoses\"]}\n", to: dir.path + "/short.jsonl")
        do {
            _ = try EvaluationQuery.load(dir.path + "/short.jsonl")
            Issue.record("a two-word quote was accepted")
        } catch let error as KnowledgeError {
            #expect(error.code == "invalid_label")
        }
        try write(
            "\n{\"query\":\"a\",\"relevant_text\":[\"the hoses behind the machine\"],\"section\":\"What to check\"}\n", to: dir.path + "/ok.jsonl")
        let loaded = try EvaluationQuery.load(dir.path + "/ok.jsonl")
        #expect(loaded.map(\.line) == [2], "unknown fields are ignored, lines counted from 1")
    }
}
