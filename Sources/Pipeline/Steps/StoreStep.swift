import FlussoCore
import Foundation

/// Step 8, store: gives the ticket its final status. A ticket becomes READY only with a solution
/// that passed the guardrails; otherwise it goes to NEEDS_REVIEW with the reason, so a person
/// sees it. (The audit log of prompt and response is written by the generate step's engine.)
public struct StoreStep: PipelineStep {
    public let name = StepName.store
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    private let clock: any PipelineClock

    public init(clock: any PipelineClock = SystemClock(), timeout: Duration = .seconds(30)) {
        self.clock = clock
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        var ticket = ticket
        let generate = context.records.first { $0.step == .generate }
        let reason: String
        switch (generate?.status, ticket.solution) {
        case (.some(.skipped), _):
            reason = "no solution was generated: \(generate?.detail ?? "the generate step was skipped")"
        case (_, .some(let solution)) where solution.noDocumentedFix:
            reason = "no documented fix: the knowledge base has nothing that answers this ticket"
        case (_, .some(let solution)):
            reason = "a solution was generated (\(solution.generator)) but no guardrail has approved it"
        default:
            reason = "no solution was generated"
        }
        ticket.transition(to: .needsReview, reason: reason, at: clock.now())
        return .completed(ticket, detail: "status \(ticket.status.rawValue): \(reason)")
    }
}
