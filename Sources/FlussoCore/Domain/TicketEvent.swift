import Foundation

/// The kinds of events the service publishes (step 9).
public enum TicketEventType: String, Codable, Sendable, CaseIterable {
    case created = "ticket.created"
    case processing = "ticket.processing"
    case completed = "ticket.completed"
    case needsReview = "ticket.needs_review"
    case failed = "ticket.failed"
    case rejected = "ticket.rejected"
    case feedbackReceived = "feedback.received"

    /// The event that reports a ticket entering `status`.
    public init(reporting status: TicketStatus) {
        switch status {
        case .new: self = .created
        case .processing: self = .processing
        case .ready: self = .completed
        case .needsReview: self = .needsReview
        case .failed: self = .failed
        case .rejected: self = .rejected
        }
    }
}

/// An event about one ticket, as written to the outbox and later delivered. It carries ids and
/// statuses only — never the ticket's text, which may hold personal data.
///
/// Ids are deterministic (the ticket, or the feedback, and the type), so an event written again
/// after a crash is the same event, which the outbox and receivers recognise as a duplicate.
public struct TicketEvent: Codable, Sendable, Equatable {
    public var eventID: String
    public var type: TicketEventType
    public var ticketID: String
    public var status: TicketStatus
    public var occurredAt: Date
    public var callbackURL: String?
    /// For `feedback.received`: which feedback.
    public var feedbackID: String?

    public init(type: TicketEventType, ticket: Ticket, at time: Date) {
        self.eventID = "evt_\(ticket.ticketID.dropFirst(4))_\(type.rawValue.replacingOccurrences(of: ".", with: "_"))"
        self.type = type
        self.ticketID = ticket.ticketID
        self.status = ticket.status
        self.occurredAt = time
        self.callbackURL = ticket.callbackURL
    }

    /// The event reporting the ticket's current status, at its last change.
    public static func reportingStatus(of ticket: Ticket) -> TicketEvent {
        TicketEvent(type: TicketEventType(reporting: ticket.status), ticket: ticket, at: ticket.updatedAt)
    }

    /// `feedback.received` for `feedback` on a ticket in `status`.
    public init(feedback: Feedback, ticketStatus status: TicketStatus, callbackURL: String?) {
        self.eventID = "evt_\(feedback.feedbackID)_feedback_received"
        self.type = .feedbackReceived
        self.ticketID = feedback.ticketID
        self.status = status
        self.occurredAt = feedback.createdAt
        self.callbackURL = callbackURL
        self.feedbackID = feedback.feedbackID
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
        case type
        case ticketID = "ticket_id"
        case status
        case occurredAt = "occurred_at"
        case callbackURL = "callback_url"
        case feedbackID = "feedback_id"
    }
}

/// An event as it is delivered: the design's EventBridge shape, `{id, source: "ai-support",
/// detail-type, time, detail {ticket_id, status, timestamp, feedback_id?}}`.
public struct EventEnvelope: Codable, Sendable, Equatable {
    public static let source = "ai-support"

    public struct Detail: Codable, Sendable, Equatable {
        public var ticketID: String
        public var status: TicketStatus
        public var timestamp: Date
        public var feedbackID: String?
        /// The whole ticket as it stood when the delivery was planned — only with
        /// `webhooks.payload = ticket` (it carries the customer's text: personal data).
        public var ticket: Ticket?

        enum CodingKeys: String, CodingKey {
            case status, timestamp, ticket
            case ticketID = "ticket_id"
            case feedbackID = "feedback_id"
        }
    }

    public var id: String
    public var source: String
    public var detailType: String
    public var time: Date
    public var detail: Detail

    public init(_ event: TicketEvent) {
        id = event.eventID
        source = Self.source
        detailType = event.type.rawValue
        time = event.occurredAt
        detail = Detail(ticketID: event.ticketID, status: event.status, timestamp: event.occurredAt, feedbackID: event.feedbackID)
    }

    enum CodingKeys: String, CodingKey {
        case id, source, time, detail
        case detailType = "detail-type"
    }
}
