/// Publishes ticket events (step 9). Local: an outbox table; hybrid: EventBridge or SNS.
public protocol EventPublisher: Sendable {
    func publish(_ event: TicketEvent) async throws
}
