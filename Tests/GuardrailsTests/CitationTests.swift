import FlussoCore
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
}
