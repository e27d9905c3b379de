import FlussoCore

/// The design's step 7, guardrails (groundedness, citations, safety, PII).
///
/// Its engine arrives with its own issue; until one is configured the step is recorded as
/// `skipped` with the reason, never faked.
public struct GuardStep: PipelineStep {
    public let name = StepName.`guard`
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        .skipped(reason: "no guardrail chain is configured")
    }
}
