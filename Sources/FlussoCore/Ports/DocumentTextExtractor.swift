import Foundation

/// Turns an attachment's bytes into text (step 3). Local: Poppler's text layer, and Tesseract +
/// Leptonica for images and scanned pages (`DocumentText`); hybrid: Textract.
///
/// Invariants: `extract` never reads anything but `data`; a document it cannot read at all throws
/// a permanent `FlussoError` whose code says why (`unsupported_type`, `corrupt_document`,
/// `encrypted_document`, `attachment_too_large`); a document that is read only in part (a limit
/// was reached) returns the pages it did read with `truncated == true` and the reason in
/// `limitReason`. Implementations are safe to call from many tasks at once.
public protocol DocumentTextExtractor: Sendable {
    /// Identifies the engine and its languages, e.g. `tesseract-5.3.0+poppler-22.12.0 ita+eng`.
    var engineID: String { get }
    func extract(_ data: Data, filename: String?, options: DocumentTextOptions) async throws -> DocumentText
}

/// Per-call settings and limits of a text extraction.
public struct DocumentTextOptions: Sendable, Equatable {
    /// Tesseract language list, `+`-separated, in priority order (default `ita+eng`: with `eng`
    /// first Tesseract reads "più" as "piu").
    public var languages: String
    /// Resolution at which PDF pages without a text layer are rendered for OCR.
    public var dpi: Int
    /// Larger inputs are refused (`attachment_too_large`).
    public var maxBytes: Int
    /// Pages beyond this are not read; the result says so.
    public var maxPages: Int
    /// Recognition of one page stops after this long; the result says which page was cut short.
    public var secondsPerPage: Double
    /// Largest page to render, in pixels (width × height at `dpi`); larger pages are not OCR'd.
    public var maxPagePixels: Int
    /// Also read the layout a manual's sections come from: each text-layer page's lines with
    /// their font size and weight (`PageText.lines`), and the PDF's outline (`DocumentText.outline`).
    public var layout: Bool

    public init(
        languages: String = "ita+eng", dpi: Int = 300, maxBytes: Int = 32 << 20, maxPages: Int = 50,
        secondsPerPage: Double = 20, maxPagePixels: Int = 40_000_000, layout: Bool = false
    ) {
        self.languages = languages
        self.dpi = dpi
        self.maxBytes = maxBytes
        self.maxPages = maxPages
        self.secondsPerPage = secondsPerPage
        self.maxPagePixels = maxPagePixels
        self.layout = layout
    }
}

/// How a page's text was obtained.
public enum TextMethod: String, Codable, Sendable, Hashable {
    /// The PDF's own text layer (Poppler).
    case textLayer = "text-layer"
    /// Optical character recognition (Tesseract).
    case ocr
}

/// The text of one page.
public struct PageText: Codable, Sendable, Equatable {
    /// 1-based page number.
    public var number: Int
    public var text: String
    public var method: TextMethod
    /// Tesseract's mean word confidence 0–100; nil for a text layer.
    public var confidence: Double?
    /// Clockwise rotation applied before recognition (0, 90, 180, 270), from orientation detection.
    public var rotation: Int?
    /// Skew corrected before recognition, in degrees.
    public var deskewDegrees: Double?
    public var durationMs: Double
    /// Set when this page was cut short (time limit) or skipped (too large to render).
    public var note: String?
    /// The page's lines with their font, when the layout was asked for and the page has a text
    /// layer (an OCR'd page has none).
    public var lines: [TextLine]?

    public init(
        number: Int, text: String, method: TextMethod, confidence: Double? = nil, rotation: Int? = nil,
        deskewDegrees: Double? = nil, durationMs: Double, note: String? = nil
    ) {
        self.number = number
        self.text = text
        self.method = method
        self.confidence = confidence
        self.rotation = rotation
        self.deskewDegrees = deskewDegrees
        self.durationMs = durationMs
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case number, text, method, confidence, rotation
        case deskewDegrees = "deskew_degrees"
        case durationMs = "duration_ms"
        case note, lines
    }
}

/// One line of a page's text layer with the largest font on it.
public struct TextLine: Codable, Sendable, Equatable {
    public var text: String
    /// Points.
    public var fontSize: Double
    /// The line's font is a bold (or heavier) face.
    public var bold: Bool

    public init(text: String, fontSize: Double, bold: Bool) {
        self.text = text
        self.fontSize = fontSize
        self.bold = bold
    }

    enum CodingKeys: String, CodingKey {
        case text, bold
        case fontSize = "font_size"
    }
}

/// One entry of a PDF's outline (its bookmarks), in document order.
public struct OutlineEntry: Codable, Sendable, Equatable {
    public var title: String
    /// 1 for a top-level entry.
    public var level: Int
    /// The 1-based page it points to, when it points to one.
    public var page: Int?

    public init(title: String, level: Int, page: Int?) {
        self.title = title
        self.level = level
        self.page = page
    }
}

/// What an extraction produced for one document: the JSON stored under
/// `ocr/{ticket_id}/{attachment_id}.json` and printed by `flusso ocr --json`.
///
/// Invariant: `pages` are in page order; `pageCount` ≥ `pages.count` (the difference is what a
/// limit left unread, and then `truncated` is true with the reason in `limitReason`).
public struct DocumentText: Codable, Sendable, Equatable {
    /// `pdf`, `png`, `jpeg` or `tiff`.
    public var format: String
    public var pageCount: Int
    public var pages: [PageText]
    /// `text-layer`, `ocr` or `mixed`.
    public var method: String
    /// Mean of the OCR'd pages' confidences; nil when no page was OCR'd.
    public var meanConfidence: Double?
    public var language: String
    public var engine: String
    public var durationMs: Double
    public var truncated: Bool
    public var limitReason: String?
    /// The PDF's outline, when the layout was asked for (empty: the PDF has none).
    public var outline: [OutlineEntry]?

    public init(
        format: String, pageCount: Int, pages: [PageText], language: String, engine: String, durationMs: Double,
        truncated: Bool = false, limitReason: String? = nil
    ) {
        self.format = format
        self.pageCount = pageCount
        self.pages = pages
        self.language = language
        self.engine = engine
        self.durationMs = durationMs
        self.truncated = truncated
        self.limitReason = limitReason
        let methods = Set(pages.map(\.method))
        method = methods.count > 1 ? "mixed" : (methods.first ?? .textLayer).rawValue
        let confidences = pages.compactMap(\.confidence)
        meanConfidence = confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count)
    }

    /// All pages' text, separated by form feeds (as `pdftotext` does).
    public var text: String {
        pages.map(\.text).joined(separator: "\u{0C}")
    }

    enum CodingKeys: String, CodingKey {
        case format
        case pageCount = "page_count"
        case pages, method
        case meanConfidence = "mean_confidence"
        case language, engine
        case durationMs = "duration_ms"
        case truncated, outline
        case limitReason = "limit_reason"
    }
}
