import FlussoCore
import Testing

@testable import Guardrails

@Suite struct SafetyTests {
    func findings(_ steps: [String], chunk: RetrievedChunk? = nil, language: String = "en") async throws -> SolutionReview {
        let chunks = chunk.map { [$0] } ?? []
        var review = SolutionReview(
            ticket: Fixture.ticket("x", language: language),
            solution: Fixture.solution(steps.map { ($0, chunks.map(\.chunk.chunkID)) }, language: language),
            retrieved: chunks)
        await SafetyGuardrail(rules: try Fixture.rules()).apply(to: &review)
        return review
    }

    @Test func theShippedRulesFileLoads() throws {
        let rules = try Fixture.rules()
        #expect(rules.rules.count >= 10)
        #expect(rules.rules.contains { $0.id == "bypass-interlock" })
    }

    @Test(arguments: [
        ("Bridge the lid interlock with a jumper wire so the job can continue.", "bypass-interlock", "en"),
        ("Ponticella il microinterruttore del coperchio per continuare il taglio.", "bypass-interlock", "it"),
        ("Replace the power supply fuse while the machine is still plugged in.", "live-mains-work", "en"),
        ("Sostituisci il fusibile dell'alimentatore con la macchina sotto tensione.", "live-mains-work", "it"),
        ("Wipe the nozzle with your bare fingers while it is hot.", "hot-parts-bare-hands", "en"),
        ("Tocca l'ugello ancora caldo per sentire se scalda.", "hot-parts-bare-hands", "it"),
        ("Unscrew the air line fitting while the compressor is running.", "pressurised-parts", "en"),
        ("Mix bleach with ammonia for a stronger cleaner.", "chemicals-mixing", "en"),
        ("Spray acetone on the heated bed to remove the print.", "flammable-solvent-on-hot", "en"),
        ("Disable thermal runaway protection in the firmware.", "disable-thermal-protection", "en"),
        ("Hold the spindle with your hand while it is spinning to slow it down.", "moving-parts-hands", "en"),
        ("Work without gloves or goggles to feel the parts better.", "no-protective-equipment", "en"),
        ("Test-fire the laser with the lid open to see the beam.", "laser-beam-exposure", "en"),
        ("Check the gas line for leaks with a lighter flame.", "gas-open-flame", "en"),
    ])
    func anUnsafeInstructionIsFlaggedWithItsRule(step: String, rule: String, language: String) async throws {
        let review = try await findings([step], language: language)
        #expect(review.safety.map(\.rule).contains(rule), "\(review.safety)")
        #expect(review.safety.first?.step == 1)
        #expect(review.issues.contains { $0.code == "unsafe_instruction" && $0.message.contains(rule) })
    }

    @Test(arguments: [
        "Never bridge or bypass an interlock.",
        "Non ponticellare mai il microinterruttore del coperchio.",
        "Switch off and unplug the machine before you replace the fuse.",
        "Use a wrench to hold the heater block when you change a hot nozzle.",
        "Let the hotend cool down before you touch it.",
        "Clean the focus lens with isopropyl alcohol and a lens tissue.",
        "Check that the lid interlock engages when the lid closes.",
        "Keep hands away from the spindle while it turns.",
    ])
    func aSafeInstructionOrAWarningIsNotFlagged(step: String) async throws {
        let review = try await findings([step])
        #expect(review.safety.isEmpty, "\(review.safety)")
    }

    @Test func aStepThatGoesAgainstASafetyNoteOfItsChunkIsFlagged() async throws {
        let chunk = Fixture.chunk("en/laser/l101#1", "Warning: switch off the laser before you open the coolant reservoir cap.")
        let review = try await findings(["Open the coolant reservoir cap with the laser switched on to watch the flow."], chunk: chunk)
        #expect(review.safety.contains { $0.rule == "contradicts-chunk-safety-note" })
    }

    @Test func withoutRulesTheCheckSaysItDidNotRunAndTheSolutionIsReviewed() async {
        var review = SolutionReview(ticket: Fixture.ticket("x"), solution: Fixture.solution([("Clean the lens.", [])]), retrieved: [])
        await SafetyGuardrail(unavailable: "rules/missing.yaml not found").apply(to: &review)
        #expect(review.issues.map(\.code) == ["safety_rules_unavailable"])
    }

    @Test func aRulesFileWithABadPatternIsAnErrorNamingTheRule() {
        let yaml = "rules:\n  - id: broken\n    message: m\n    all_of: ['(unclosed']\n"
        #expect { try SafetyRuleSet.parse(yaml, source: "test.yaml") } throws: { "\($0)".contains("broken") && "\($0)".contains("(unclosed") }
    }

    @Test func aRulesFileWithoutRulesIsAnError() {
        #expect(throws: GuardrailError.self) { try SafetyRuleSet.parse("rules: []\n", source: "empty.yaml") }
        #expect(throws: GuardrailError.self) { try SafetyRuleSet.parse("rules: [ {id: x, message: m} ]\n", source: "x.yaml") }
    }
}
