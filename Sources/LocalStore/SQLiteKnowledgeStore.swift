import FlussoCore
import Foundation
import GRDB

/// `KnowledgeStore` on SQLite: documents and chunks as JSON documents, tags for the metadata
/// filters, FTS5 for BM25. Replacing a document is one transaction.
public final class SQLiteKnowledgeStore: KnowledgeStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func document(id: String) async throws -> KnowledgeDocument? {
        let doc = try await database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT doc FROM kb_documents WHERE id = ?", arguments: [id])
        }
        return try doc.map { try Documents.decode(KnowledgeDocument.self, $0) }
    }

    public func documents() async throws -> [KnowledgeDocument] {
        let docs = try await database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT doc FROM kb_documents ORDER BY id")
        }
        return try docs.map { try Documents.decode(KnowledgeDocument.self, $0) }
    }

    public func replaceDocument(
        _ document: KnowledgeDocument, chunks: [KnowledgeChunk]
    ) async throws
        -> (removed: [Int64], added: [Int64])
    {
        let documentJSON = try Documents.encode(document)
        let chunkJSON = try chunks.map { try Documents.encode($0) }
        return try await database.pool.write { db in
            let removed = try Self.delete(db, documentID: document.documentID)
            try db.execute(
                sql: "INSERT INTO kb_documents (id, content_hash, doc) VALUES (?, ?, ?)",
                arguments: [document.documentID, document.contentHash, documentJSON])
            var added: [Int64] = []
            added.reserveCapacity(chunks.count)
            for (chunk, json) in zip(chunks, chunkJSON) {
                try db.execute(
                    sql: "INSERT INTO kb_chunks (document_id, chunk_id, doc) VALUES (?, ?, ?)",
                    arguments: [document.documentID, chunk.chunkID, json])
                let key = db.lastInsertedRowID
                added.append(key)
                for model in chunk.productModels {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO kb_chunk_tags (kind, value, key) VALUES ('model', ?, ?)",
                        arguments: [model, key])
                }
                for code in chunk.errorCodes {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO kb_chunk_tags (kind, value, key) VALUES ('code', ?, ?)",
                        arguments: [code, key])
                }
                let title = ([chunk.title] + chunk.sectionPath).joined(separator: " ")
                try db.execute(
                    sql: "INSERT INTO kb_fts (rowid, title, body) VALUES (?, ?, ?)",
                    arguments: [key, title, chunk.text])
            }
            return (removed, added)
        }
    }

    public func deleteDocument(id: String) async throws -> [Int64] {
        try await database.pool.write { db in try Self.delete(db, documentID: id) }
    }

    private static func delete(_ db: Database, documentID: String) throws -> [Int64] {
        let keys = try Int64.fetchAll(db, sql: "SELECT key FROM kb_chunks WHERE document_id = ?", arguments: [documentID])
        for key in keys {
            try db.execute(sql: "DELETE FROM kb_fts WHERE rowid = ?", arguments: [key])
            try db.execute(sql: "DELETE FROM kb_chunk_tags WHERE key = ?", arguments: [key])
        }
        try db.execute(sql: "DELETE FROM kb_chunks WHERE document_id = ?", arguments: [documentID])
        try db.execute(sql: "DELETE FROM kb_documents WHERE id = ?", arguments: [documentID])
        return keys
    }

    public func chunks(keys: [Int64]) async throws -> [Int64: KnowledgeChunk] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await database.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, doc FROM kb_chunks WHERE key IN (SELECT value FROM json_each(?))",
                arguments: [Self.jsonArray(keys)]
            ).map { (key: $0["key"] as Int64, doc: $0["doc"] as String) }
        }
        var out: [Int64: KnowledgeChunk] = [:]
        for row in rows { out[row.key] = try Documents.decode(KnowledgeChunk.self, row.doc) }
        return out
    }

    public func allChunks() async throws -> [(key: Int64, chunk: KnowledgeChunk)] {
        let rows = try await database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT key, doc FROM kb_chunks ORDER BY key")
                .map { (key: $0["key"] as Int64, doc: $0["doc"] as String) }
        }
        return try rows.map { (key: $0.key, chunk: try Documents.decode(KnowledgeChunk.self, $0.doc)) }
    }

    public func chunkKeys(errorCodes: [String], models: [String]) async throws -> [Int64] {
        try await database.pool.read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if !errorCodes.isEmpty {
                conditions.append("key IN (SELECT key FROM kb_chunk_tags WHERE kind = 'code' AND value IN (SELECT value FROM json_each(?)))")
                arguments.append(Self.jsonArray(errorCodes))
            }
            if !models.isEmpty {
                conditions.append("key IN (SELECT key FROM kb_chunk_tags WHERE kind = 'model' AND value IN (SELECT value FROM json_each(?)))")
                arguments.append(Self.jsonArray(models))
            }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Int64.fetchAll(
                db, sql: "SELECT key FROM kb_chunks \(whereClause) ORDER BY key",
                arguments: StatementArguments(arguments))
        }
    }

    public func lexicalSearch(_ query: String, limit: Int, allowed: Set<Int64>?) async throws -> [(key: Int64, score: Double)] {
        let match = FTSQuery.matchExpression(for: query)
        guard !match.isEmpty, limit > 0 else { return [] }
        if let allowed, allowed.isEmpty { return [] }
        return try await database.pool.read { db in
            var sql = "SELECT rowid, bm25(kb_fts, 2.0, 1.0) AS score FROM kb_fts WHERE kb_fts MATCH ?"
            var arguments: [any DatabaseValueConvertible] = [match]
            if let allowed {
                sql += " AND rowid IN (SELECT value FROM json_each(?))"
                arguments.append(Self.jsonArray(Array(allowed)))
            }
            sql += " ORDER BY score LIMIT ?"
            arguments.append(limit)
            // FTS5's bm25() is lower-is-better; negate so callers see higher-is-better.
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
                .map { (key: $0["rowid"] as Int64, score: -($0["score"] as Double)) }
        }
    }

    public func chunkCount() async throws -> Int {
        try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM kb_chunks") ?? 0 }
    }

    public func chunkSummary() async throws -> (count: Int, maxKey: Int64) {
        try await database.pool.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(MAX(key), 0) AS max_key FROM kb_chunks")
            return (count: row?["n"] ?? 0, maxKey: row?["max_key"] ?? 0)
        }
    }

    private static func jsonArray<T: Encodable>(_ values: [T]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }
}

/// Turns free text into a safe FTS5 query: each distinct word (letters and digits, at least two
/// characters) is quoted, and the words are OR-ed, so punctuation or FTS5 syntax in a ticket can
/// never make the query fail.
enum FTSQuery {
    static func matchExpression(for text: String, maxTerms: Int = 64) -> String {
        var seen = Set<String>()
        var terms: [String] = []
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 2 {
            let w = String(word)
            if seen.insert(w).inserted { terms.append("\"\(w)\"") }
            if terms.count == maxTerms { break }
        }
        return terms.joined(separator: " OR ")
    }
}
