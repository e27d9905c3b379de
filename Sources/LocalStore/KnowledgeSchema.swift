import GRDB

/// Tables of the knowledge base: documents, chunks (key = vector id), metadata tags for the
/// product-model and error-code filters, and an FTS5 index for BM25.
///
/// The FTS5 table uses the `unicode61` tokenizer with diacritics removed, so "più" matches "piu";
/// it is a plain SQL virtual table (GRDB's FTS5 API is compiled out on Linux, the system SQLite
/// 3.40 has FTS5).
enum KnowledgeSchema {
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE kb_documents (
                    id TEXT PRIMARY KEY,
                    content_hash TEXT NOT NULL,
                    doc TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE kb_chunks (
                    key INTEGER PRIMARY KEY AUTOINCREMENT,
                    document_id TEXT NOT NULL REFERENCES kb_documents(id),
                    chunk_id TEXT NOT NULL UNIQUE,
                    doc TEXT NOT NULL
                );
                CREATE INDEX kb_chunks_by_document ON kb_chunks(document_id);
                CREATE TABLE kb_chunk_tags (
                    kind TEXT NOT NULL CHECK (kind IN ('model', 'code')),
                    value TEXT NOT NULL,
                    key INTEGER NOT NULL,
                    PRIMARY KEY (kind, value, key)
                ) WITHOUT ROWID;
                CREATE INDEX kb_chunk_tags_by_key ON kb_chunk_tags(key);
                CREATE VIRTUAL TABLE kb_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
                """)
    }
}
