import FlussoCore
import Foundation

/// Step 9, notify: publishes the ticket's completion event (`ticket.completed`,
/// `ticket.needs_review` or `ticket.failed`). The local store already wrote it to the outbox with
/// the status change (step 8's checkpoint); the event id is derived from the ticket and the type,
/// so this publication is the same event (no duplicate) and a publisher outside the database
/// (EventBridge, SNS) gets it here.
public struct NotifyStep: PipelineStep {
    public let name = StepName.notify
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    private let publisher: any EventPublisher
    private let clock: any PipelineClock

    public init(publisher: any EventPublisher, clock: any PipelineClock = SystemClock(), timeout: Duration = .seconds(30)) {
        self.publisher = publisher
        self.clock = clock
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        let type: TicketEventType
        switch ticket.status {
        case .ready: type = .completed
        case .needsReview: type = .needsReview
        case .failed: type = .failed
        case .rejected: type = .rejected
        case .new, .processing:
            throw FlussoError(.invalidState, "ticket \(ticket.ticketID) is \(ticket.status.rawValue); notify runs after store")
        }
        try await publisher.publish(TicketEvent(type: type, ticket: ticket, at: clock.now()))
        var detail = "event \(type.rawValue) written to the outbox"
        if ticket.callbackURL != nil {
            detail += "; the webhook dispatcher delivers it to callback_url"
        }
        return .completed(ticket, detail: detail)
    }
}
