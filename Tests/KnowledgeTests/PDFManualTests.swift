import FlussoCore
import Foundation
import Testing

@testable import Knowledge

/// A PDF manual's extracted text (built by hand here; the engine's side is in DocumentTextTests)
/// into sections and chunks that know their pages.
@Suite struct PDFManualTests {
    static func page(_ number: Int, _ lines: [(String, Double, Bool)]) -> PageText {
        var page = PageText(number: number, text: lines.map(\.0).joined(separator: "\n"), method: .textLayer, durationMs: 0)
        page.lines = lines.map { TextLine(text: $0.0, fontSize: $0.1, bold: $0.2) }
        return page
    }

    static func document(_ pages: [PageText], outline: [OutlineEntry]? = nil) -> DocumentText {
        var document = DocumentText(format: "pdf", pageCount: pages.count, pages: pages, language: "eng", engine: "test", durationMs: 0)
        document.outline = outline
        return document
    }

    /// Four pages, each with the running header, a footer page number and two body lines.
    static let manual: [PageText] = (1...4).map { number in
        let topic = ["hotend", "heater block", "cooling fan", "nozzle"][number - 1]
        var lines: [(String, Double, Bool)] = [("ACME X200 Service Manual – rev. 7", 9, false)]
        if number == 2 { lines.append(("2.1 Replacing the thermistor", 13, true)) }
        if number == 1 { lines.append(("1 Safety", 16, true)) }
        lines.append(("The \(topic) needs care: read this before you open the case.", 10, false))
        lines.append(("Check the \(topic) for wear, dust and loose screws every month.", 10, false))
        lines.append(("Page \(number) of 4", 9, false))
        return page(number, lines)
    }

    @Test func runningHeadersAndPageNumbersAreDroppedAndFontsGiveTheHeadings() {
        let (text, title) = PDFManual.markdown(Self.document(Self.manual))
        #expect(!text.contains("ACME X200 Service Manual") && !text.contains("of 4"))
        #expect(text.contains("# 1 Safety\n") && text.contains("## 2.1 Replacing the thermistor\n"), "\(text)")
        #expect(title == "1 Safety")
    }

    @Test func theOutlineGivesTheSectionsAndEveryChunkItsPages() {
        let outline = [
            OutlineEntry(title: "1 Safety", level: 1, page: 1), OutlineEntry(title: "2 Maintenance", level: 1, page: 2),
            OutlineEntry(title: "2.1 Replacing the thermistor", level: 2, page: 2),
        ]
        let parsers = DocumentParsers(chunker: MarkdownChunker(settings: ChunkingSettings(maxTokens: 40)), catalogues: [], pdfText: nil)
        let parsed = parsers.pdf(Self.document(Self.manual, outline: outline), path: "/shelf/x200.pdf", documentID: "x200.pdf")
        #expect(parsed.title == "1 Safety" && parsed.sourceFile == "x200.pdf")
        // "2 Maintenance" has no line of its own on page 2: its heading goes on top of the page.
        let sections = parsed.chunks.map { $0.sectionPath }
        #expect(sections.first == ["1 Safety"])
        #expect(sections.contains(["2 Maintenance", "2.1 Replacing the thermistor"]), "\(sections)")
        let thermistor = parsed.chunks.filter { $0.sectionPath.last == "2.1 Replacing the thermistor" }
        #expect(thermistor.first?.pageStart == 2 && thermistor.last?.pageEnd == 4, "\(thermistor.map { ($0.pageStart, $0.pageEnd) })")
        // No marker is left in any text.
        #expect(parsed.chunks.allSatisfy { chunk in !chunk.text.unicodeScalars.contains { $0.value >= 0xE000 && $0.value <= 0xF8FF } })
        let chunk = KnowledgeChunk(
            documentID: "x200.pdf", ordinal: 1, title: parsed.title, sectionPath: thermistor[0].sectionPath, text: thermistor[0].text,
            language: nil, productTypes: [], productModels: [], errorCodes: [], sourceURL: nil, tokenCount: 1, sourceFile: "x200.pdf",
            pageStart: 2, pageEnd: 3)
        #expect(chunk.citation == "x200.pdf, pp. 2–3 — 2.1 Replacing the thermistor")
    }

    @Test func pageNumbersInTheirUsualForms() {
        for text in ["12", "- 12 -", "Page 12", "p. 12", "12 / 300", "Pagina 3 di 40", "Page 3 of 40"] {
            #expect(PDFManual.isPageNumber(text), "\(text)")
        }
        for text in ["12 V supply", "Step 3", "Error 17105", "Chapter 2"] {
            #expect(!PDFManual.isPageNumber(text), "\(text)")
        }
    }

    @Test func markersRoundTrip() {
        let text = "\(PDFManual.marker(3))first line\n\(PDFManual.marker(5))second line"
        let (clean, start, end) = PDFManual.unmark(text)
        #expect(clean == "first line\nsecond line" && start == 3 && end == 5)
    }

    @Test func scannedPagesWithoutFontsAddNoHeadings() {
        let scanned = PageText(number: 1, text: "WARNING\nDisconnect power before service.", method: .ocr, durationMs: 0)
        let (text, title) = PDFManual.markdown(Self.document([scanned]))
        #expect(title == nil && !text.contains("#"))
    }

    @Test func aSidecarTakesTheFrontMattersKeysAndNothingElse() throws {
        let sidecar = try FrontMatter.sidecar("title: X200 Manual\nproduct_models: x200, x210\nerror_codes: [17105]\nlanguage: IT\n")
        #expect(sidecar.title == "X200 Manual" && sidecar.productModels == ["X200", "X210"] && sidecar.errorCodes == ["17105"])
        #expect(sidecar.language == "it")
        for (yaml, message) in [
            ("models: [X200]", "unknown key(s) models"), ("- a\n- b", "must be a mapping"), ("title: [a, b]", "title must be a text"),
            ("product_models: {a: 1}", "product_models must be a list"), ("title: 'open", "not valid YAML"),
        ] {
            #expect(throws: KnowledgeError.self, "\(yaml)") { try FrontMatter.sidecar(yaml) }
            do {
                _ = try FrontMatter.sidecar(yaml)
            } catch let error as KnowledgeError {
                #expect(error.code == "invalid_sidecar" && error.message.contains(message), "\(yaml): \(error.message)")
            }
        }
    }
}
