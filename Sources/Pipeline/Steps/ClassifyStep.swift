import FlussoCore

/// The design's step 4, classify (category, confidence, top 3).
///
/// Its engine arrives with its own issue; until one is configured the step is recorded as
/// `skipped` with the reason, never faked.
public struct ClassifyStep: PipelineStep {
    public let name = StepName.classify
    public let retryPolicy = RetryPolicy.classification
    public let timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        .skipped(reason: "no ticket classifier model is configured")
    }
}
