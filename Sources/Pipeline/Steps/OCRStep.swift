import FlussoCore
import Foundation

/// The design's step 3, text of attachments: PDFs (text layer, or OCR of rendered pages) and
/// images (OCR) through the `DocumentTextExtractor` port; `TEXT` attachments are decoded as UTF-8.
///
/// - No extractor configured: `.skipped` with the reason, never faked.
/// - A ticket without attachments: `.skipped(reason: "no attachments")` — nothing to do is not
///   work done, and the record says so.
/// - Each attachment gets `extracted_text` and an `extraction` status (`succeeded`, `partial`
///   when a limit cut the document short, `failed` with the reason); the full result is stored as
///   JSON under `ocr/{ticket_id}/{attachment_id}.json`. One attachment failing (corrupt,
///   encrypted, unsupported, too large, outside the allowed roots) never fails the ticket: it
///   continues without that attachment. Only object-store errors (transient) are thrown, so the
///   step is retried.
public struct OCRStep: PipelineStep {
    public let name = StepName.ocr
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    /// The longest step 3 may take for one ticket's attachments, by default (`ocr.step_timeout_s`).
    public static let defaultTimeout: Duration = .seconds(300)
    private let extractor: (any DocumentTextExtractor)?
    private let objects: (any ObjectStore)?
    private let options: DocumentTextOptions
    private let files: (any AttachmentReader)?

    /// The step without an engine: always skipped.
    public init(timeout: Duration = .seconds(120)) {
        self.timeout = timeout
        extractor = nil
        objects = nil
        options = DocumentTextOptions()
        files = nil
    }

    /// `files` reads attachments given by `file://` URI (nil: none is read).
    public init(
        extractor: any DocumentTextExtractor, objects: any ObjectStore, options: DocumentTextOptions,
        files: (any AttachmentReader)?, timeout: Duration = OCRStep.defaultTimeout
    ) {
        self.timeout = timeout
        self.extractor = extractor
        self.objects = objects
        self.options = options
        self.files = files
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let extractor, let objects else {
            return .skipped(reason: "no document text extractor (Poppler/Tesseract) is configured")
        }
        guard !ticket.attachments.isEmpty else {
            return .skipped(reason: "no attachments")
        }
        var ticket = ticket
        var summary: [String] = []
        for index in ticket.attachments.indices {
            try Task.checkCancellation()
            let attachment = ticket.attachments[index]
            let start = ContinuousClock.now
            let resultKey = "ocr/\(ticket.ticketID)/\(attachment.id).json"
            do {
                let data = try await content(of: attachment, objects: objects)
                let text: DocumentText
                if attachment.type == .text {
                    text = try Self.plainText(data, options: options, engine: "utf-8")
                } else {
                    text = try await extractor.extract(data, filename: attachment.filename, options: options)
                }
                try await objects.put(try FlussoJSON.encode(text, pretty: true), key: resultKey)
                ticket.attachments[index].extractedText = text.text
                ticket.attachments[index].extraction = AttachmentExtraction(
                    status: text.truncated ? .partial : .succeeded, reason: text.limitReason,
                    method: attachment.type == .text ? "plain-text" : text.method, pagesRead: text.pages.count,
                    pageCount: text.pageCount, meanConfidence: text.meanConfidence, language: text.language,
                    durationMs: milliseconds(since: start), resultKey: resultKey)
                summary.append(
                    "\(attachment.id) \(text.truncated ? "partial" : "read") (\(text.pages.count)/\(text.pageCount) page(s), \(text.method))")
            } catch let error as FlussoError where error.kind == .permanent {
                ticket.attachments[index].extractedText = nil
                ticket.attachments[index].extraction = AttachmentExtraction(
                    status: .failed, code: error.code.name, reason: error.message, durationMs: milliseconds(since: start))
                summary.append("\(attachment.id) failed (\(error.code))")
                context.logger.notice(
                    "attachment not read",
                    metadata: [
                        "ticket_id": "\(ticket.ticketID)", "attachment_id": "\(attachment.id)", "error": "\(error)",
                    ])
            }
        }
        return .completed(ticket, detail: summary.joined(separator: "; "))
    }

    /// The attachment's bytes: from the object store (inline uploads) or a `file://` URI inside
    /// the allowed roots. Other schemes are not fetched by the local pipeline.
    private func content(of attachment: Attachment, objects: any ObjectStore) async throws -> Data {
        if let key = attachment.objectKey {
            do {
                return try await objects.get(key: key)
            } catch let error as FlussoError where error.code == .notFound {
                throw FlussoError(.attachmentMissing, "attachment \(attachment.id) is not in the object store (key \(key))")
            }
        }
        guard let uri = attachment.uri else {
            throw FlussoError(.validationFailed, "attachment \(attachment.id) has neither content nor a uri")
        }
        if uri.lowercased().hasPrefix("file:") {
            guard let files else { throw FlussoError(.uriNotAllowed, "file:// attachments are not read: no attachment reader is configured") }
            return try files.read(uri: uri)
        }
        let scheme = uri.split(separator: ":").first.map(String.init) ?? uri
        throw FlussoError(.unsupportedURI, "\(scheme):// attachments are not fetched by the local pipeline (only file:// inside ocr.allowed_roots)")
    }

    /// A `TEXT` attachment: UTF-8 (invalid bytes replaced), one page.
    static func plainText(_ data: Data, options: DocumentTextOptions, engine: String) throws -> DocumentText {
        guard data.count <= options.maxBytes else {
            throw FlussoError(
                .attachmentTooLarge, "the document has \(data.count) bytes; at most \(options.maxBytes) are read (ocr.max_attachment_bytes)")
        }
        let text = String(decoding: data, as: UTF8.self)
        return DocumentText(
            format: "text", pageCount: 1, pages: [PageText(number: 1, text: text, method: .textLayer, durationMs: 0)],
            language: options.languages, engine: engine, durationMs: 0)
    }
}
