/// Keeps feedback and produces the training export (step 10). Local: SQLite; hybrid: DynamoDB + S3.
public protocol FeedbackStore: Sendable {
    /// Stores feedback for a finished ticket and appends the ticket's `feedback` step record, with
    /// the `feedback.received` event in the outbox, in one transaction.
    func add(_ feedback: Feedback, record: StepRecord) async throws
    /// All feedback for a ticket, oldest first.
    func feedback(ticketID: String) async throws -> [Feedback]
    /// Helpful answers a person allowed for training, with their tickets, oldest first.
    func trainingExamples() async throws -> [TrainingExample]
}
