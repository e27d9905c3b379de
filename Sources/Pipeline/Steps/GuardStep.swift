import FlussoCore

/// The design's step 7, guardrails: the configured `SolutionGuard` (groundedness, citations,
/// safety, PII, prompt injection) checks the solution of step 6 against the chunks of step 5.
/// The ticket gets the report (`guardrails`) and the checked solution (PII redacted,
/// `quality_metrics` set); the store step turns the verdict into READY or NEEDS_REVIEW.
///
/// Without a guard (`guardrails.enabled: false`) or without a solution the step is recorded as
/// `skipped` with the reason, never faked, and no ticket becomes READY.
public struct GuardStep: PipelineStep {
    public let name = StepName.`guard`
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    private let guardrails: (any SolutionGuard)?

    public init(guardrails: (any SolutionGuard)? = nil, timeout: Duration = .seconds(30)) {
        self.guardrails = guardrails
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let guardrails else {
            return .skipped(reason: "no guardrail chain is configured (guardrails.enabled is false)")
        }
        guard let solution = ticket.solution else {
            return .skipped(reason: "there is no solution to check")
        }
        let (checked, report) = await guardrails.check(solution, for: ticket, retrieved: ticket.retrieval?.results ?? [])
        var updated = ticket
        updated.solution = checked
        updated.guardrails = report
        let m = report.metrics
        let figures =
            "groundedness \(Self.format(m.groundednessScore)), coverage \(Self.format(m.citationCoverage)), "
            + "relevance \(Self.format(m.relevanceScore)), \(m.safetyFlags) safety flags, \(m.piiRedactions) redactions"
        return .completed(
            updated,
            detail: "\(report.verdict.rawValue): \(figures)"
                + (report.issues.isEmpty ? "" : "; \(report.summary)"))
    }

    static func format(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}
