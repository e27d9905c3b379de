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

/// Where tickets and their step history live (steps 1 and 8). Local: SQLite; hybrid: DynamoDB.
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
    /// Tickets newest first, optionally of one status; `cursor` comes from the previous page.
    func list(status: TicketStatus?, limit: Int, cursor: String?) async throws -> TicketPage
    /// How many tickets are in each status.
    func countsByStatus() async throws -> [TicketStatus: Int]
}
