import Foundation
import Testing

@testable import Guardrails

/// The accuracy targets on the labelled sets in eval/guardrails (the figures themselves
/// are printed by scripts/eval-guardrails).
@Suite struct LabelledSetTests {
    @Test func unsupportedStepsAreCaughtAndSupportedOnesPassOnEverySplit() async throws {
        let cases = try readJSONLines(GroundednessCase.self, path: Fixture.repoPath + "/eval/guardrails/groundedness.jsonl")
        #expect(cases.count >= 200)
        let result = await GroundednessEvaluation.run(cases: cases, guardrail: GroundednessGuardrail(), threshold: 0.75)
        for (split, figures) in result.bySplit {
            #expect(figures.unsupportedCaught >= 0.9, "\(split): \(figures)")
            #expect(figures.supportedFlagged <= 0.1, "\(split): \(figures)")
        }
    }

    @Test func piiRecallAndPrecisionMeetTheTargets() throws {
        let cases = try readJSONLines(PIICase.self, path: Fixture.repoPath + "/eval/guardrails/pii.jsonl")
        #expect(cases.count >= 300)
        let result = PIIEvaluation.run(cases: cases)
        #expect(result.overall.recall >= 0.98, "\(result.errors.prefix(20))")
        #expect(result.overall.precision >= 0.95, "\(result.errors.prefix(20))")
    }
}
