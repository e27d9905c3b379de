import FlussoCore
import Testing

@testable import Guardrails

@Suite struct GuardrailChainTests {
    let chunk = Fixture.chunk("en/3d/e106#2", "Heat the nozzle to 215 °C and check that the heater cartridge is tight.", codes: ["E106"])

    @Test func aGroundedCitedSafeSolutionPassesWithItsMetrics() async throws {
        let solution = Fixture.solution(
            [("Heat the nozzle to 215 °C and check that the heater cartridge is tight.", [chunk.chunk.chunkID])],
            cause: "The heater cartridge is loose.", quotes: [(chunk.chunk.chunkID, "check that the heater cartridge is tight")])
        let (checked, report) = try await Fixture.chain().check(
            solution, for: Fixture.ticket("E106 heating failed, nozzle cartridge loose", code: "E106"),
            retrieved: [chunk])
        #expect(report.verdict == .pass, "\(report.issues)")
        #expect(report.checks == GuardrailSettings.defaultOrder)
        let metrics = try #require(checked.qualityMetrics)
        #expect(metrics.groundednessScore >= 0.9)
        #expect(metrics.citationCoverage == 1)
        #expect(metrics.relevanceScore > 0.5)
        #expect(metrics.confidence > 0.7)
        #expect(metrics.safetyFlags == 0 && metrics.piiRedactions == 0)
    }

    @Test(arguments: ["", "  ", " . "])
    func anEmptyQuoteIsNoQuoteAndAGoodSolutionStillPasses(quote: String) async throws {
        let solution = Fixture.solution(
            [("Heat the nozzle to 215 °C and check that the heater cartridge is tight.", [chunk.chunk.chunkID])],
            cause: "The heater cartridge is loose.", quotes: [(chunk.chunk.chunkID, quote)])
        let (checked, report) = try await Fixture.chain().check(
            solution, for: Fixture.ticket("E106 heating failed, nozzle cartridge loose", code: "E106"),
            retrieved: [chunk])
        #expect(report.verdict == .pass, "\(report.issues)")
        #expect(report.issues.isEmpty)
        #expect(checked.qualityMetrics?.citationCoverage == 1)
    }

    @Test func anEmptySolutionGetsAClearVerdict() async throws {
        let (_, report) = try await Fixture.chain().check(Fixture.solution([]), for: Fixture.ticket("x"), retrieved: [])
        #expect(report.verdict == .needsReview)
        #expect(report.issues.map(\.code).contains("no_steps"))
        #expect(report.metrics.confidence == 0)
    }

    @Test func stepsWithoutTextAndCitationsToNothingAreIssues() async throws {
        let solution = Fixture.solution([("   ", [chunk.chunk.chunkID]), ("Clean it.", ["nowhere#0"])])
        let (_, report) = try await Fixture.chain().check(solution, for: Fixture.ticket("x"), retrieved: [chunk])
        let codes = Set(report.issues.map(\.code))
        #expect(codes.isSuperset(of: ["empty_step", "unknown_citation", "low_groundedness"]))
        #expect(report.metrics.citationCoverage == 0.5)
    }

    @Test func anEnormousSolutionIsAnIssueNotACrash() async throws {
        let long = String(repeating: "Heat the nozzle to 215 °C. ", count: 80)
        let solution = Fixture.solution(Array(repeating: (long, [chunk.chunk.chunkID]), count: 40))
        let (_, report) = try await Fixture.chain().check(solution, for: Fixture.ticket("x"), retrieved: [chunk])
        #expect(Set(report.issues.map(\.code)).isSuperset(of: ["too_many_steps", "solution_too_large"]))
        #expect(report.steps.count == GuardrailSettings().maxSteps)
    }

    @Test func noDocumentedFixIsReviewed() async throws {
        let (_, report) = try await Fixture.chain().check(Fixture.solution([], noDocumentedFix: true), for: Fixture.ticket("x"), retrieved: [])
        #expect(report.issues.map(\.code).first == "no_documented_fix")
    }

    @Test func aSolutionAboutAnotherErrorCodeIsReviewed() async throws {
        let other = Fixture.chunk("en/3d/e402#1", "Format the USB drive as FAT32.", codes: ["E402"])
        let solution = Fixture.solution([("Format the USB drive as FAT32.", [other.chunk.chunkID])])
        let (_, report) = try await Fixture.chain().check(solution, for: Fixture.ticket("heating failed", code: "E106"), retrieved: [other])
        #expect(report.issues.map(\.code).contains("error_code_mismatch"))
    }

    @Test func piiIsRedactedInTheReturnedSolution() async throws {
        let solution = Fixture.solution([
            ("Heat the nozzle to 215 °C and check that the heater cartridge is tight, then mail a@b.it.", [chunk.chunk.chunkID])
        ])
        let (checked, report) = try await Fixture.chain().check(solution, for: Fixture.ticket("x"), retrieved: [chunk])
        #expect(checked.steps[0].text.hasSuffix("then mail [EMAIL_1]."))
        #expect(report.redactions.count == 1)
        #expect(checked.qualityMetrics?.piiRedactions == 1)
    }

    @Test func anUnknownCheckNameOrADuplicateIsAnError() {
        #expect(throws: GuardrailError.self) { try GuardrailCatalog.chain(order: ["structure", "magic"], rules: nil) }
        #expect(throws: GuardrailError.self) { try GuardrailCatalog.chain(order: ["pii", "pii"], rules: nil) }
    }

    @Test func theChecksRunInTheConfiguredOrder() async throws {
        let chain = try GuardrailCatalog.chain(order: ["pii", "citations"], rules: nil)
        let (_, report) = await chain.check(Fixture.solution([("Clean.", [])]), for: Fixture.ticket("x"), retrieved: [])
        #expect(report.checks == ["pii", "citations"])
    }
}
