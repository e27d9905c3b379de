import FlussoCore
import Foundation
import GRDB

/// `JobQueue` on SQLite with SQS semantics: leases with a visibility timeout, redelivery of
/// expired leases, a receive count, and a dead-letter state. Leasing happens inside one write
/// transaction, so two workers (or two processes on the same file) never lease the same job.
public final class SQLiteJobQueue: JobQueue {
    private let database: SQLiteDatabase
    private let clock: any PipelineClock

    public init(database: SQLiteDatabase, clock: any PipelineClock = SystemClock()) {
        self.database = database
        self.clock = clock
    }

    public func lease(worker: String, visibility: Duration) async throws -> JobLease? {
        try await leaseFirst(where: "state IN ('ready', 'leased') AND visible_at <= ?", arguments: [], worker: worker, visibility: visibility)
    }

    /// Leases the first visible job matching `condition` (whose last `?` is the current time):
    /// one write transaction, so two workers never lease the same job.
    fileprivate func leaseFirst(
        where condition: String, arguments: [DatabaseValue], worker: String,
        visibility: Duration
    ) async throws -> JobLease? {
        let now = clock.now()
        let until = now.addingTimeInterval(visibility.seconds)
        let token = "\(worker):\(UUID().uuidString.lowercased())"
        let values = StatementArguments(arguments + [now.timeIntervalSince1970.databaseValue])
        return try await database.pool.write { db -> JobLease? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, ticket_id, receive_count, last_error FROM jobs WHERE \(condition) ORDER BY visible_at, id LIMIT 1",
                    arguments: values)
            else { return nil }
            let id: Int64 = row["id"]
            let count: Int = row["receive_count"] + 1
            try db.execute(
                sql: "UPDATE jobs SET state = 'leased', visible_at = ?, receive_count = ?, token = ?, updated_at = ? WHERE id = ?",
                arguments: [until.timeIntervalSince1970, count, token, now.timeIntervalSince1970, id])
            return JobLease(
                jobID: id, ticketID: row["ticket_id"], token: token, receiveCount: count, leasedUntil: until,
                lastError: row["last_error"])
        }
    }

    public func complete(_ lease: JobLease) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM jobs WHERE id = ? AND token = ?", arguments: [lease.jobID, lease.token])
            try Self.requireOwned(db, lease)
        }
    }

    public func release(_ lease: JobLease, error: String?, retryAfter: Duration) async throws {
        let now = clock.now()
        try await database.pool.write { db in
            try db.execute(
                sql:
                    "UPDATE jobs SET state = 'ready', visible_at = ?, token = NULL, last_error = COALESCE(?, last_error), updated_at = ? WHERE id = ? AND token = ?",
                arguments: [
                    now.addingTimeInterval(retryAfter.seconds).timeIntervalSince1970, error, now.timeIntervalSince1970, lease.jobID, lease.token,
                ])
            try Self.requireOwned(db, lease)
        }
    }

    public func extend(_ lease: JobLease, by duration: Duration) async throws {
        let now = clock.now()
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET visible_at = ?, updated_at = ? WHERE id = ? AND token = ? AND state = 'leased'",
                arguments: [now.addingTimeInterval(duration.seconds).timeIntervalSince1970, now.timeIntervalSince1970, lease.jobID, lease.token])
            try Self.requireOwned(db, lease)
        }
    }

    public func deadLetter(_ lease: JobLease, reason: String) async throws {
        let now = clock.now()
        try await database.pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET state = 'dead', token = NULL, last_error = ?, updated_at = ? WHERE id = ? AND token = ?",
                arguments: [reason, now.timeIntervalSince1970, lease.jobID, lease.token])
            try Self.requireOwned(db, lease)
        }
    }

    public func stats() async throws -> QueueStats {
        let now = clock.now().timeIntervalSince1970
        return try await database.pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT
                      COALESCE(SUM(state = 'ready' OR (state = 'leased' AND visible_at <= ?)), 0) AS ready,
                      COALESCE(SUM(state = 'leased' AND visible_at > ?), 0) AS in_flight,
                      COALESCE(SUM(state = 'dead'), 0) AS dead
                    FROM jobs
                    """, arguments: [now, now])!
            return QueueStats(ready: row["ready"], inFlight: row["in_flight"], deadLetters: row["dead"])
        }
    }

    /// The dead-letter jobs with their last error, for inspection.
    public func deadLetters() async throws -> [(ticketID: String, reason: String)] {
        try await database.pool.read { db -> [(ticketID: String, reason: String)] in
            try Row.fetchAll(db, sql: "SELECT ticket_id, last_error FROM jobs WHERE state = 'dead' ORDER BY id").map {
                (ticketID: $0["ticket_id"], reason: $0["last_error"] ?? "")
            }
        }
    }

    private static func requireOwned(_ db: Database, _ lease: JobLease) throws {
        guard db.changesCount == 1 else {
            throw FlussoError(.leaseLost, "the lease on job \(lease.jobID) (ticket \(lease.ticketID)) has expired or passed to another worker")
        }
    }
}

extension SQLiteJobQueue: DirectJobLeasing {
    /// Leases the job of one ticket if it is visible (used by `flusso process`, which runs a
    /// ticket it has just accepted). Not part of the `JobQueue` port: SQS cannot do it.
    public func lease(ticketID: String, worker: String, visibility: Duration) async throws -> JobLease? {
        try await leaseFirst(
            where: "ticket_id = ? AND state IN ('ready', 'leased') AND visible_at <= ?", arguments: [ticketID.databaseValue],
            worker: worker, visibility: visibility)
    }
}
