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

/// Group commit for intake: tickets that arrive while a commit is running wait and go into the
/// next transaction together, so one fsync covers many tickets. Each caller returns only after
/// its ticket is durable. If a batch fails, its tickets are retried one by one so that one bad
/// ticket cannot fail the others.
actor GroupCommitter {
    private let pool: DatabasePool
    private var pending: [(PendingTicket, CheckedContinuation<Void, any Error>)] = []
    private var draining = false
    /// Upper bound on tickets per transaction, to bound latency and memory.
    private let maxBatch = 512

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func submit(_ item: PendingTicket) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pending.append((item, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let items = batch.map(\.0)
            do {
                try await pool.write { db in
                    for item in items { try Self.insert(db, item) }
                }
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (item, continuation) in batch {
                    do {
                        try await pool.write { db in try Self.insert(db, item) }
                        continuation.resume()
                    } catch {
                        continuation.resume(throwing: FlussoError.storage("could not store ticket \(item.ticket.ticketID): \(error)"))
                    }
                }
            }
        }
        draining = false
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
