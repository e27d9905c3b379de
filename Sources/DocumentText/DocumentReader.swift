import CLeptonica
import CPoppler
import FlussoCore
import Foundation

/// The file formats `DocumentReader` reads, recognised by their first bytes (never by name).
enum DocumentFormat: String, Sendable {
    case pdf, png, jpeg, tiff

    static func sniff(_ data: Data) -> DocumentFormat? {
        let head = [UInt8](data.prefix(8))
        func starts(_ bytes: [UInt8]) -> Bool { head.count >= bytes.count && Array(head.prefix(bytes.count)) == bytes }
        if starts([0x25, 0x50, 0x44, 0x46, 0x2D]) { return .pdf }  // %PDF-
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        return nil
    }
}

/// Reads one document on an engine's thread: PDF pages through Poppler's text layer, or, when a
/// page has none, rendered with cairo and OCR'd; images through Leptonica into Tesseract.
/// Synchronous by design: it runs inside `EngineWorker.run`, never on the cooperative pool.
struct DocumentReader {
    var engine: TesseractEngine
    var options: DocumentTextOptions
    var cancel: CancelFlag
    var engineID: String

    /// A page's text layer counts as usable when it has at least this many letters or digits.
    static let minimumTextLayerCharacters = 16
    /// Below this mean confidence a page is checked for orientation (osd) and read again turned.
    static let orientationCheckBelowConfidence = 60.0

    func read(_ data: Data) throws -> DocumentText {
        let start = ContinuousClock.now
        guard data.count <= options.maxBytes else {
            throw FlussoError(
                .attachmentTooLarge, "the document has \(data.count) bytes; at most \(options.maxBytes) are read (ocr.max_attachment_bytes)")
        }
        guard let format = DocumentFormat.sniff(data) else {
            throw FlussoError(.unsupportedType, "not a PDF, PNG, JPEG or TIFF file (unrecognised first bytes)")
        }
        try engine.use(languages: options.languages)
        var result: DocumentText
        switch format {
        case .pdf: result = try readPDF(data)
        case .png, .jpeg, .tiff: result = try readImage(data, format: format)
        }
        result.durationMs = milliseconds(since: start)
        return result
    }

    // MARK: PDF

