import Foundation

/// One page of tickets, newest first; `nextCursor` fetches the next page.
public struct TicketPage: Sendable, Equatable {
    public var tickets: [Ticket]
    public var nextCursor: String?
    public init(tickets: [Ticket], nextCursor: String?) {
        self.tickets = tickets
        self.nextCursor = nextCursor
    }
}

/// Which tickets a listing keeps.
public struct TicketFilter: Sendable, Equatable {
    /// Only tickets in this status.
    public var status: TicketStatus?
    /// Only tickets overdue at this moment: an SLA due time before it and not settled (READY or REJECTED)
    /// (`Ticket.isOverdue(at:)`).
    public var overdueAt: Date?

    public init(status: TicketStatus? = nil, overdueAt: Date? = nil) {
        self.status = status
        self.overdueAt = overdueAt
    }
}

/// Where tickets and their step history live (steps 1 and 8). Local: SQLite; hybrid: DynamoDB.
///
/// Events: storing a new ticket writes `ticket.created`, and every change of status writes the
/// event reporting it (`TicketEventType(reporting:)`), to the outbox in the same transaction, so
/// no state change is ever without its event and no event without its change.
public protocol TicketStore: Sendable {
    /// Stores a NEW ticket with its intake record and enqueues its job, atomically: either the
    /// ticket is stored and queued, or nothing is.
    func insertAndEnqueue(_ ticket: Ticket, intake: StepRecord) async throws
    /// The ticket, or nil when there is none with this id.
    func ticket(id: String) async throws -> Ticket?
    /// The step records of a ticket in the design's order.
    func stepRecords(ticketID: String) async throws -> [StepRecord]
    /// Saves the ticket and one step record together: the checkpoint a crashed run resumes from.
    func checkpoint(_ ticket: Ticket, record: StepRecord) async throws
    /// Saves the ticket alone (status changes outside a step).
    func update(_ ticket: Ticket) async throws
    /// Tickets newest first that pass `filter`; `cursor` comes from the previous page.
    func list(_ filter: TicketFilter, limit: Int, cursor: String?) async throws -> TicketPage
    /// How many tickets are in each status.
    func countsByStatus() async throws -> [TicketStatus: Int]
    /// How many tickets are overdue at `now` (`Ticket.isOverdue(at:)`).
    func overdueCount(at now: Date) async throws -> Int
}

extension TicketStore {
    /// Tickets newest first, optionally of one status.
    public func list(status: TicketStatus?, limit: Int, cursor: String?) async throws -> TicketPage {
        try await list(TicketFilter(status: status), limit: limit, cursor: cursor)
    }
}
