import FlussoCore
import Foundation
import GRDB

/// `SolutionCache` on the SQLite ticket table: the newest READY ticket with the same error code
/// and model (an expression index, `tickets_ready_by_code_model`, answers it without scanning)
/// that has a solution and no feedback in force saying it did not help; among those, one a person
/// approved as helpful comes first.
public final class SQLiteSolutionCache: SolutionCache {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func similarSolvedTicket(errorCode: String, productModel: String, excludingTicketID: String) async throws -> Ticket? {
        let doc = try await database.pool.read { db -> String? in
            // Two index-ordered lookups, each stopping at its first row: the newest approved
            // candidate, else the newest candidate.
            let candidates = """
                SELECT doc FROM tickets
                WHERE status = 'READY'
                  AND upper(json_extract(doc, '$.error_code')) = ? AND upper(json_extract(doc, '$.asset.model')) = ?
                  AND id != ? AND json_extract(doc, '$.solution') IS NOT NULL
                  AND NOT EXISTS (
                    SELECT 1 FROM feedback
                    WHERE feedback.ticket_id = tickets.id AND feedback.helpful = 0 AND feedback.superseded_by IS NULL)
                """
            let arguments: StatementArguments = [errorCode.uppercased(), productModel.uppercased(), excludingTicketID]
            let approved = """
                  AND EXISTS (
                    SELECT 1 FROM feedback
                    WHERE feedback.ticket_id = tickets.id AND feedback.helpful = 1 AND feedback.superseded_by IS NULL)
                """
            if let doc = try String.fetchOne(db, sql: candidates + approved + " ORDER BY seq DESC LIMIT 1", arguments: arguments) {
                return doc
            }
            return try String.fetchOne(db, sql: candidates + " ORDER BY seq DESC LIMIT 1", arguments: arguments)
        }
        return try doc.map { try Documents.decode(Ticket.self, $0) }
    }
}
