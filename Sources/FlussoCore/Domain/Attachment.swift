import Foundation

/// What kind of file an attachment is.
public enum AttachmentType: String, Codable, Sendable, CaseIterable {
    case pdf = "PDF"
    case image = "IMAGE"
    case text = "TEXT"
}

/// A file that came with a ticket.
///
/// Invariant: exactly one of `uri` (a reference the customer gave: `file://`, `s3://`, `http(s)://`)
/// and `objectKey` (inline content that intake moved into the object store) is set. Inline
/// `content_base64` is never kept in the ticket itself. `extractedText` and `extraction` are set
/// by the OCR step (3): the text read from the file, and how reading it went.
public struct Attachment: Codable, Sendable, Equatable {
    public var id: String
    public var type: AttachmentType
    public var filename: String?
    public var uri: String?
    public var objectKey: String?
    public var sizeBytes: Int?
    /// All pages' text (form-feed separated); nil until step 3 read the attachment, or when it failed.
    public var extractedText: String?
    public var extraction: AttachmentExtraction?

    public init(
        id: String, type: AttachmentType, filename: String? = nil, uri: String? = nil,
        objectKey: String? = nil, sizeBytes: Int? = nil
    ) {
        self.id = id
        self.type = type
        self.filename = filename
        self.uri = uri
        self.objectKey = objectKey
        self.sizeBytes = sizeBytes
    }

    enum CodingKeys: String, CodingKey {
        case id, type, filename, uri
        case objectKey = "object_key"
        case sizeBytes = "size_bytes"
        case extractedText = "extracted_text"
        case extraction
    }
}

/// How step 3 went for one attachment. Invariant: `status == .failed` exactly when `reason`
/// says why nothing was read; `.partial` when a limit left part of the document unread
/// (`reason` says which); the full per-page result is the JSON object at `resultKey`.
public struct AttachmentExtraction: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case succeeded, partial, failed
    }

    public var status: Status
    /// A stable code for a failure (`unsupported_type`, `corrupt_document`, `encrypted_document`,
    /// `attachment_too_large`, `uri_not_allowed`, `not_found`, …).
    public var code: String?
    public var reason: String?
    /// `text-layer`, `ocr`, `mixed` or `plain-text`.
    public var method: String?
    public var pagesRead: Int?
    public var pageCount: Int?
    public var meanConfidence: Double?
    public var language: String?
    public var durationMs: Double
    /// Object-store key of the full result (`ocr/{ticket_id}/{attachment_id}.json`).
    public var resultKey: String?

    public init(
        status: Status, code: String? = nil, reason: String? = nil, method: String? = nil, pagesRead: Int? = nil,
        pageCount: Int? = nil, meanConfidence: Double? = nil, language: String? = nil, durationMs: Double,
        resultKey: String? = nil
    ) {
        self.status = status
        self.code = code
        self.reason = reason
        self.method = method
        self.pagesRead = pagesRead
        self.pageCount = pageCount
        self.meanConfidence = meanConfidence
        self.language = language
        self.durationMs = durationMs
        self.resultKey = resultKey
    }

    enum CodingKeys: String, CodingKey {
        case status, code, reason, method
        case pagesRead = "pages_read"
        case pageCount = "page_count"
        case meanConfidence = "mean_confidence"
        case language
        case durationMs = "duration_ms"
        case resultKey = "result_key"
    }
}
