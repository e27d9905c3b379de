import FlussoCore
import Foundation

/// Step 8, store: gives the ticket its final status. A ticket becomes READY only with a solution
/// the guardrails passed; otherwise it goes to NEEDS_REVIEW with the reason (the failed checks,
/// weakest steps named), so a person sees it with the solution kept. (The audit log of prompt
/// and response is written by the generate step's engine.) The finished ticket joins the
/// similar-ticket index, when one is configured; a failure there is logged and named in the
/// record's detail, and never holds the ticket back.
public struct StoreStep: PipelineStep {
    public let name = StepName.store
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    private let clock: any PipelineClock
    private let similar: (any SimilarTicketIndex)?

    public init(clock: any PipelineClock = SystemClock(), similar: (any SimilarTicketIndex)? = nil, timeout: Duration = .seconds(30)) {
        self.clock = clock
        self.similar = similar
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        var ticket = ticket
        let generate = context.records.first { $0.step == .generate }
        let guardRecord = context.records.first { $0.step == .guard }
        let reason: String?
        switch (generate?.status, ticket.solution, ticket.guardrails) {
        case (.some(.skipped), _, _):
            reason = "no solution was generated: \(generate?.detail ?? "the generate step was skipped")"
        case (_, .some(let solution), _) where solution.noDocumentedFix:
            reason = "no documented fix: the knowledge base has nothing that answers this ticket"
        case (_, .some, .some(let report)) where report.verdict == .pass:
            reason = nil
        case (_, .some, .some(let report)):
            reason = "guardrails: \(report.summary)"
        case (_, .some(let solution), .none):
            let why = guardRecord?.status == .skipped ? (guardRecord?.detail ?? "the guard step was skipped") : "no guardrail has checked it"
            reason = "a solution was generated (\(solution.generator)) but not approved: \(why)"
        default:
            reason = "no solution was generated"
        }
        if let reason {
            ticket.transition(to: .needsReview, reason: reason, at: clock.now())
        } else {
            ticket.transition(to: .ready, at: clock.now())
        }
        var detail = "status \(ticket.status.rawValue)" + (reason.map { ": \($0)" } ?? "")
        if let similar {
            do {
                try await similar.add(ticket)
            } catch {
                if Task.isCancelled || error is CancellationError { throw error }
                detail += "; not added to the similar-ticket index: \(error.flussoMessage)"
                context.logger.warning(
                    "could not add the ticket to the similar-ticket index",
                    metadata: ["ticket_id": "\(ticket.ticketID)", "error": "\(error.flussoMessage)"])
            }
        }
        return .completed(ticket, detail: detail)
    }
}
