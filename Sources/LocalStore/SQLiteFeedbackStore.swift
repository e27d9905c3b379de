import FlussoCore
import Foundation
import GRDB

/// `FeedbackStore` on SQLite.
public final class SQLiteFeedbackStore: FeedbackStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func add(_ feedback: Feedback, record: StepRecord) async throws {
        let doc = try Documents.encode(feedback)
        let recordDoc = try Documents.encode(record)
        try await database.pool.write { db in
            // The sender's feedback still in force is replaced, and kept. Named senders are
            // `name:…`; feedback with no sender is a sender of its own (`unnamed:<id>`), so it
            // replaces nothing and nothing replaces it — no name can reach that namespace.
            let sender = feedback.sender.map { "name:" + $0 } ?? "unnamed:" + feedback.feedbackID
            let earlier = try String.fetchAll(
                db, sql: "SELECT doc FROM feedback WHERE ticket_id = ? AND sender = ? AND superseded_by IS NULL",
                arguments: [feedback.ticketID, sender])
            for old in earlier {
                var replaced = try Documents.decode(Feedback.self, old)
                replaced.supersededBy = feedback.feedbackID
                replaced.supersededAt = feedback.createdAt
                try db.execute(
                    sql: "UPDATE feedback SET superseded_by = ?, doc = ? WHERE id = ?",
                    arguments: [feedback.feedbackID, try Documents.encode(replaced), replaced.feedbackID])
            }
            try db.execute(
                sql: """
                    INSERT INTO feedback (id, ticket_id, helpful, for_training, doc, created_at, sender)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    feedback.feedbackID, feedback.ticketID, feedback.wasHelpful, feedback.useForTraining,
                    doc, feedback.createdAt.timeIntervalSince1970, sender,
                ])
            try SQLiteTicketStore.saveRecord(db, ticketID: feedback.ticketID, record, doc: recordDoc)
            // `feedback.received`, in the transaction that stores the feedback.
            if let row = try Row.fetchOne(
                db, sql: "SELECT status, json_extract(doc, '$.callback_url') AS callback FROM tickets WHERE id = ?",
                arguments: [feedback.ticketID]),
                let status = TicketStatus(rawValue: row["status"])
            {
                try SQLiteOutbox.insert(db, TicketEvent(feedback: feedback, ticketStatus: status, callbackURL: row["callback"]))
            }
        }
    }

    public func feedback(ticketID: String) async throws -> [Feedback] {
        let docs = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM feedback WHERE ticket_id = ? ORDER BY seq", arguments: [ticketID])
        }
        return try docs.map { try Documents.decode(Feedback.self, $0) }
    }

    public func trainingExamples(since: Date?) async throws -> [TrainingExample] {
        try await judgedTickets(since: since, trainingOnly: true).compactMap { TrainingExample(ticket: $0.ticket, feedback: $0.feedback) }
    }

    public func judgedTickets(since: Date?) async throws -> [(ticket: Ticket, feedback: Feedback)] {
        try await judgedTickets(since: since, trainingOnly: false)
    }

    private func judgedTickets(since: Date?, trainingOnly: Bool) async throws -> [(ticket: Ticket, feedback: Feedback)] {
        let rows = try await database.pool.read { db -> [(feedback: String, ticket: String)] in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT f.doc AS feedback, t.doc AS ticket FROM feedback f JOIN tickets t ON t.id = f.ticket_id
                    WHERE f.superseded_by IS NULL AND f.created_at >= ? \(trainingOnly ? "AND f.for_training = 1" : "")
                    ORDER BY f.seq
                    """,
                arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude]
            ).map { (feedback: $0["feedback"], ticket: $0["ticket"]) }
        }
        return try rows.map {
            (ticket: try Documents.decode(Ticket.self, $0.ticket), feedback: try Documents.decode(Feedback.self, $0.feedback))
        }
    }
}
