import CLeptonica
import CPoppler
import FlussoCore
import Foundation

/// The local `DocumentTextExtractor`: Poppler's text layer for PDFs, and Tesseract + Leptonica
/// (in-process, through the C APIs) for images and for PDF pages without a usable text layer.
///
/// Holds a pool of `engines` Tesseract handles, each loaded once and used from its own thread
/// (`EnginePool`), so up to `engines` documents are read at once and none pays a model load per page.
///
/// Requires `OMP_THREAD_LIMIT=1` in the environment *before the process starts* (libgomp reads it
/// at load time): without it each Tesseract page spawns OpenMP threads that fight the other
/// workers for the cores (measured 8× slower). The `flusso` executable re-executes itself once
/// with it set; tests and scripts set it in their launchers.
public final class LocalDocumentTextExtractor: DocumentTextExtractor {
    public let engineID: String
    public let defaults: DocumentTextOptions
    private let pool: EnginePool

    /// `tessdata`: the directory of the `.traineddata` files (nil: `TESSDATA_PREFIX`, then
    /// `/usr/share/tesseract-ocr/5/tessdata`). Models load lazily on each engine's first page,
    /// or at once with `warmUp()`.
    public init(engines: Int, defaults: DocumentTextOptions = DocumentTextOptions(), tessdata: String? = nil) {
        let directory = tessdata ?? Self.defaultTessdata
        self.defaults = defaults
        pool = EnginePool(count: engines, tessdata: directory, languages: defaults.languages)
        let poppler = String(cString: poppler_get_version())
        engineID = "\(TesseractEngine.version)+poppler-\(poppler)"
        // Leptonica reports every decoding problem on stderr; we report them as errors instead.
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    }

    /// Loads every engine's models now (~110 ms each for ita+eng) instead of on first use.
    public func warmUp() async throws {
        try await pool.warmUp()
    }

    /// Ends and deletes the Tesseract handles (call before exit, or Tesseract reports leaks).
    public func shutdown() async {
        await pool.shutdown()
    }

    public func extract(_ data: Data, filename: String?, options: DocumentTextOptions) async throws -> DocumentText {
        // Checked here too, so an oversized input never waits for an engine.
        guard data.count <= options.maxBytes else {
            throw FlussoError(
                .attachmentTooLarge, "the document has \(data.count) bytes; at most \(options.maxBytes) are read (ocr.max_attachment_bytes)")
        }
        let cancel = CancelFlag()
        let engineID = engineID
        return try await withTaskCancellationHandler {
            try await pool.withEngine { engine in
                try DocumentReader(engine: engine, options: options, cancel: cancel, engineID: engineID).read(data)
            }
        } onCancel: {
            cancel.raise()
        }
    }

    public func extract(_ data: Data, filename: String? = nil) async throws -> DocumentText {
        try await extract(data, filename: filename, options: defaults)
    }

    static var defaultTessdata: String {
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty { return prefix }
        return "/usr/share/tesseract-ocr/5/tessdata"
    }
}
