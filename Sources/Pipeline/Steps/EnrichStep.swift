import FlussoCore

/// The design's step 2, enrich (customer contract, SLA, asset warranty and history, similar tickets).
///
/// Its engine arrives with its own issue; until one is configured the step is recorded as
/// `skipped` with the reason, never faked.
public struct EnrichStep: PipelineStep {
    public let name = StepName.enrich
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        .skipped(reason: "no customer directory, asset registry or similar-ticket index is configured")
    }
}
