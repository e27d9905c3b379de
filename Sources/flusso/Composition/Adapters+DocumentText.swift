import DocumentText
import FlussoCore
import LocalStore

extension Adapters {
    /// Step 3's engine pool (`ocr.*`; models load on first use), or nil when `ocr.enabled` is false.
    static func makeDocumentTextExtractor(_ settings: OCRSettings) -> LocalDocumentTextExtractor? {
        guard settings.enabled else { return nil }
        return LocalDocumentTextExtractor(engines: settings.engines, defaults: settings.options, tessdata: settings.tessdata)
    }

    /// The reader of `file://` attachments: only inside `ocr.allowed_roots`, at most
    /// `ocr.max_attachment_bytes` (with no roots, none is read).
    static func makeAttachmentReader(_ settings: OCRSettings) -> any AttachmentReader {
        FileAttachmentReader(allowedRoots: settings.allowedRoots, maxBytes: settings.options.maxBytes)
    }
}
