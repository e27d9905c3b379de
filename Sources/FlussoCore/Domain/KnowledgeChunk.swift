import Foundation

/// One retrievable piece of a knowledge-base document: a section (or part of a long section) with
/// the metadata the retrieve step filters and re-ranks on.
///
/// Invariants: `chunkID` is `"{documentID}#{ordinal}"`; `ordinal` counts from 0 within its
/// document; `productModels` and `errorCodes` are upper-cased and without duplicates.
public struct KnowledgeChunk: Codable, Sendable, Equatable {
    public var chunkID: String
    public var documentID: String
    public var ordinal: Int
    /// The document's title.
    public var title: String
    /// Headings from the document's top to this chunk's section.
    public var sectionPath: [String]
    public var text: String
    public var language: String?
    public var productTypes: [String]
    public var productModels: [String]
    public var errorCodes: [String]
    public var sourceURL: String?
    /// Word-piece estimate of the chunk's length (words and punctuation marks).
    public var tokenCount: Int
    /// The file it was read from, for documents with pages (a PDF manual).
    public var sourceFile: String?
    /// The pages the chunk's text spans (1-based), for documents with pages.
    public var pageStart: Int?
    public var pageEnd: Int?

    public init(
        documentID: String, ordinal: Int, title: String, sectionPath: [String], text: String,
        language: String?, productTypes: [String], productModels: [String], errorCodes: [String],
        sourceURL: String?, tokenCount: Int, sourceFile: String? = nil, pageStart: Int? = nil, pageEnd: Int? = nil
    ) {
        chunkID = "\(documentID)#\(ordinal)"
        self.documentID = documentID
        self.ordinal = ordinal
        self.title = title
        self.sectionPath = sectionPath
        self.text = text
        self.language = language
        self.productTypes = productTypes
        self.productModels = productModels
        self.errorCodes = errorCodes
        self.sourceURL = sourceURL
        self.tokenCount = tokenCount
        self.sourceFile = sourceFile
        self.pageStart = pageStart
        self.pageEnd = pageEnd
    }

    /// Where a reader finds it: `manual.pdf, p. 12 — 4.3 Replacing the thermistor` (`pp. 12–13`
    /// across pages); without pages, the title and the section (the section only when it is not
    /// the title again).
    public var citation: String {
        let section = sectionPath.last.map { $0 == title ? "" : " — \($0)" } ?? ""
        guard let pageStart else { return title + section }
        let source = sourceFile ?? title
        let pages = pageEnd.map { $0 > pageStart ? "pp. \(pageStart)–\($0)" : "p. \(pageStart)" } ?? "p. \(pageStart)"
        return "\(source), \(pages)\(section)"
    }

    enum CodingKeys: String, CodingKey {
        case chunkID = "chunk_id"
        case documentID = "document_id"
        case ordinal, title
        case sectionPath = "section_path"
        case text, language
        case productTypes = "product_types"
        case productModels = "product_models"
        case errorCodes = "error_codes"
        case sourceURL = "source_url"
        case tokenCount = "token_count"
        case sourceFile = "source_file"
        case pageStart = "page_start"
        case pageEnd = "page_end"
    }
}

/// A knowledge-base document as ingested: where it came from and the hash that makes
/// re-ingestion incremental.
public struct KnowledgeDocument: Codable, Sendable, Equatable {
    /// Stable id: the path relative to the ingested root (or the id given in a JSONL/catalogue).
    public var documentID: String
    public var sourcePath: String
    /// SHA-256 (hex) of the source bytes plus the chunking settings.
    public var contentHash: String
    public var title: String
    public var language: String?
    public var chunkCount: Int
    public var ingestedAt: Date
    /// SHA-256 of what the document was read from, for files that are costly to read (a PDF's
    /// bytes, its sidecar and the settings): equal on a rerun, the file is not read again.
    public var sourceHash: String?

    public init(
        documentID: String, sourcePath: String, contentHash: String, title: String, language: String?,
        chunkCount: Int, ingestedAt: Date
    ) {
        self.documentID = documentID
        self.sourcePath = sourcePath
        self.contentHash = contentHash
        self.title = title
        self.language = language
        self.chunkCount = chunkCount
        self.ingestedAt = ingestedAt
    }

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id"
        case sourcePath = "source_path"
        case contentHash = "content_hash"
        case title, language
        case chunkCount = "chunk_count"
        case ingestedAt = "ingested_at"
        case sourceHash = "source_hash"
    }
}
