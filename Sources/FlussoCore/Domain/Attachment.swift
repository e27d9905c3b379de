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
/// `content_base64` is never kept in the ticket itself.
public struct Attachment: Codable, Sendable, Equatable {
    public var id: String
    public var type: AttachmentType
    public var filename: String?
    public var uri: String?
    public var objectKey: String?
    public var sizeBytes: Int?

    public init(id: String, type: AttachmentType, filename: String? = nil, uri: String? = nil,
                objectKey: String? = nil, sizeBytes: Int? = nil) {
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
    }
}
