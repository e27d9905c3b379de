/// A document read from a file, chunked, before it is embedded and stored.
struct ParsedDocument {
    struct Chunk {
        var sectionPath: [String]
        var text: String
        var tokenCount: Int
        /// Metadata of this chunk beyond the document's (catalogue entries carry their own).
        var productModels: [String] = []
        var errorCodes: [String] = []
        /// The pages it spans, for documents with pages.
        var pageStart: Int?
        var pageEnd: Int?
    }

    var documentID: String
    var sourcePath: String
    var title: String
    var language: String?
    var sourceURL: String?
    var productTypes: [String]
    var productModels: [String]
    var errorCodes: [String]
    /// The file name its chunks cite, for documents with pages.
    var sourceFile: String?
    var chunks: [Chunk]
    /// Hash input besides the bytes (settings that change the chunks).
    var hashSalt: String
    /// Problems worked around while reading (reported with the ingestion, not fatal).
    var warnings: [String] = []
}
