import FlussoCore

/// The design's step 5, retrieve (embed, k-NN with filters, re-rank, top 5).
///
/// Its engine arrives with its own issue; until one is configured the step is recorded as
/// `skipped` with the reason, never faked.
public struct RetrieveStep: PipelineStep {
    public let name = StepName.retrieve
    public let retryPolicy = RetryPolicy.retrieval
    public let timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        .skipped(reason: "no knowledge base index or embedder is configured")
    }
}
