import FlussoCore
import Foundation
import GRDB

/// `EventPublisher` that writes events to the `outbox` table; a deliverer (webhooks, EventBridge)
/// reads undelivered rows from there, so an event is never lost between a commit and a send.
public final class SQLiteOutbox: EventPublisher {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func publish(_ event: TicketEvent) async throws {
        let doc = try Documents.encode(event)
        try await database.pool.write { db in
            try Self.insert(db, event, doc: doc)
        }
    }

    /// Writes `event` inside the caller's transaction (a status change and its event commit
    /// together); an event already written (same id) is left as it is.
    static func insert(_ db: Database, _ event: TicketEvent, doc: String? = nil) throws {
        try db.execute(
            sql: "INSERT INTO outbox (event_id, ticket_id, type, doc, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
            arguments: [
                event.eventID, event.ticketID, event.type.rawValue, try doc ?? Documents.encode(event), event.occurredAt.timeIntervalSince1970,
            ])
    }

    /// Events of one ticket in the order they were written.
    public func events(ticketID: String) async throws -> [TicketEvent] {
        let docs = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM outbox WHERE ticket_id = ? ORDER BY seq", arguments: [ticketID])
        }
        return try docs.map { try Documents.decode(TicketEvent.self, $0) }
    }
}
