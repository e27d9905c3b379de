import FlussoCore

/// The design's step 6, generate (cause, checks and fix with citations).
///
/// Its engine arrives with its own issue; until one is configured the step is recorded as
/// `skipped` with the reason, never faked.
public struct GenerateStep: PipelineStep {
    public let name = StepName.generate
    public let retryPolicy = RetryPolicy.generation
    public let timeout: Duration

    public init(timeout: Duration = .seconds(120)) {
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        .skipped(reason: "no solution generator (LLM endpoint or extractive fallback) is configured")
    }
}
