import FlussoCore
import Foundation
import GRDB

/// `WebhookSubscriptionStore` on SQLite: table `webhook_subscriptions`, one JSON document a row.
public final class SQLiteWebhookSubscriptionStore: WebhookSubscriptionStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: "CREATE TABLE webhook_subscriptions (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)")
    }

    public func add(_ subscription: WebhookSubscription) async throws {
        let doc = try Documents.encode(subscription)
        try await database.pool.write { db in
            try db.execute(sql: "INSERT INTO webhook_subscriptions (id, doc) VALUES (?, ?)", arguments: [subscription.id, doc])
        }
    }

    public func subscriptions() async throws -> [WebhookSubscription] {
        let docs = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM webhook_subscriptions ORDER BY seq")
        }
        return try docs.map { try Documents.decode(WebhookSubscription.self, $0) }
    }

    public func subscription(id: String) async throws -> WebhookSubscription? {
        let doc = try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM webhook_subscriptions WHERE id = ?", arguments: [id])
        }
        return try doc.map { try Documents.decode(WebhookSubscription.self, $0) }
    }

    public func remove(id: String) async throws -> Bool {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM webhook_subscriptions WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    public func setDisabledReason(id: String, _ reason: String?) async throws -> Bool {
        try await change(id: id) { $0.disabledReason = reason } != nil
    }

    public func rotateSecret(id: String, to next: WebhookSecret, at time: Date, grace: Duration) async throws -> WebhookSubscription? {
        try await change(id: id) { $0.rotate(to: next, at: time, grace: grace) }
    }

    /// Reads, changes and writes one subscription in one transaction; nil when there is none.
    private func change(id: String, _ body: @escaping @Sendable (inout WebhookSubscription) -> Void) async throws -> WebhookSubscription? {
        try await database.pool.write { db in
            guard let doc = try String.fetchOne(db, sql: "SELECT doc FROM webhook_subscriptions WHERE id = ?", arguments: [id]) else {
                return nil
            }
            var subscription = try Documents.decode(WebhookSubscription.self, doc)
            body(&subscription)
            try db.execute(
                sql: "UPDATE webhook_subscriptions SET doc = ? WHERE id = ?", arguments: [try Documents.encode(subscription), id])
            return subscription
        }
    }
}
