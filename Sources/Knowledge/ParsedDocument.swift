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
    /// What the document was read from, hashed (a PDF's bytes, its sidecar and the settings):
    /// equal on a rerun, the file is not read again.
    var sourceHash: String?
    /// How the file was read, for the progress lines (`312 pages, 12 by OCR`).
    var readSummary: String?
    /// Whether the whole file was read (no page limit reached, no page cut short).
    var readComplete = true

    /// A sidecar's (or front matter's) metadata over what the text gave.
    mutating func apply(_ metadata: FrontMatter) {
        if let title = metadata.title { self.title = title }
        if let language = metadata.language { self.language = language }
        if let url = metadata.sourceURL { sourceURL = url }
        if !metadata.productTypes.isEmpty { productTypes = metadata.productTypes }
        if !metadata.productModels.isEmpty { productModels = metadata.productModels }
        if !metadata.errorCodes.isEmpty { errorCodes = metadata.errorCodes }
    }

    /// The defaults given for the batch, where the document has none of its own (a catalogue
    /// whose entries name their models keeps them).
    mutating func apply(_ defaults: IngestDefaults) {
        if language == nil { language = defaults.language }
        if productTypes.isEmpty { productTypes = defaults.productTypes }
        if productModels.isEmpty, chunks.allSatisfy({ $0.productModels.isEmpty }) { productModels = defaults.productModels }
    }
}
