import FlussoCore
import Foundation

/// Step 10, feedback: validates a `POST /tickets/{id}/feedback` body for a finished ticket and
/// stores it with its step record (written here, in the pipeline, like every other step's).
public struct FeedbackService: Sendable {
    private let store: any TicketStore
    private let feedback: any FeedbackStore
    private let clock: any PipelineClock
    private let categories: Set<String>?

    /// `categories`: what a `corrected_category` may name (the classifier's labels), nil when
    /// not known here.
    public init(
        store: any TicketStore, feedback: any FeedbackStore, clock: any PipelineClock = SystemClock(), categories: Set<String>? = nil
    ) {
        self.store = store
        self.feedback = feedback
        self.clock = clock
        self.categories = categories
    }

    /// The stored feedback. Throws `not_found` for an unknown ticket, `validation_failed` for a
    /// bad body and `ticket_not_finished` before the ticket has a final status (nothing stored).
    /// The sender's earlier feedback on the ticket is replaced (and kept in the history).
    public func accept(_ body: JSONValue, ticketID: String, keyName: String = Feedback.anonymous) async throws -> Feedback {
        guard Ticket.isWellFormedID(ticketID), let ticket = try await store.ticket(id: ticketID) else {
            throw FlussoError.notFound("ticket \(ticketID)")
        }
        let start = ContinuousClock.now
        guard ticket.status.isFinal else {
            throw FlussoError(
                .ticketNotFinished,
                "ticket \(ticketID) is \(ticket.status.rawValue); feedback is taken once it is READY, NEEDS_REVIEW, FAILED or REJECTED")
        }
        var item = try FeedbackSubmission.validate(body, ticketID: ticketID, now: clock.now(), categories: categories, keyName: keyName)
        item.solutionVersion = ticket.solution?.currentVersion
        let record = StepRecord(
            step: .feedback, status: .succeeded, attempts: 1, startedAt: item.createdAt, finishedAt: clock.now(),
            durationMs: milliseconds(since: start),
            detail: "was_helpful \(item.wasHelpful), use_for_training \(item.useForTraining)"
                + (item.correctedCategory.map { ", corrected_category \($0)" } ?? "")
                + (item.editedSteps.map { ", \($0.count) edited step(s)" } ?? ""))
        try await feedback.add(item, record: record)
        return item
    }
}
