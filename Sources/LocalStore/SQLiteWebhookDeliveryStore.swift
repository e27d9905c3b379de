import FlussoCore
import Foundation
import GRDB

/// `WebhookDeliveryStore` on SQLite: tables `webhook_deliveries` (one JSON document a row, with
/// the columns the dispatcher queries by), `webhook_attempts`, `leases` and `service_secrets`,
/// beside the `outbox` the deliveries are planned from.
public final class SQLiteWebhookDeliveryStore: WebhookDeliveryStore {
    static let leaseName = "webhook-dispatcher"
    static let callbackSecretName = "webhook-callback"
    /// The `target` column of a `callback_url` delivery (a subscription's is its id).
    static let callbackTarget = "callback"
    private let database: SQLiteDatabase
    private let recorder: GroupCommit<RecordedAttempt, Bool>

    public init(database: SQLiteDatabase) {
        self.database = database
        // Attempts that end together share a transaction: one fsync for many deliveries.
        recorder = GroupCommit(
            pool: database.pool, maxBatch: 256,
            write: { db, item in
                guard try Self.store(db, item.delivery, doc: item.doc, claimedUntil: item.claimedUntil) else { return false }
                try db.execute(
                    sql: "INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, doc) VALUES (?, ?, ?)",
                    arguments: [item.attempt.deliveryID, item.attempt.attempt, item.attemptDoc])
                return true
            },
            failure: { item, error in
                FlussoError.storage("could not record attempt \(item.attempt.attempt) of \(item.delivery.id): \(error)")
            })
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE outbox RENAME COLUMN delivered_at TO planned_at;
                UPDATE outbox SET planned_at = created_at;
                CREATE INDEX outbox_unplanned ON outbox(seq) WHERE planned_at IS NULL;
                CREATE TABLE webhook_deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    event_id TEXT NOT NULL,
                    target TEXT NOT NULL,
                    subscription_id TEXT,
                    ticket_id TEXT,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'dead')),
                    next_attempt_at REAL,
                    delivered_at REAL,
                    doc TEXT NOT NULL,
                    UNIQUE (event_id, target)
                );
                CREATE INDEX webhook_deliveries_by_state ON webhook_deliveries(state, next_attempt_at);
                CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries(subscription_id, seq);
                CREATE INDEX webhook_deliveries_by_ticket ON webhook_deliveries(ticket_id, seq) WHERE ticket_id IS NOT NULL;
                CREATE TABLE webhook_attempts (
                    delivery_id TEXT NOT NULL,
                    attempt INTEGER NOT NULL,
                    doc TEXT NOT NULL,
                    PRIMARY KEY (delivery_id, attempt)
                ) WITHOUT ROWID;
                CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE service_secrets (name TEXT PRIMARY KEY, secret TEXT NOT NULL) WITHOUT ROWID;
                """)
    }

    public func holdDispatcherLease(holder: String, until: Date, now: Date) async throws -> Bool {
        try await database.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                    WHERE leases.holder = excluded.holder OR leases.expires_at < ?
                    """,
                arguments: [Self.leaseName, holder, until.timeIntervalSince1970, now.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    public func releaseDispatcherLease(holder: String) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [Self.leaseName, holder])
        }
    }

    public func unplannedEvents(limit: Int) async throws -> OutboxBatch {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, doc FROM outbox WHERE planned_at IS NULL ORDER BY seq LIMIT ?", arguments: [limit])
                .map { ($0["seq"] as Int64, $0["doc"] as String) }
        }
        return Self.batch(rows)
    }

    /// The rows as events; a row that does not decode is listed as unreadable, not thrown.
    private static func batch(_ rows: [(Int64, String)]) -> OutboxBatch {
        var batch = OutboxBatch(entries: [], unreadable: [])
        for (seq, doc) in rows {
            if let event = try? Documents.decode(TicketEvent.self, doc) {
                batch.entries.append(OutboxEntry(seq: seq, event: event))
            } else {
                batch.unreadable.append(seq)
            }
        }
        return batch
    }

    public func plan(_ deliveries: [WebhookDelivery], planned: [Int64], at time: Date) async throws {
        let docs = try deliveries.map { ($0, try Documents.encode($0)) }
        try await database.pool.write { db in
            for (delivery, doc) in docs {
                try Self.insert(db, delivery, doc: doc)
            }
            for seq in planned {
                try db.execute(sql: "UPDATE outbox SET planned_at = ? WHERE seq = ?", arguments: [time.timeIntervalSince1970, seq])
            }
        }
    }

    public func add(_ delivery: WebhookDelivery) async throws {
        let doc = try Documents.encode(delivery)
        try await database.pool.write { db in try Self.insert(db, delivery, doc: doc) }
    }

    /// A delivery already planned for the same event and receiver (a second dispatcher planning
    /// the same events during a takeover) is left as it is.
    private static func insert(_ db: Database, _ delivery: WebhookDelivery, doc: String) throws {
        try db.execute(
            sql: """
                INSERT INTO webhook_deliveries (
                    id, event_id, target, subscription_id, ticket_id, state, next_attempt_at, delivered_at, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, target) DO NOTHING
                """,
            arguments: [
                delivery.id, delivery.eventID, delivery.subscriptionID ?? callbackTarget, delivery.subscriptionID,
                delivery.subscriptionID == nil ? delivery.ticketID : nil, delivery.state.rawValue,
                delivery.nextAttemptAt?.timeIntervalSince1970, delivery.deliveredAt?.timeIntervalSince1970, doc,
            ])
    }

    public func claimDue(now: Date, claimUntil: Date, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await database.pool.write { db in
            try Row.fetchAll(
                db,
                sql: """
                    UPDATE webhook_deliveries SET next_attempt_at = ?
                    WHERE seq IN (
                        SELECT seq FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT ?)
                    RETURNING state, next_attempt_at, doc
                    """,
                arguments: [claimUntil.timeIntervalSince1970, now.timeIntervalSince1970, limit]
            ).map(StoredDelivery.init)
        }
        return try rows.map(Self.delivery).sorted {
            ($0.nextAttemptAt ?? .distantPast, $0.createdAt) < ($1.nextAttemptAt ?? .distantPast, $1.createdAt)
        }
    }

    /// A row's delivery: the document, with the state and due time of the columns (a claim moves
    /// the due time without rewriting the document).
    private static func delivery(_ row: StoredDelivery) throws -> WebhookDelivery {
        var delivery = try Documents.decode(WebhookDelivery.self, row.doc)
        if let state = WebhookDelivery.State(rawValue: row.state) { delivery.state = state }
        delivery.nextAttemptAt = row.nextAttemptAt.map { Date(timeIntervalSince1970: $0) }
        return delivery
    }

    /// The columns a delivery is read from (rows are not `Sendable`).
    private struct StoredDelivery: Sendable {
        var state: String
        var nextAttemptAt: Double?
        var doc: String

        init(_ row: Row) {
            state = row["state"]
            nextAttemptAt = row["next_attempt_at"]
            doc = row["doc"]
        }
    }

    public func record(_ attempt: WebhookAttempt, delivery: WebhookDelivery, claimedUntil: Date) async throws -> Bool {
        try await recorder.submit(
            RecordedAttempt(
                attempt: attempt, attemptDoc: try Documents.encode(attempt), delivery: delivery, doc: try Documents.encode(delivery),
                claimedUntil: claimedUntil))
    }

    @discardableResult
    public func update(_ delivery: WebhookDelivery, claimedUntil: Date?) async throws -> Bool {
        let doc = try Documents.encode(delivery)
        return try await database.pool.write { db in try Self.store(db, delivery, doc: doc, claimedUntil: claimedUntil) }
    }

    /// Writes the delivery; under a claim, only while the row is still pending with the claim's
    /// due time (a late attempt never overwrites what came after it).
    private static func store(_ db: Database, _ delivery: WebhookDelivery, doc: String, claimedUntil: Date?) throws -> Bool {
        var sql = "UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, delivered_at = ?, doc = ? WHERE id = ?"
        var arguments: StatementArguments = [
            delivery.state.rawValue, delivery.state == .pending ? delivery.nextAttemptAt?.timeIntervalSince1970 : nil,
            delivery.deliveredAt?.timeIntervalSince1970, doc, delivery.id,
        ]
        if let claimedUntil {
            sql += " AND state = 'pending' AND next_attempt_at = ?"
            arguments += [claimedUntil.timeIntervalSince1970]
        }
        try db.execute(sql: sql, arguments: arguments)
        return db.changesCount == 1
    }

    public func delivery(id: String) async throws -> WebhookDelivery? {
        let row = try await database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT state, next_attempt_at, doc FROM webhook_deliveries WHERE id = ?", arguments: [id])
                .map(StoredDelivery.init)
        }
        return try row.map(Self.delivery)
    }

    public func deliveries(subscriptionID: String, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT state, next_attempt_at, doc FROM webhook_deliveries WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?",
                arguments: [subscriptionID, limit]
            ).map(StoredDelivery.init)
        }
        return try rows.map(Self.delivery)
    }

    public func callbackDeliveries(ticketID: String, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT state, next_attempt_at, doc FROM webhook_deliveries WHERE ticket_id = ? ORDER BY seq DESC LIMIT ?",
                arguments: [ticketID, limit]
            ).map(StoredDelivery.init)
        }
        return try rows.map(Self.delivery)
    }

    public func attempts(deliveryID: String) async throws -> [WebhookAttempt] {
        let docs = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt", arguments: [deliveryID])
        }
        return try docs.map { try Documents.decode(WebhookAttempt.self, $0) }
    }

    public func lastSuccess(subscriptionID: String) async throws -> Date? {
        let time = try await database.pool.read { db in
            try Double.fetchOne(
                db, sql: "SELECT max(delivered_at) FROM webhook_deliveries WHERE subscription_id = ? AND state = 'succeeded'",
                arguments: [subscriptionID])
        }
        return time.map { Date(timeIntervalSince1970: $0) }
    }

    public func backlog() async throws -> WebhookBacklog {
        try await database.pool.read { db in
            WebhookBacklog(
                unplannedEvents: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE planned_at IS NULL") ?? 0,
                pendingDeliveries: try Int.fetchOne(db, sql: "SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'") ?? 0,
                deadDeliveries: try Int.fetchOne(db, sql: "SELECT count(*) FROM webhook_deliveries WHERE state = 'dead'") ?? 0)
        }
    }

    public func events(after seq: Int64, limit: Int) async throws -> OutboxBatch {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, doc FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [seq, limit])
                .map { ($0["seq"] as Int64, $0["doc"] as String) }
        }
        return Self.batch(rows)
    }

    public func latestEventSeq() async throws -> Int64 {
        try await database.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM outbox") ?? 0 }
    }

    public func callbackSecret() async throws -> WebhookSecret {
        let text = try await database.pool.write { db in
            try db.execute(
                sql: "INSERT INTO service_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                arguments: [Self.callbackSecretName, WebhookSecret.generate().text])
            return try String.fetchOne(db, sql: "SELECT secret FROM service_secrets WHERE name = ?", arguments: [Self.callbackSecretName])
        }
        guard let text else { throw FlussoError(.storageCorrupt, "the callback secret could not be read back") }
        do {
            return try WebhookSecret(text)
        } catch {
            throw FlussoError(.storageCorrupt, "the stored callback secret is not a whsec_ secret: \(error)")
        }
    }
}

/// A webhook attempt waiting to be group-committed with its delivery, under its claim.
struct RecordedAttempt: Sendable {
    var attempt: WebhookAttempt
    var attemptDoc: String
    var delivery: WebhookDelivery
    var doc: String
    var claimedUntil: Date
}