    private func readPDF(_ data: Data) throws -> DocumentText {
        var gError: UnsafeMutablePointer<GError>?
        let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        guard let document = poppler_document_new_from_bytes(bytes, nil, &gError) else {
            var message = "unreadable PDF"
            var code = FlussoErrorCode.corruptDocument
            if let gError {
                message = String(cString: gError.pointee.message)
                if gError.pointee.domain == poppler_error_quark() && gError.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                    code = .encryptedDocument
                    message = "the PDF is encrypted and needs a password"
                }
                g_error_free(gError)
            }
            throw FlussoError(code, code == .corruptDocument ? "the PDF cannot be read: \(message)" : message)
        }
        defer { flusso_poppler_unref(UnsafeMutableRawPointer(document)) }
        let pageCount = Int(poppler_document_get_n_pages(document))
        guard pageCount > 0 else { throw FlussoError(.corruptDocument, "the PDF has no pages") }
        var pages: [PageText] = []
        var limitReason: String?
        if pageCount > options.maxPages {
            limitReason = "the document has \(pageCount) pages; only the first \(options.maxPages) were read (ocr.max_pages)"
        }
        for index in 0..<min(pageCount, options.maxPages) {
            if cancel.isRaised { throw CancellationError() }
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                pages.append(PageText(number: index + 1, text: "", method: .textLayer, durationMs: 0, note: "page cannot be read"))
                continue
            }
            defer { flusso_poppler_unref(UnsafeMutableRawPointer(page)) }
            let pageStart = ContinuousClock.now
            var text = ""
            if let cText = poppler_page_get_text(page) {
                text = String(cString: cText)
                g_free(cText)
            }
            if Self.isUsableTextLayer(text) {
                var read = PageText(number: index + 1, text: text, method: .textLayer, durationMs: 0)
                if options.layout { read.lines = PDFLayoutReader.lines(of: page, text: text) }
                read.durationMs = milliseconds(since: pageStart)
                pages.append(read)
                continue
            }
            var read = try ocrPDFPage(page, number: index + 1)
            read.durationMs = milliseconds(since: pageStart)
            pages.append(read)
        }
        if limitReason == nil, let skipped = pages.first(where: { $0.isIncomplete }) {
            limitReason = "page \(skipped.number): \(skipped.note!)"
        }
        var result = DocumentText(
            format: "pdf", pageCount: pageCount, pages: pages, language: options.languages, engine: engineID,
            durationMs: 0, truncated: limitReason != nil, limitReason: limitReason)
        if options.layout { result.outline = PDFLayoutReader.outline(of: document) }
        return result
    }

    static func isUsableTextLayer(_ text: String) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars where CharacterSet.alphanumerics.contains(scalar) {
            count += 1
            if count >= minimumTextLayerCharacters { return true }
        }
        return false
    }

    /// Renders a page at `options.dpi` on white (PDF pages are transparent), as 8-bit grey, and OCRs it.
    private func ocrPDFPage(_ page: OpaquePointer, number: Int) throws -> PageText {
        var widthPt = 0.0, heightPt = 0.0
        poppler_page_get_size(page, &widthPt, &heightPt)
        guard widthPt > 0, heightPt > 0, widthPt.isFinite, heightPt.isFinite else {
            return PageText(number: number, text: "", method: .ocr, durationMs: 0, note: "not rendered: the page has no size")
        }
        // A huge page (a PDF bomb, or a poster) is rendered at a lower resolution that fits the
        // pixel budget; below 50 dpi nothing legible is left, so it is skipped.
        var dpi = Double(options.dpi)
        let pixelsAtDPI = widthPt * heightPt * dpi * dpi / (72 * 72)
        var note: String?
        if pixelsAtDPI > Double(options.maxPagePixels) {
            dpi = (Double(options.maxPagePixels) * 72 * 72 / (widthPt * heightPt)).squareRoot().rounded(.down)
            guard dpi >= 50 else {
                return PageText(
                    number: number, text: "", method: .ocr, durationMs: 0,
                    note: "not rendered: \(Int(widthPt))×\(Int(heightPt)) pt is too large even at 50 dpi for the \(options.maxPagePixels)-pixel limit"
                )
            }
            note = "rendered at \(Int(dpi)) dpi instead of \(options.dpi): the page is \(Int(widthPt))×\(Int(heightPt)) pt"
        }
        let scale = dpi / 72.0
        let width = Int((widthPt * scale).rounded()), height = Int((heightPt * scale).rounded())
        guard width > 0, height > 0 else {
            return PageText(number: number, text: "", method: .ocr, durationMs: 0, note: "not rendered: the page has no area")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else {
            throw FlussoError(.ocrFailed, "cannot allocate a \(width)×\(height) page image")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render(page, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        guard let pix = pixCreate(Int32(width), Int32(height), 8) else {
            throw FlussoError(.ocrFailed, "cannot allocate a \(width)×\(height) grey image")
        }
        var owned: UnsafeMutablePointer<PIX>? = pix
        defer { pixDestroy(&owned) }
        pixSetResolution(pix, Int32(dpi), Int32(dpi))
        // RGB24 is one native-endian UInt32 per pixel (0x00RRGGBB); Leptonica packs 8-bit pixels
        // four to a 32-bit word, most significant byte first.
        let source = cairo_image_surface_get_data(surface)!
        let sourceStride = Int(cairo_image_surface_get_stride(surface))
        let target = pixGetData(pix)!
        let wordsPerLine = Int(pixGetWpl(pix))
        for y in 0..<height {
            let row = UnsafeRawPointer(source + y * sourceStride).assumingMemoryBound(to: UInt32.self)
            let line = target + y * wordsPerLine
            var word: UInt32 = 0
            for x in 0..<width {
                let rgb = row[x]
                let grey = ((rgb >> 16 & 0xFF) * 299 + (rgb >> 8 & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000
                word |= grey << UInt32(24 - 8 * (x & 3))
                if x & 3 == 3 {
                    line[x >> 2] = word
                    word = 0
                }
            }
            if width & 3 != 0 { line[width >> 2] = word }
        }
        var result = recognizePage(pix, number: number, dpi: Int(dpi))
        if result.note == nil { result.note = note }
        return result
    }

    // MARK: images

    private func readImage(_ data: Data, format: DocumentFormat) throws -> DocumentText {
        var pages: [PageText] = []
        var pageCount = 1
        var limitReason: String?
        if format == .tiff {
            // Count directories first, so a TIFF bomb is refused before any page is decoded.
            pageCount = Self.tiffPageCount(data)
            guard pageCount > 0 else { throw FlussoError(.corruptDocument, "the TIFF file cannot be read (truncated or damaged)") }
            if pageCount > options.maxPages {
                limitReason = "the document has \(pageCount) pages; only the first \(options.maxPages) were read (ocr.max_pages)"
            }
        }
        for index in 0..<min(pageCount, options.maxPages) {
            if cancel.isRaised { throw CancellationError() }
            let pageStart = ContinuousClock.now
            // Read the header first: an image bomb (a small file declaring a huge image) is
            // skipped before Leptonica allocates its pixels.
            if let (width, height) = Self.headerSize(data, format: format, page: index),
                width * height > options.maxPagePixels
            {
                pages.append(
                    PageText(
                        number: index + 1, text: "", method: .ocr, durationMs: 0,
                        note: "not read: \(width)×\(height) px is over the \(options.maxPagePixels)-pixel limit"))
                continue
            }
            let loaded: UnsafeMutablePointer<PIX>? = data.withUnsafeBytes { raw in
                let base = raw.bindMemory(to: UInt8.self).baseAddress
                return format == .tiff ? pixReadMemTiff(base, raw.count, Int32(index)) : pixReadMem(base, raw.count)
            }
            guard var pix = loaded else {
                if index == 0 {
                    throw FlussoError(.corruptDocument, "the \(format.rawValue.uppercased()) image cannot be decoded (truncated or damaged)")
                }
                pages.append(PageText(number: index + 1, text: "", method: .ocr, durationMs: 0, note: "page cannot be decoded"))
                continue
            }
            var owned: UnsafeMutablePointer<PIX>? = pix
            defer { pixDestroy(&owned) }
            let pixels = Int(pixGetWidth(pix)) * Int(pixGetHeight(pix))
            guard pixels <= options.maxPagePixels else {
                pages.append(
                    PageText(
                        number: index + 1, text: "", method: .ocr, durationMs: 0,
                        note: "not read: \(pixGetWidth(pix))×\(pixGetHeight(pix)) px is over the \(options.maxPagePixels)-pixel limit"))
                continue
            }
            // Colour-mapped images (a 1-bit palette PNG) go to Tesseract without their map, as the CLI does.
            if pixGetColormap(pix) != nil, let plain = pixRemoveColormap(pix, Int32(REMOVE_CMAP_BASED_ON_SRC)) {
                pixDestroy(&owned)
                owned = plain
                pix = plain
            }
            let dpi = Int(pixGetXRes(pix))
            var page = recognizePage(pix, number: index + 1, dpi: dpi > 0 ? dpi : nil)
            page.durationMs = milliseconds(since: pageStart)
            pages.append(page)
        }
        if limitReason == nil, let noted = pages.first(where: { $0.isIncomplete }) {
            limitReason = "page \(noted.number): \(noted.note!)"
        }
        return DocumentText(
            format: format.rawValue, pageCount: pageCount, pages: pages, language: options.languages,
            engine: engineID, durationMs: 0, truncated: limitReason != nil, limitReason: limitReason)
    }

    /// Width and height an image's header declares (nil when the header cannot be read).
    static func headerSize(_ data: Data, format: DocumentFormat, page: Int) -> (Int, Int)? {
        data.withUnsafeBytes { raw -> (Int, Int)? in
            let base = raw.bindMemory(to: UInt8.self).baseAddress
            var width: Int32 = 0, height: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, other: Int32 = 0, format2: Int32 = 0, res: Int32 = 0
            let status =
                format == .tiff
                ? readHeaderMemTiff(base, raw.count, Int32(page), &width, &height, &bps, &spp, &res, &other, &format2)
                : pixReadHeaderMem(base, raw.count, &format2, &width, &height, &bps, &spp, &other)
            return status == 0 ? (Int(width), Int(height)) : nil
        }
    }

    /// Number of images in a TIFF, or 0 when it cannot be read.
    static func tiffPageCount(_ data: Data) -> Int {
        data.withUnsafeBytes { raw -> Int in
            guard let file = fmemopen(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count, "r") else { return 0 }
            defer { fclose(file) }
            var count: Int32 = 0
            return tiffGetCount(file, &count) == 0 ? Int(count) : 0
        }
    }

    // MARK: recognition with orientation and skew

    /// Deskews `pix` when Leptonica finds a clear skew, OCRs it, and when the result is poor asks
    /// `osd` for the page's orientation and, if it is turned, reads the turned page and keeps the
    /// better reading.
    private func recognizePage(_ input: UnsafeMutablePointer<PIX>, number: Int, dpi: Int?) -> PageText {
        var pix = input
        var deskewed: UnsafeMutablePointer<PIX>?
        defer { pixDestroy(&deskewed) }
        var deskewDegrees: Double?
        if let (angle, straight) = Self.deskew(pix) {
            deskewed = straight
            pix = straight
            deskewDegrees = angle
        }
        let deadline = options.secondsPerPage
        var best = engine.recognize(pix, dpi: dpi, deadline: deadline, cancel: cancel)
        var rotation = 0
        if !best.cutShort, best.confidence < Self.orientationCheckBelowConfidence,
            let orientation = engine.detectOrientation(pix), orientation.degrees != 0, orientation.confidence >= 1.0
        {
            // osd reports how far the page is turned counter-clockwise; turning it clockwise by
            // as much puts it upright.
            let quads = Int32(orientation.degrees / 90)
            if let turned = pixRotateOrth(pix, quads) {
                var owned: UnsafeMutablePointer<PIX>? = turned
                defer { pixDestroy(&owned) }
                let second = engine.recognize(turned, dpi: dpi, deadline: deadline, cancel: cancel)
                if second.confidence > best.confidence {
                    best = second
                    rotation = orientation.degrees
                }
            }
        }
        return PageText(
            number: number, text: best.text, method: .ocr, confidence: best.confidence, rotation: rotation,
            deskewDegrees: deskewDegrees, durationMs: 0,
            note: best.cutShort ? "cut short after \(options.secondsPerPage) s (ocr.seconds_per_page); text so far kept" : nil)
    }

    /// A straightened copy of `pix` and the angle corrected, when the skew is clear (≥ 0.5°).
    static func deskew(_ pix: UnsafeMutablePointer<PIX>) -> (Double, UnsafeMutablePointer<PIX>)? {
        var binary = pixGetDepth(pix) == 1 ? pixClone(pix) : pixConvertTo1(pix, 130)
        guard binary != nil else { return nil }
        defer { pixDestroy(&binary) }
        var angle: Float = 0, confidence: Float = 0
        guard pixFindSkew(binary, &angle, &confidence) == 0, confidence >= 3, abs(angle) >= 0.5 else { return nil }
        let radians = angle * .pi / 180
        guard let straight = pixRotate(pix, radians, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0) else { return nil }
        return (Double(angle), straight)
    }
}

extension PageText {
    /// The page was skipped or cut short (a note that only says how it was read does not count).
    var isIncomplete: Bool {
        guard let note else { return false }
        return note.hasPrefix("not ") || note.hasPrefix("cut short") || note.hasPrefix("page cannot")
    }
}
