import Foundation

/// Reads the file behind an attachment's `uri` (step 3, for attachments that are not stored
/// inline). An adapter refuses what it may not read with `uri_not_allowed` before opening
/// anything, a missing file with `not_found`, and a file over its size limit with
/// `attachment_too_large`.
public protocol AttachmentReader: Sendable {
    func read(uri: String) throws -> Data
}
