import DocumentText
import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// The layout a manual's sections come from, read by the real engine from a PDF cairo wrote: the
/// outline (bookmarks) and each line's font size and weight.
@Suite struct PDFLayoutTests {
    @Test func theOutlineAndTheFontsAreRead() async throws {
        let directory = TemporaryDirectory("flusso-layout")
        let path = directory.file("x200.pdf")
        let pages = ManualPDF.write(to: path, sections: ManualPDF.sample)
        let extractor = LocalDocumentTextExtractor(engines: 1)
        defer { Task { await extractor.shutdown() } }
        var options = DocumentTextOptions(layout: true)
        options.maxPages = 100
        let read = try await extractor.extract(try Data(contentsOf: URL(fileURLWithPath: path)), filename: "x200.pdf", options: options)
        let outline = try #require(read.outline)
        #expect(outline.map(\.title) == ManualPDF.sample.map(\.title))
        #expect(outline.map(\.level) == ManualPDF.sample.map(\.level))
        #expect(outline.map(\.page) == pages.map { Optional($0) })
        let lines = read.pages.flatMap { $0.lines ?? [] }
        let heading = try #require(lines.first { $0.text == "2.1 Replacing the thermistor" })
        #expect(heading.fontSize == 13 && heading.bold)
        let body = try #require(lines.first { $0.text.hasPrefix("A thermistor that reads wrong") })
        #expect(body.fontSize == 10 && !body.bold)
        // Without the layout asked for, none is read.
        let plain = try await extractor.extract(
            try Data(contentsOf: URL(fileURLWithPath: path)), filename: "x200.pdf", options: DocumentTextOptions())
        #expect(plain.outline == nil && plain.pages.allSatisfy { $0.lines == nil })
    }
}
