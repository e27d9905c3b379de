import FlussoCore
import Foundation
import GRDB

/// The SQLite file behind the local adapters: one `DatabasePool` in WAL mode.
///
/// Durability: `PRAGMA synchronous = FULL`, so every commit is fsynced to the WAL before it
/// returns; a power cut loses nothing that was acknowledged. Intake batches concurrent inserts
/// into one transaction (group commit) to keep that affordable.
public final class SQLiteDatabase: Sendable {
    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) `flusso.sqlite` in `directory` and migrates it.
    public init(directory: String, readers: Int = 4) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("flusso.sqlite")
        var config = Configuration()
        config.maximumReaderCount = readers
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
        } catch {
            throw FlussoError(.storageUnavailable, "cannot open the database at \(path): \(error)")
        }
    }
}

/// The schema, as ordered migrations.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tickets (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        status TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        doc TEXT NOT NULL
                    );
                    CREATE INDEX tickets_by_status ON tickets(status, seq);
                    CREATE TABLE step_records (
                        ticket_id TEXT NOT NULL REFERENCES tickets(id),
                        step TEXT NOT NULL,
                        ordinal INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        doc TEXT NOT NULL,
                        PRIMARY KEY (ticket_id, step)
                    ) WITHOUT ROWID;
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('ready', 'leased', 'dead')),
                        visible_at REAL NOT NULL,
                        receive_count INTEGER NOT NULL DEFAULT 0,
                        token TEXT,
                        last_error TEXT,
                        enqueued_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX jobs_visible ON jobs(state, visible_at, id);
                    CREATE TABLE outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_id TEXT NOT NULL UNIQUE,
                        ticket_id TEXT NOT NULL,
                        type TEXT NOT NULL,
                        doc TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        delivered_at REAL
                    );
                    CREATE TABLE feedback (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        ticket_id TEXT NOT NULL REFERENCES tickets(id),
                        helpful INTEGER NOT NULL,
                        for_training INTEGER NOT NULL,
                        doc TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX feedback_by_ticket ON feedback(ticket_id, seq);
                    """)
        }
        migrator.registerMigration("knowledge-v1") { db in
            try KnowledgeSchema.create(db)
        }
        migrator.registerMigration("solution-cache-v1") { db in
            // The generation chain's cache link looks READY tickets up by error code and model.
            try db.execute(
                sql: """
                    CREATE INDEX tickets_ready_by_code_model ON tickets(
                        upper(json_extract(doc, '$.error_code')), upper(json_extract(doc, '$.asset.model')), seq)
                    WHERE status = 'READY';
                    """)
        }
        migrator.registerMigration("enrichment-v1") { db in
            try SQLiteEnrichmentStore.createSchema(db)
        }
        migrator.registerMigration("enrichment-v2") { db in
            // The unique index on (serial, date, action, parts, note) serves the history lookup by
            // serial and date too; a second index only slowed imports.
            try db.execute(sql: "DROP INDEX IF EXISTS asset_history_by_serial")
        }
        migrator.registerMigration("similar-tickets-v1") { db in
            try SQLiteTicketVectorStore.createSchema(db)
        }
        migrator.registerMigration("webhooks-v1") { db in
            try SQLiteWebhookSubscriptionStore.createSchema(db)
        }
        migrator.registerMigration("sla-v1") { db in
            // The SLA due time (set by step 2) as a column, so overdue tickets are found by index.
            try db.execute(
                sql: """
                    ALTER TABLE tickets ADD COLUMN due_at REAL;
                    CREATE INDEX tickets_open_by_due ON tickets(due_at) WHERE due_at IS NOT NULL AND status != 'READY';
                    """)
        }
        migrator.registerMigration("webhook-deliveries-v1") { db in
            // Events written before delivery existed are marked planned: an upgrade does not send
            // old events to callback URLs nobody expected to hear from.
            try SQLiteWebhookDeliveryStore.createSchema(db)
        }
        migrator.registerMigration("feedback-senders-v1") { db in
            // Who sent each feedback, and which later one from the same sender replaced it.
            // Earlier feedback came from unnamed keys: its sender is `anonymous`.
            try db.execute(
                sql: """
                    ALTER TABLE feedback ADD COLUMN sender TEXT NOT NULL DEFAULT 'anonymous';
                    ALTER TABLE feedback ADD COLUMN superseded_by TEXT;
                    CREATE INDEX feedback_in_force ON feedback(ticket_id, sender) WHERE superseded_by IS NULL;
                    CREATE INDEX feedback_by_time ON feedback(created_at);
                    """)
        }
        migrator.registerMigration("reviews-v1") { db in
            // Reviewers' decisions and the solution versions their edits replace; REJECTED tickets
            // are settled like READY ones (never overdue).
            try SQLiteTicketReviewStore.createSchema(db)
        }
        migrator.registerMigration("webhooks-rejected-v1") { db in
            // A subscription made for all events before `ticket.rejected` existed listed every type
            // there was then: it gets the new one too.
            let before = ["ticket.created", "ticket.processing", "ticket.completed", "ticket.needs_review", "ticket.failed", "feedback.received"]
            let conditions = before.map { _ in "EXISTS (SELECT 1 FROM json_each(doc, '$.event_types') WHERE value = ?)" }
            try db.execute(
                sql: """
                    UPDATE webhook_subscriptions
                    SET doc = json_set(doc, '$.event_types[#]', 'ticket.rejected')
                    WHERE \(conditions.joined(separator: " AND "))
                      AND NOT EXISTS (SELECT 1 FROM json_each(doc, '$.event_types') WHERE value = 'ticket.rejected')
                    """, arguments: StatementArguments(before))
        }
        migrator.registerMigration("feedback-senders-v2") { db in
            // Senders in two namespaces that cannot meet, rebuilt from each feedback's own fields:
            // `name:<reviewer or key name>`, and `unnamed:<feedback id>` for feedback that names no
            // one (a sender of its own).
            try db.execute(
                sql: """
                    UPDATE feedback SET sender = CASE
                        WHEN json_extract(doc, '$.reviewer') IS NOT NULL THEN 'name:' || json_extract(doc, '$.reviewer')
                        WHEN json_extract(doc, '$.key_name') IS NOT NULL AND json_extract(doc, '$.key_name') != 'anonymous'
                            THEN 'name:' || json_extract(doc, '$.key_name')
                        ELSE 'unnamed:' || id END
                    """)
        }
        return migrator
    }
}

/// JSON columns: every document column holds a `FlussoJSON` encoding.
enum Documents {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try FlussoJSON.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try FlussoJSON.decode(type, from: Data(text.utf8))
        } catch {
            throw FlussoError(.storageCorrupt, "a stored \(T.self) could not be read: \(error)")
        }
    }
}
