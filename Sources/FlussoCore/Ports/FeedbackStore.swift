import Foundation

/// Keeps feedback and produces the training export (step 10). Local: SQLite; hybrid: DynamoDB + S3.
public protocol FeedbackStore: Sendable {
    /// Stores feedback for a finished ticket and appends the ticket's `feedback` step record, with
    /// the `feedback.received` event in the outbox, in one transaction. The sender's earlier
    /// feedback on the ticket still in force is marked replaced by this one in the same
    /// transaction (it stays in the history).
    func add(_ feedback: Feedback, record: StepRecord) async throws
    /// All feedback for a ticket, in force and replaced, oldest first.
    func feedback(ticketID: String) async throws -> [Feedback]
    /// Training examples (`TrainingExample.init(ticket:feedback:)`) from feedback in force given
    /// at or after `since`, oldest first.
    func trainingExamples(since: Date?) async throws -> [TrainingExample]
    /// Feedback in force given at or after `since`, each with the ticket it judges, oldest first.
    func judgedTickets(since: Date?) async throws -> [(ticket: Ticket, feedback: Feedback)]
}
