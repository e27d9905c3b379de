import FlussoCore
import Foundation

@testable import Guardrails

/// Builders for solutions and retrieved chunks in the guardrail tests.
enum Fixture {
    static let date = Date(timeIntervalSince1970: 1_800_000_000)

    static func chunk(_ id: String, _ text: String, language: String = "en", codes: [String] = [], models: [String] = []) -> RetrievedChunk {
        let (document, ordinal) = GroundednessCase.split(id)
        let chunk = KnowledgeChunk(
            documentID: document, ordinal: ordinal, title: document, sectionPath: [], text: text, language: language,
            productTypes: [], productModels: models, errorCodes: codes, sourceURL: nil, tokenCount: 50)
        return RetrievedChunk(
            rank: 1, chunk: chunk, score: 1,
            features: RankingFeatures(
                dense: nil, denseRank: nil, lexicalRank: nil, fused: 0, errorCodeMatch: false,
                modelMatch: false, termOverlap: 0),
            reason: "test")
    }

    static func solution(
        _ steps: [(String, [String])], cause: String = "The cause.", quotes: [(String, String)] = [],
        language: String = "en", noDocumentedFix: Bool = false
    ) -> Solution {
        Solution(
            probableCause: cause,
            steps: steps.enumerated().map { SolutionStep(order: $0.offset + 1, text: $0.element.0, citations: $0.element.1) },
            citations: quotes.map { SolutionCitation(chunkID: $0.0, quote: $0.1) }, safetyFlags: [], generator: "test", model: nil,
            language: language, noDocumentedFix: noDocumentedFix, generatedAt: date)
    }

    static func ticket(_ symptom: String, code: String? = nil, model: String? = nil, language: String = "en") -> Ticket {
        Ticket(
            createdAt: date, customer: CustomerRef(id: "c1"), asset: AssetRef(model: model), errorCode: code, symptomText: symptom,
            language: language)
    }

    static var rulesPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("rules/safety-rules.yaml").path
    }

    static var repoPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func rules() throws -> SafetyRuleSet { try SafetyRuleSet.load(path: rulesPath) }

    static func chain() throws -> GuardrailChain { try GuardrailCatalog.chain(rules: try rules()) }
}
