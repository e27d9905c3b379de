import CLeptonica
import CPoppler
import DocumentText
import FlussoCore
import Foundation

/// `../shared/data/ocr` beside the repository (or `FLUSSO_SHARED_DATA/ocr`).
let ocrDataDirectory: String = {
    if let root = ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"] { return root + "/ocr" }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repo.deletingLastPathComponent().appendingPathComponent("shared/data/ocr").path
}()

func sample(_ name: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: ocrDataDirectory + "/" + name))
}

func reference(_ name: String) throws -> String {
    String(decoding: try sample(name), as: UTF8.self)
}

/// One extractor (two engines) for the whole test process: models load once, as in the service.
let sharedExtractor = LocalDocumentTextExtractor(engines: 2)

/// Character error rate: Levenshtein distance over characters of the whitespace-normalised texts,
/// divided by the reference length (the measure `scripts/bench-ocr` reports).
func characterErrorRate(_ hypothesis: String, reference: String) -> Double {
    let h = Array(normaliseWhitespace(hypothesis)), r = Array(normaliseWhitespace(reference))
    guard !r.isEmpty else { return h.isEmpty ? 0 : 1 }
    var previous = Array(0...h.count)
    var current = [Int](repeating: 0, count: h.count + 1)
    for i in 1...r.count {
        current[0] = i
        for j in 1...max(h.count, 1) where j <= h.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return Double(previous[h.count]) / Double(r.count)
}

func normaliseWhitespace(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}

/// Reads an image with Leptonica, applies `transform`, and encodes the result (PNG by default).
func transformedImage(
    _ name: String, format: Int32 = Int32(IFF_PNG),
    _ transform: (UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>?
) throws -> Data {
    let data = try sample(name)
    var pix: UnsafeMutablePointer<PIX>? = data.withUnsafeBytes { pixReadMem($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
    defer { pixDestroy(&pix) }
    var out: UnsafeMutablePointer<PIX>? = transform(pix!)
    defer { pixDestroy(&out) }
    var bytes: UnsafeMutablePointer<UInt8>?
    var size = 0
    guard pixWriteMem(&bytes, &size, out, format) == 0, let bytes else { throw FlussoError(.internalError, "cannot encode image") }
    defer { free(bytes) }
    return Data(bytes: bytes, count: size)
}

/// A multi-page TIFF of the given samples, built with Leptonica.
func multipageTIFF(_ names: [String]) throws -> Data {
    let path = NSTemporaryDirectory() + "flusso-ocr-\(UUID().uuidString).tif"
    defer { try? FileManager.default.removeItem(atPath: path) }
    for (index, name) in names.enumerated() {
        let data = try sample(name)
        var pix: UnsafeMutablePointer<PIX>? = data.withUnsafeBytes { pixReadMem($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
        defer { pixDestroy(&pix) }
        guard pixWriteTiff(path, pix, Int32(IFF_TIFF_G4), index == 0 ? "w" : "a") == 0 else {
            throw FlussoError(.internalError, "cannot write TIFF")
        }
    }
    return try Data(contentsOf: URL(fileURLWithPath: path))
}

/// A PDF of `pages` pages with a real text layer ("Page N: error E-4711 …"), written with cairo.
func textLayerPDF(pages: Int) throws -> Data {
    let path = NSTemporaryDirectory() + "flusso-ocr-\(UUID().uuidString).pdf"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let surface = cairo_pdf_surface_create(path, 595, 842)
    let cr = cairo_create(surface)
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, 12)
    for page in 1...pages {
        for line in 0..<20 {
            cairo_move_to(cr, 50, 60 + Double(line) * 18)
            cairo_show_text(cr, "Page \(page) line \(line): the controller reports error E-4711 after reset.")
        }
        cairo_show_page(cr)
    }
    cairo_destroy(cr)
    cairo_surface_finish(surface)
    cairo_surface_destroy(surface)
    return try Data(contentsOf: URL(fileURLWithPath: path))
}

/// A syntactically valid PDF of `pages` empty pages of `size` points square (a "PDF bomb" when
/// both are large), with a correct cross-reference table.
func emptyPagesPDF(pages: Int, size: Int) -> Data {
    var out = "%PDF-1.4\n"
    var offsets: [Int] = []
    func object(_ number: Int, _ body: String) {
        offsets.append(out.utf8.count)
        out += "\(number) 0 obj\n\(body)\nendobj\n"
    }
    object(1, "<< /Type /Catalog /Pages 2 0 R >>")
    let kids = (0..<pages).map { "\($0 + 3) 0 R" }.joined(separator: " ")
    object(2, "<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
    for index in 0..<pages {
        object(index + 3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(size) \(size)] >>")
    }
    let xref = out.utf8.count
    out += "xref\n0 \(pages + 3)\n0000000000 65535 f \n"
    for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
    out += "trailer\n<< /Size \(pages + 3) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
    return Data(out.utf8)
}

/// Runs `body` and returns the `FlussoError` code it threw (nil when it did not throw one).
func errorCode(_ body: () async throws -> DocumentText) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch let error as FlussoError {
        return error.code.name
    } catch {
        return "\(type(of: error))"
    }
}
