import FlussoCore
import Foundation
import GRDB

/// Step 2's local sources on SQLite: `CustomerDirectory`, `AssetRegistry`, and the target of
/// `flusso enrich import` (one transaction per call; customers and assets upserted by key,
/// history entries kept once).
public final class SQLiteEnrichmentStore: CustomerDirectory, AssetRegistry, EnrichmentImportTarget {
    public let sourceName = "local"
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE customers (id TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at REAL NOT NULL);
                CREATE TABLE assets (serial TEXT PRIMARY KEY, customer_id TEXT, doc TEXT NOT NULL, updated_at REAL NOT NULL);
                CREATE TABLE asset_history (
                    serial TEXT NOT NULL, date TEXT NOT NULL, action TEXT NOT NULL, parts TEXT NOT NULL, note TEXT NOT NULL,
                    UNIQUE (serial, date, action, parts, note)
                );
                CREATE INDEX asset_history_by_serial ON asset_history(serial, date);
                """)
    }

    public func customer(id: String) async throws -> CustomerRecord? {
        let doc = try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM customers WHERE id = ?", arguments: [id])
        }
        return try doc.map { try Documents.decode(CustomerRecord.self, $0) }
    }

    public func asset(serial: String) async throws -> AssetRecord? {
        let doc = try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM assets WHERE serial = ?", arguments: [serial])
        }
        return try doc.map { try Documents.decode(AssetRecord.self, $0) }
    }

    public func history(serial: String, limit: Int) async throws -> [ServiceEvent] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT date, action, parts, note FROM asset_history WHERE serial = ? ORDER BY date DESC, rowid DESC LIMIT ?",
                arguments: [serial, max(0, limit)]
            ).map { row in
                let parts: String = row["parts"]
                let note: String = row["note"]
                return ServiceEvent(
                    serial: serial, date: row["date"], action: row["action"], parts: parts.isEmpty ? nil : parts,
                    note: note.isEmpty ? nil : note)
            }
        }
    }

    public func upsert(customers: [CustomerRecord]) async throws {
        // In key order: the B-tree is filled front to back (several times faster on a large file).
        let docs = try customers.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }.map { ($0.id, try Documents.encode($0)) }
        let now = Date().timeIntervalSince1970
        try await write { db in
            let statement = try db.makeStatement(
                sql:
                    "INSERT INTO customers (id, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at"
            )
            for (id, doc) in docs {
                statement.setUncheckedArguments([id, doc, now])
                try statement.execute()
            }
        }
    }

    public func upsert(assets: [AssetRecord]) async throws {
        let docs = try assets.sorted { $0.serial.utf8.lexicographicallyPrecedes($1.serial.utf8) }.map {
            ($0.serial, $0.customerID, try Documents.encode($0))
        }
        let now = Date().timeIntervalSince1970
        try await write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO assets (serial, customer_id, doc, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(serial) DO UPDATE SET customer_id = excluded.customer_id, doc = excluded.doc, updated_at = excluded.updated_at
                    """)
            for (serial, customerID, doc) in docs {
                statement.setUncheckedArguments([serial, customerID, doc, now])
                try statement.execute()
            }
        }
    }

    public func add(history: [ServiceEvent]) async throws {
        // In the unique index's order (serial, date, …): the B-tree is filled front to back.
        // Byte order is SQLite's (BINARY) order, and cheaper to compare than `String.<`.
        let sorted = history.sorted { a, b in
            if a.serial != b.serial { return a.serial.utf8.lexicographicallyPrecedes(b.serial.utf8) }
            return a.date.utf8.lexicographicallyPrecedes(b.date.utf8)
        }
        try await write { db in
            let statement = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO asset_history (serial, date, action, parts, note) VALUES (?, ?, ?, ?, ?)")
            for event in sorted {
                statement.setUncheckedArguments([event.serial, event.date, event.action, event.parts ?? "", event.note ?? ""])
                try statement.execute()
            }
        }
    }

    /// One transaction; a failure leaves the tables as they were. A large import keeps its pages
    /// in a 128 MiB cache while it runs, then the connection's own size is restored.
    private func write(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        do {
            try await database.pool.writeWithoutTransaction { db in
                let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = -131072")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
                try db.inTransaction {
                    try body(db)
                    return .commit
                }
            }
        } catch let error as FlussoError {
            throw error
        } catch {
            throw FlussoError.storage("could not import: \(error)")
        }
    }
}
