import FlussoCore
import Foundation
import GRDB

/// `TicketReviewStore` on SQLite: tables `reviews` and `solution_versions`, written with the
/// ticket in one write transaction (SQLite serialises writers, so the version check and the save
/// cannot interleave with another review).
public final class SQLiteTicketReviewStore: TicketReviewStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE reviews (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    ticket_id TEXT NOT NULL REFERENCES tickets(id),
                    doc TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX reviews_by_ticket ON reviews(ticket_id, seq);
                CREATE TABLE solution_versions (
                    ticket_id TEXT NOT NULL REFERENCES tickets(id),
                    version INTEGER NOT NULL,
                    doc TEXT NOT NULL,
                    replaced_at REAL NOT NULL,
                    PRIMARY KEY (ticket_id, version)
                );
                DROP INDEX IF EXISTS tickets_open_by_due;
                CREATE INDEX tickets_open_by_due ON tickets(due_at) WHERE due_at IS NOT NULL AND status NOT IN ('READY', 'REJECTED');
                """)
    }

    public func review(
        ticketID: String, _ decide: @Sendable (Ticket) throws -> (ticket: Ticket, review: TicketReview)
    ) async throws -> (
        ticket: Ticket, review: TicketReview
    ) {
        try await database.pool.write { db in
            guard let doc = try String.fetchOne(db, sql: "SELECT doc FROM tickets WHERE id = ?", arguments: [ticketID]) else {
                throw FlussoError.notFound("ticket \(ticketID)")
            }
            // A ticket whose job is still queued or leased is still the worker's: it writes the
            // ticket again (the notify step) after it turns final, which would undo a review.
            let working =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM jobs WHERE ticket_id = ? AND state IN ('ready', 'leased')", arguments: [ticketID]) ?? 0
            guard working == 0 else {
                throw FlussoError(
                    .ticketNotFinished, "ticket \(ticketID) is still being processed; it can be reviewed once its pipeline has finished")
            }
            let before = try Documents.decode(Ticket.self, doc)
            let (after, review) = try decide(before)
            if let old = before.solution, old.currentVersion != after.solution?.currentVersion {
                try db.execute(
                    sql: "INSERT INTO solution_versions (ticket_id, version, doc, replaced_at) VALUES (?, ?, ?, ?)",
                    arguments: [ticketID, old.currentVersion, try Documents.encode(old), review.reviewedAt.timeIntervalSince1970])
            }
            try db.execute(
                sql: "INSERT INTO reviews (id, ticket_id, doc, created_at) VALUES (?, ?, ?, ?)",
                arguments: [review.reviewID, ticketID, try Documents.encode(review), review.reviewedAt.timeIntervalSince1970])
            try SQLiteTicketStore.saveTicket(db, after, doc: try Documents.encode(after))
            // What similar-ticket searches show of it follows the review (a rejected answer is not
            // offered as a solved ticket's, an edit shows its new steps).
            try db.execute(
                sql: "UPDATE ticket_vectors SET summary = ? WHERE ticket_id = ?",
                arguments: [try Documents.encode(SimilarTicket.summary(of: after)), ticketID])
            return (after, review)
        }
    }

    public func history(ticketID: String) async throws -> ReviewHistory {
        let (reviews, solutions) = try await database.pool.read { db in
            (
                try String.fetchAll(db, sql: "SELECT doc FROM reviews WHERE ticket_id = ? ORDER BY seq", arguments: [ticketID]),
                try String.fetchAll(db, sql: "SELECT doc FROM solution_versions WHERE ticket_id = ? ORDER BY version", arguments: [ticketID])
            )
        }
        return ReviewHistory(
            reviews: try reviews.map { try Documents.decode(TicketReview.self, $0) },
            previousSolutions: try solutions.map { try Documents.decode(Solution.self, $0) })
    }
}
