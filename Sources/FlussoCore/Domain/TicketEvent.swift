import Foundation

/// The kinds of events the service publishes (step 9).
public enum TicketEventType: String, Codable, Sendable, CaseIterable {
    case created = "ticket.created"
    case processing = "ticket.processing"
    case completed = "ticket.completed"
    case needsReview = "ticket.needs_review"
    case failed = "ticket.failed"
}

/// An event about one ticket, as written to the outbox and later delivered.
public struct TicketEvent: Codable, Sendable, Equatable {
    public var eventID: String
    public var type: TicketEventType
    public var ticketID: String
    public var status: TicketStatus
    public var occurredAt: Date
    public var callbackURL: String?

    public init(type: TicketEventType, ticket: Ticket, at time: Date) {
        // Deterministic: a step that publishes again after a crash writes the same event, which
        // the outbox and consumers recognise as a duplicate.
        self.eventID = "evt_\(ticket.ticketID.dropFirst(4))_\(type.rawValue.replacingOccurrences(of: ".", with: "_"))"
        self.type = type
        self.ticketID = ticket.ticketID
        self.status = ticket.status
        self.occurredAt = time
        self.callbackURL = ticket.callbackURL
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case type
        case ticketID = "ticket_id"
        case status
        case occurredAt = "occurred_at"
        case callbackURL = "callback_url"
    }
}
