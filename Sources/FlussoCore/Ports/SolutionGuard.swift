/// Checks a solution before anyone acts on it (step 7): groundedness, citations, safety, PII,
/// prompt injection. Local and hybrid alike: the `Guardrails` chain.
///
/// Implementations never throw for a bad solution: an empty one, steps without text or citations
/// to nothing get a `needs_review` verdict saying so. The returned solution is the one to keep
/// (personal data redacted, `qualityMetrics` set).
public protocol SolutionGuard: Sendable {
    func check(_ solution: Solution, for ticket: Ticket, retrieved: [RetrievedChunk]) async -> (solution: Solution, report: GuardReport)
}
