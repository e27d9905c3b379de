import FlussoCore
import Foundation
import GRDB

/// `TicketStore` on SQLite: tickets as JSON documents with indexed status and insertion order,
/// step records one row per (ticket, step), the job row inserted in the same transaction, and
/// each status change's event written to the outbox in the transaction of the change.
public final class SQLiteTicketStore: TicketStore {
    private let database: SQLiteDatabase
    private let committer: GroupCommitter

    public init(database: SQLiteDatabase) {
        self.database = database
        self.committer = GroupCommitter(pool: database.pool)
    }

    public func insertAndEnqueue(_ ticket: Ticket, intake: StepRecord) async throws {
        let row = PendingTicket(
            ticket: ticket, doc: try Documents.encode(ticket), intake: intake,
            intakeDoc: try Documents.encode(intake))
        try await committer.submit(row)
    }

    public func ticket(id: String) async throws -> Ticket? {
        let doc = try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM tickets WHERE id = ?", arguments: [id])
        }
        return try doc.map { try Documents.decode(Ticket.self, $0) }
    }

    public func stepRecords(ticketID: String) async throws -> [StepRecord] {
        let docs = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM step_records WHERE ticket_id = ? ORDER BY ordinal", arguments: [ticketID])
        }
        return try docs.map { try Documents.decode(StepRecord.self, $0) }
    }

    public func checkpoint(_ ticket: Ticket, record: StepRecord) async throws {
        let doc = try Documents.encode(ticket)
        let recordDoc = try Documents.encode(record)
        try await database.pool.write { db in
            try Self.saveTicket(db, ticket, doc: doc)
            try Self.saveRecord(db, ticketID: ticket.ticketID, record, doc: recordDoc)
        }
    }

    public func update(_ ticket: Ticket) async throws {
        let doc = try Documents.encode(ticket)
        try await database.pool.write { db in
            try Self.saveTicket(db, ticket, doc: doc)
        }
    }

    public func list(_ filter: TicketFilter, limit: Int, cursor: String?) async throws -> TicketPage {
        var start = Int64.max
        if let cursor {
            guard let value = TicketCursor.decode(cursor) else {
                throw FlussoError(.invalidCursor, "cursor '\(cursor)' is not one this server returned", field: "cursor")
            }
            start = value
        }
        var conditions = ["seq < ?"]
        var arguments: StatementArguments = [start]
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let now = filter.overdueAt {
            conditions.append("due_at IS NOT NULL AND due_at < ? AND status NOT IN ('READY', 'REJECTED')")
            arguments += [now.timeIntervalSince1970]
        }
        arguments += [limit + 1]
        let sql = "SELECT seq, doc FROM tickets WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq DESC LIMIT ?"
        let query = arguments
        let rows = try await database.pool.read { db -> [(seq: Int64, doc: String)] in
            try Row.fetchAll(db, sql: sql, arguments: query).map { (seq: $0["seq"], doc: $0["doc"]) }
        }
        let page = rows.prefix(limit)
        let tickets = try page.map { try Documents.decode(Ticket.self, $0.doc) }
        let next: String? = rows.count > limit ? page.last.map { TicketCursor.encode($0.seq) } : nil
        return TicketPage(tickets: tickets, nextCursor: next)
    }

    public func overdueCount(at now: Date) async throws -> Int {
        try await database.pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tickets WHERE due_at IS NOT NULL AND due_at < ? AND status NOT IN ('READY', 'REJECTED')",
                arguments: [now.timeIntervalSince1970]) ?? 0
        }
    }

    public func countsByStatus() async throws -> [TicketStatus: Int] {
        let rows = try await database.pool.read { db -> [(status: String, count: Int)] in
            try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM tickets GROUP BY status").map { (status: $0["status"], count: $0["n"]) }
        }
        var counts: [TicketStatus: Int] = [:]
        for status in TicketStatus.allCases { counts[status] = 0 }
        for row in rows {
            if let status = TicketStatus(rawValue: row.status) { counts[status] = row.count }
        }
        return counts
    }

    /// Saves the ticket; a change of status writes the event reporting it to the outbox in the same
    /// transaction (`ticket.processing`, `ticket.completed`, `ticket.needs_review`, `ticket.failed`).
    static func saveTicket(_ db: Database, _ ticket: Ticket, doc: String) throws {
        let previous = try String.fetchOne(db, sql: "SELECT status FROM tickets WHERE id = ?", arguments: [ticket.ticketID])
        try db.execute(
            sql: "UPDATE tickets SET status = ?, updated_at = ?, due_at = ?, doc = ? WHERE id = ?",
            arguments: [
                ticket.status.rawValue, ticket.updatedAt.timeIntervalSince1970, ticket.sla?.dueAt.timeIntervalSince1970, doc, ticket.ticketID,
            ])
        guard db.changesCount == 1 else {
            throw FlussoError.notFound("ticket \(ticket.ticketID)")
        }
        if previous != ticket.status.rawValue {
            try SQLiteOutbox.insert(db, TicketEvent.reportingStatus(of: ticket))
        }
    }

    static func saveRecord(_ db: Database, ticketID: String, _ record: StepRecord, doc: String) throws {
        try db.execute(
            sql: """
                INSERT INTO step_records (ticket_id, step, ordinal, status, doc) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (ticket_id, step) DO UPDATE SET status = excluded.status, doc = excluded.doc
                WHERE step_records.status = 'failed' OR step_records.step = 'feedback'
                """, arguments: [ticketID, record.step.rawValue, record.step.order, record.status.rawValue, doc])
        // A finished step is never overwritten: a second worker that ran it again (its lease had
        // expired) must not replace the first result.
        guard db.changesCount == 1 else {
            throw FlussoError(.stepAlreadyFinished, "step \(record.step.rawValue) of ticket \(ticketID) has already finished")
        }
    }
}

/// Opaque keyset cursors: the last row's insertion sequence, prefixed so they are recognisable.
enum TicketCursor {
    static func encode(_ seq: Int64) -> String { "c\(seq)" }
    static func decode(_ text: String) -> Int64? {
        guard text.hasPrefix("c"), let value = Int64(text.dropFirst()), value > 0 else { return nil }
        return value
    }
}
