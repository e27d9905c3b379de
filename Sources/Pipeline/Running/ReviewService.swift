import FlussoCore
import Foundation

/// A reviewer's decision on a finished ticket (`POST /tickets/{id}/review`): approve the answer
/// (READY), reject it with a reason (REJECTED), or edit its steps and approve (a new solution
/// version; the replaced one is kept). The decision is taken on the ticket as stored, inside the
/// store's transaction: a review of a version that is no longer current is refused
/// (`stale_version`), so of two reviewers editing one version only the first wins.
public struct ReviewService: Sendable {
    private let reviews: any TicketReviewStore
    private let clock: any PipelineClock

    public init(reviews: any TicketReviewStore, clock: any PipelineClock = SystemClock()) {
        self.reviews = reviews
        self.clock = clock
    }

    /// The reviewed ticket and the review. Throws `not_found` (unknown ticket),
    /// `validation_failed` (bad body, or citations of chunks not retrieved for the ticket),
    /// `ticket_not_finished`, `invalid_state` (nothing to approve, or a settled ticket) and
    /// `stale_version`; nothing is stored then.
    public func review(
        _ body: JSONValue, ticketID: String, keyName: String = Feedback.anonymous
    ) async throws -> (
        ticket: Ticket, review: TicketReview
    ) {
        guard Ticket.isWellFormedID(ticketID) else { throw FlussoError.notFound("ticket \(ticketID)") }
        let request = try ReviewSubmission.validate(body)
        let now = clock.now()
        return try await reviews.review(ticketID: ticketID) { ticket in
            try Self.decide(request, on: ticket, keyName: keyName, at: now)
        }
    }

    /// The ticket after the review, and the review (pure).
    static func decide(
        _ request: ReviewRequest, on ticket: Ticket, keyName: String, at now: Date
    ) throws -> (
        ticket: Ticket, review: TicketReview
    ) {
        guard ticket.status.isFinal else {
            throw FlussoError(
                .ticketNotFinished, "ticket \(ticket.ticketID) is \(ticket.status.rawValue); it can be reviewed once it is READY or NEEDS_REVIEW")
        }
        guard ticket.status == .ready || ticket.status == .needsReview || (ticket.status == .failed && request.action == .reject) else {
            throw FlussoError(
                .invalidState,
                ticket.status == .failed
                    ? "ticket \(ticket.ticketID) FAILED and has no answer to \(request.action.rawValue); it can only be rejected"
                    : "ticket \(ticket.ticketID) is \(ticket.status.rawValue): its review is closed")
        }
        let current = ticket.solution?.currentVersion ?? 0
        guard request.version == current else {
            throw FlussoError(
                .staleVersion,
                "the ticket's solution is at version \(current), not \(request.version): someone reviewed it meanwhile; reload it and review again",
                field: "version")
        }
        let who = request.reviewer ?? keyName
        var after = ticket
        switch request.action {
        case .approve:
            guard ticket.solution != nil else {
                throw FlussoError(.invalidState, "ticket \(ticket.ticketID) has no solution to approve; it can only be rejected")
            }
            after.transition(to: .ready, reason: "approved by \(who)", at: now)
        case .reject:
            after.transition(to: .rejected, reason: request.reason, at: now)
        case .edit:
            guard var solution = ticket.solution else {
                throw FlussoError(.invalidState, "ticket \(ticket.ticketID) has no solution to edit")
            }
            let retrieved = Set((ticket.retrieval?.results ?? []).map(\.chunk.chunkID))
            let steps = request.steps ?? []
            for (index, step) in steps.enumerated() {
                for (position, citation) in step.citations.enumerated() where !retrieved.contains(citation) {
                    throw FlussoError(
                        .validationFailed, "cites chunk \(citation), which was not retrieved for this ticket",
                        field: "steps[\(index)].citations[\(position)]")
                }
            }
            solution.steps = steps
            // The quotations, scores and guardrail report described the replaced version: keep
            // the quotations of chunks the edit still cites, drop the rest.
            let cited = Set(steps.flatMap(\.citations))
            solution.citations = solution.citations.filter { cited.contains($0.chunkID) }
            solution.qualityMetrics = nil
            after.guardrails = nil
            solution.noDocumentedFix = false
            solution.version = current + 1
            solution.editedBy = who
            solution.editedAt = now
            after.solution = solution
            after.transition(
                to: .ready, reason: "edited and approved by \(who) (the guardrails checked the generated version, not the edit)", at: now)
        }
        // An answer that was READY already keeps the time it was given (the SLA clock stopped then).
        if ticket.status == after.status { after.completedAt = ticket.completedAt }
        let review = TicketReview(
            ticketID: ticket.ticketID, action: request.action, reviewer: request.reviewer, keyName: keyName, reason: request.reason,
            fromVersion: current, toVersion: after.solution?.currentVersion ?? 0, statusBefore: ticket.status, statusAfter: after.status,
            reviewedAt: now)
        after.review = review
        return (after, review)
    }
}
