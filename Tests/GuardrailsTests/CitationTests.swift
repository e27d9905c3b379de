import FlussoCore
import FlussoTestSupport
import Testing

@testable import Guardrails

@Suite struct CitationTests {
    let chunk = Fixture.chunk("kb/a#0", "Clean the **focus lens** with\nisopropyl alcohol.")

    func check(_ solution: Solution) async -> SolutionReview {
        var review = SolutionReview(ticket: Fixture.ticket("lens"), solution: solution, retrieved: [chunk])
        await CitationGuardrail().apply(to: &review)
        return review
    }

    @Test func aStepWithoutCitationsIsAnIssueAndLowersCoverage() async {
        let review = await check(Fixture.solution([("Clean the lens.", ["kb/a#0"]), ("Restart.", [])]))
        #expect(review.citationCoverage == 0.5)
        #expect(review.issues.map(\.code) == ["step_without_citation"])
        #expect(review.issues.first?.step == 2)
    }

    @Test func aCitationOfAChunkNotRetrievedIsAnIssue() async {
        let review = await check(Fixture.solution([("Clean the lens.", ["kb/zzz#9"])]))
        #expect(review.citationCoverage == 0)
        #expect(review.issues.map(\.code) == ["unknown_citation"])
        #expect(review.issues.first!.message.contains("kb/zzz#9"))
    }

    @Test func aQuoteIsFoundDespiteCaseWhitespaceAndEmphasis() async {
        let review = await check(
            Fixture.solution([("Clean the lens.", ["kb/a#0"])], quotes: [("kb/a#0", "clean the FOCUS LENS with isopropyl alcohol")]))
        #expect(review.issues.isEmpty)
        #expect(review.citationCoverage == 1)
    }

    @Test func aQuoteThatIsNotInItsChunkIsAnIssue() async {
        let review = await check(Fixture.solution([("Clean the lens.", ["kb/a#0"])], quotes: [("kb/a#0", "replace the lens")]))
        #expect(review.issues.map(\.code) == ["quote_not_found"])
    }

    @Test func aQuoteFromAChunkNotRetrievedIsAnIssue() async {
        let review = await check(Fixture.solution([("Clean the lens.", ["kb/a#0"])], quotes: [("kb/other#1", "anything")]))
        #expect(review.issues.map(\.code) == ["unknown_citation"])
    }

    @Test func recordsStepTwoFoundAreCitableAndContextNotesMustSayWhatTheySay() async {
        let ticket = EnrichedTickets.ticket()
        var solution = Fixture.solution([("Clean the lens.", ["kb/a#0", "asset:SN-9"]), ("The part is covered.", ["asset:SN-9"])])
        solution.contextNotes = ContextNotes.make(for: ticket, language: "en")
        var review = SolutionReview(ticket: ticket, solution: solution, retrieved: [chunk])
        await CitationGuardrail().apply(to: &review)
        #expect(review.issues.isEmpty, "\(review.issues)")
        #expect(review.citationCoverage == 1)
        // A record step 2 did not find, and a note that claims more than the record holds.
        solution.steps[1].citations = ["asset:SN-OTHER"]
        solution.contextNotes?.append(ContextNote(text: "Under warranty: labour is free.", source: "asset:SN-OTHER"))
        solution.contextNotes?[0].text = "Under warranty until 2031-01-01: replacement parts are covered."
        var tampered = SolutionReview(ticket: ticket, solution: solution, retrieved: [chunk])
        await CitationGuardrail().apply(to: &tampered)
        #expect(tampered.issues.map(\.code).sorted() == ["context_note_not_supported", "unknown_citation", "unknown_context_source"])
    }
}
