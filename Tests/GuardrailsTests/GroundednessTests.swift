import FlussoCore
import Testing

@testable import Guardrails

@Suite struct GroundednessTests {
    let nozzle = Fixture.chunk(
        "en/3d-printer/e106#2",
        "Heat the nozzle to 215 °C and check that the heater cartridge is tight. Replace the heater cartridge (AP-HC-40) if the error returns.")

    func review(_ step: String, chunks: [RetrievedChunk]? = nil, language: String = "en") async -> SolutionReview {
        let chunks = chunks ?? [nozzle]
        var review = SolutionReview(
            ticket: Fixture.ticket("heating failed", language: language),
            solution: Fixture.solution([(step, chunks.map(\.chunk.chunkID))], language: language), retrieved: chunks)
        await GroundednessGuardrail().apply(to: &review)
        return review
    }

    @Test func aStepCopiedFromItsChunkScoresHighAndPasses() async {
        let result = await review("Heat the nozzle to 215 °C and check that the heater cartridge is tight.")
        #expect(result.steps.first!.score >= 0.9)
        #expect(result.issues.isEmpty)
    }

    @Test func aRewordedStepWithTheSameFactsPasses() async {
        let result = await review("Check the heater cartridge is tight after heating the nozzle to 215°C.")
        #expect(result.steps.first!.score >= 0.75, "\(result.steps)")
    }

    @Test func aChangedTemperatureIsAnUnmatchedExactTermAndFailsTheStep() async {
        let result = await review("Heat the nozzle to 250 °C and check that the heater cartridge is tight.")
        let grounding = result.steps.first!
        #expect(grounding.unmatchedExactTerms == ["250°c"])
        #expect(grounding.score < 0.75)
        #expect(result.issues.map(\.code) == ["low_groundedness"])
        #expect(result.issues.first!.message.contains("step 1"))
        #expect(result.issues.first!.message.contains("250°c"))
    }

    @Test func aStepAboutSomethingElseScoresLow() async {
        let result = await review("Update the firmware from a FAT32 USB drive and restart the printer.")
        #expect(result.steps.first!.score < 0.4)
    }

    @Test func aStepWithoutAValidCitationScoresZero() async {
        var review = SolutionReview(
            ticket: Fixture.ticket("x"),
            solution: Fixture.solution([("Heat the nozzle to 215 °C.", ["other#1"])]), retrieved: [nozzle])
        await GroundednessGuardrail().apply(to: &review)
        #expect(review.steps.first!.score == 0)
        #expect(review.issues.first?.code == "low_groundedness")
    }

    @Test func anItalianStepIsStemmedAgainstItsItalianChunk() async {
        let chunk = Fixture.chunk(
            "it/3d-printer/e106#2", "Scaldare l'ugello a 215 °C e controllare che la cartuccia riscaldante sia serrata.", language: "it")
        let result = await review(
            "Controlla che la cartuccia riscaldante sia ben serrata dopo aver scaldato l'ugello a 215 °C.", chunks: [chunk], language: "it")
        #expect(result.steps.first!.score >= 0.75, "\(result.steps)")
    }

    @Test func aStepThatNegatesItsSourceIsMarkedAsPolarityMismatch() async {
        let chunk = Fixture.chunk("en/laser/l103#1", "Never bypass the lid interlock: the beam can blind.")
        let result = await review("Bypass the lid interlock so the beam can run.", chunks: [chunk])
        #expect(result.steps.first!.polarityMismatch)
    }

    @Test func theWeakestStepsAreNamedInTheIssue() async {
        var review = SolutionReview(
            ticket: Fixture.ticket("x"),
            solution: Fixture.solution([
                ("Heat the nozzle to 215 °C and check that the heater cartridge is tight.", [nozzle.chunk.chunkID]),
                ("Replace the mainboard and the power supply with new ones.", [nozzle.chunk.chunkID]),
            ]),
            retrieved: [nozzle])
        await GroundednessGuardrail().apply(to: &review)
        #expect(review.steps.count == 2)
        #expect(review.issues.first?.step == 2)
        #expect(review.issues.first!.message.contains("weakest: step 2"))
    }

    @Test func exactTermsNormaliseUnitsAndDecimalCommas() {
        let a = TermProfile("Set 0,2 mm and 215 °C, error #10101, every week", language: "en")
        let b = TermProfile("set 0.2mm and 215°C; E10101? no: 10101 weekly", language: "en")
        #expect(a.exactTerms.isSubset(of: b.exactTerms.union(["code:10101"])))
        #expect(ExactTerms.unmatched(step: a, chunks: [b]).isEmpty)
    }
}
