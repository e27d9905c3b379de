import FlussoCore
import Foundation
import Testing

@testable import Generation

/// The LLM is asked for an answer shaped like the request: a how-to or a value has no cause.
@Suite struct AnswerKindTests {
    @Test func aHowToPromptAsksForTheProcedureInOrderAndItsShapeHasNoCause() {
        let prompt = PromptBuilder.build(ticket: ticket("How do I top up the chiller?", code: nil), chunks: [l101], promptBudget: 2000)
        #expect(prompt.kind == .howto)
        #expect(!prompt.messages[0].content.contains("probable_cause"))
        #expect(prompt.messages[0].content.contains(#"{"steps": [{"order": number"#))
        #expect(prompt.messages[1].content.hasSuffix(PromptWords.english.howtoInstruction))
        let fault = PromptBuilder.build(ticket: ticket("Laser disabled, cooling water flow alarm"), chunks: [l101], promptBudget: 2000)
        #expect(fault.kind == .troubleshooting && fault.messages[0].content.contains(#"{"probable_cause": string, "steps""#))
        #expect(fault.messages[1].content.hasSuffix("Give the probable cause, the checks and the fix as ordered steps, citing the sources."))
    }

    @Test func anItalianSpecificationPromptAsksForTheSentenceThatStatesTheValue() {
        let prompt = PromptBuilder.build(
            ticket: ticket("Qual è la portata minima dell'acqua di raffreddamento?", code: nil, language: "it"), chunks: [l101],
            promptBudget: 2000)
        #expect(prompt.kind == .specification && prompt.language == "it")
        #expect(prompt.messages[0].content.contains(#"{"steps": [{"order": numero, "text": stringa"#))
        #expect(prompt.messages[1].content.hasSuffix(PromptWords.italian.specificationInstruction))
    }

    @Test func theSchemaOfAHowToOrAValueHasNoCauseAndAValueAtMostThreeSteps() throws {
        func properties(_ kind: RequestKind) throws -> [String: JSONValue] {
            guard case .object(let schema) = AnswerSchema.schema(labels: ["S1"], kind: kind), case .object(let properties)? = schema["properties"]
            else { throw CancellationError() }
            return properties
        }
        #expect(try properties(.troubleshooting)["probable_cause"] != nil)
        #expect(try properties(.howto)["probable_cause"] == nil && properties(.specification)["probable_cause"] == nil)
        guard case .object(let steps)? = try properties(.specification)["steps"] else { throw CancellationError() }
        #expect(steps["maxItems"] == .number(3))
    }

    @Test func anAnswerWithoutACauseIsValidOnlyWhenTheKindHasNone() throws {
        let labels = [(label: "S1", chunkID: "kb/a.md#0")]
        let content = #"{"steps": [{"order": 1, "text": "Open the lid.", "citations": ["S1"]}], "citations": [], "safety_flags": []}"#
        let answer = try AnswerParser.parse(content, labels: labels, requiresCause: false)
        #expect(answer.probableCause.isEmpty && answer.steps.map(\.text) == ["Open the lid."])
        #expect(throws: AnswerRejection(outcome: "invalid_answer", detail: "probable_cause is missing or empty")) {
            try AnswerParser.parse(content, labels: labels)
        }
    }
}
