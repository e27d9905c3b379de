import FlussoCore
import Foundation
import GRDB

/// A NEW ticket waiting to be committed with its intake record and job.
struct PendingTicket: Sendable {
    var ticket: Ticket
    var doc: String
    var intake: StepRecord
    var intakeDoc: String
}

/// Group commit for intake (`GroupCommit`): NEW tickets that arrive while a commit is running
/// are stored, each with its intake record, `ticket.created` event and job, in the next
/// transaction together.
struct GroupCommitter: Sendable {
    private let queue: GroupCommit<PendingTicket, Void>

    init(pool: DatabasePool) {
        queue = GroupCommit(
            pool: pool, maxBatch: 512, write: { db, item in try Self.insert(db, item) },
            failure: { item, error in FlussoError.storage("could not store ticket \(item.ticket.ticketID): \(error)") })
    }

    func submit(_ item: PendingTicket) async throws {
        try await queue.submit(item)
    }

    private static func insert(_ db: Database, _ item: PendingTicket) throws {
        let ticket = item.ticket
        let now = ticket.createdAt.timeIntervalSince1970
        try db.execute(
            sql: "INSERT INTO tickets (id, status, created_at, updated_at, doc) VALUES (?, ?, ?, ?, ?)",
            arguments: [ticket.ticketID, ticket.status.rawValue, now, ticket.updatedAt.timeIntervalSince1970, item.doc])
        try SQLiteTicketStore.saveRecord(db, ticketID: ticket.ticketID, item.intake, doc: item.intakeDoc)
        // `ticket.created`, in the transaction that stores the ticket.
        try SQLiteOutbox.insert(db, TicketEvent.reportingStatus(of: item.ticket))
        try db.execute(
            sql: "INSERT INTO jobs (ticket_id, state, visible_at, enqueued_at, updated_at) VALUES (?, 'ready', ?, ?, ?)",
            arguments: [ticket.ticketID, now, now, now])
    }
}
