import FlussoCore

/// The design's step 4, classify: category, calibrated confidence and the top 3 on the ticket.
///
/// Without a classifier (no model file configured or found) the step is recorded as `skipped`
/// with `unavailableReason`, never faked. A ticket the classifier cannot read (no word in its
/// symptom text) fails permanently.
public struct ClassifyStep: PipelineStep {
    public let name = StepName.classify
    public let retryPolicy = RetryPolicy.classification
    public let timeout: Duration
    let classifier: (any TicketClassifier)?
    let unavailableReason: String

    public init(
        classifier: (any TicketClassifier)? = nil,
        unavailableReason: String = "no ticket classifier model is configured",
        timeout: Duration = .seconds(30)
    ) {
        self.classifier = classifier
        self.unavailableReason = unavailableReason
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let classifier else { return .skipped(reason: unavailableReason) }
        var classified = ticket
        let classification = try await classifier.classify(ticket)
        classified.classification = classification
        let top = classification.top3.map { "\($0.category) \(formatProbability($0.probability))" }.joined(separator: ", ")
        return .completed(
            classified, detail: "\(classification.category) (confidence \(formatProbability(classification.confidence)); top 3: \(top))")
    }

    private func formatProbability(_ p: Double) -> String {
        "\((p * 100).rounded() / 100)"
    }
}
