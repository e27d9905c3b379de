import FlussoCore
import Foundation
import GRDB

/// `TicketVectorStore` on SQLite: table `ticket_vectors`, one row per (embedder, ticket), the
/// vector as little-endian float32 bytes.
public final class SQLiteTicketVectorStore: TicketVectorStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE ticket_vectors (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    model_id TEXT NOT NULL,
                    ticket_id TEXT NOT NULL,
                    product_model TEXT,
                    vector BLOB NOT NULL,
                    summary TEXT NOT NULL,
                    UNIQUE (model_id, ticket_id)
                );
                CREATE INDEX ticket_vectors_by_model ON ticket_vectors(model_id, seq);
                """)
    }

    @discardableResult
    public func add(ticketID: String, modelID: String, productModel: String?, vector: [Float], summary: SimilarTicket) async throws -> Int64 {
        let bytes = Self.bytes(of: vector)
        let doc = try Documents.encode(summary)
        return try await database.pool.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO ticket_vectors (model_id, ticket_id, product_model, vector, summary) VALUES (?, ?, ?, ?, ?)",
                arguments: [modelID, ticketID, productModel, bytes, doc])
            return try Int64.fetchOne(
                db, sql: "SELECT seq FROM ticket_vectors WHERE model_id = ? AND ticket_id = ?", arguments: [modelID, ticketID]) ?? 0
        }
    }

    public func vectors(modelID: String, after seq: Int64, limit: Int) async throws -> [TicketVector] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT seq, ticket_id, product_model, vector FROM ticket_vectors WHERE model_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [modelID, seq, max(0, limit)]
            ).map { row in
                let data: Data = row["vector"]
                return TicketVector(seq: row["seq"], ticketID: row["ticket_id"], productModel: row["product_model"], vector: Self.vector(of: data))
            }
        }
    }

    public func labels(modelID: String, through seq: Int64) async throws -> [TicketVector] {
        try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, ticket_id, product_model FROM ticket_vectors WHERE model_id = ? AND seq <= ? ORDER BY seq",
                arguments: [modelID, seq]
            ).map { TicketVector(seq: $0["seq"], ticketID: $0["ticket_id"], productModel: $0["product_model"], vector: []) }
        }
    }

    public func summaries(modelID: String, ticketIDs: [String]) async throws -> [String: SimilarTicket] {
        guard !ticketIDs.isEmpty else { return [:] }
        let rows = try await database.pool.read { db -> [(String, String)] in
            let marks = Array(repeating: "?", count: ticketIDs.count).joined(separator: ",")
            return try Row.fetchAll(
                db, sql: "SELECT ticket_id, summary FROM ticket_vectors WHERE model_id = ? AND ticket_id IN (\(marks))",
                arguments: StatementArguments([modelID] + ticketIDs)
            ).map { ($0["ticket_id"], $0["summary"]) }
        }
        var found: [String: SimilarTicket] = [:]
        for (ticketID, doc) in rows { found[ticketID] = try Documents.decode(SimilarTicket.self, doc) }
        return found
    }

    /// A batch insert for benchmarks and bulk loads: one transaction.
    public func addAll(
        _ items: [(ticketID: String, productModel: String?, vector: [Float], summary: SimilarTicket)], modelID: String
    ) async throws {
        let rows = try items.map { ($0.ticketID, $0.productModel, Self.bytes(of: $0.vector), try Documents.encode($0.summary)) }
        try await database.pool.write { db in
            let statement = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO ticket_vectors (model_id, ticket_id, product_model, vector, summary) VALUES (?, ?, ?, ?, ?)")
            for (ticketID, productModel, bytes, doc) in rows { try statement.execute(arguments: [modelID, ticketID, productModel, bytes, doc]) }
        }
    }

    static func bytes(of vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func vector(of data: Data) -> [Float] {
        var vector = [Float](repeating: 0, count: data.count / 4)
        data.withUnsafeBytes { raw in
            for index in vector.indices {
                vector[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
        }
        return vector
    }
}
