import DocumentText
import FlussoCore

extension Adapters {
    /// Step 3's engine pool (`ocr.*`; models load on first use), or nil when `ocr.enabled` is false.
    static func makeDocumentTextExtractor(_ settings: OCRSettings) -> LocalDocumentTextExtractor? {
        guard settings.enabled else { return nil }
        return LocalDocumentTextExtractor(engines: settings.engines, defaults: settings.options, tessdata: settings.tessdata)
    }
}
