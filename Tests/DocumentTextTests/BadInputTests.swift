import DocumentText
import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite("Bad input and limits")
struct BadInputTests {
    let extractor = sharedExtractor

    @Test("a corrupt PDF is refused as corrupt_document")
    func corruptPDF() async throws {
        let data = Data("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage \u{0}\u{1}\u{2} no xref".utf8)
        #expect(await errorCode { try await extractor.extract(data) } == "corrupt_document")
    }

    @Test("a PDF cut in half is refused as corrupt_document")
    func truncatedPDF() async throws {
        let data = try sample("linn.pdf")
        let code = await errorCode { try await extractor.extract(data.prefix(data.count / 2)) }
        #expect(code == "corrupt_document")
    }

    @Test("an encrypted PDF is refused as encrypted_document")
    func encrypted() async throws {
        #expect(await errorCode { try await extractor.extract(encryptedPDF()) } == "encrypted_document")
    }

    @Test("a truncated PNG is refused as corrupt_document")
    func truncatedPNG() async throws {
        let data = try sample("linn.png")
        #expect(await errorCode { try await extractor.extract(data.prefix(2000)) } == "corrupt_document")
    }

    @Test("a truncated TIFF is refused as corrupt_document")
    func truncatedTIFF() async throws {
        let data = try sample("eurotext.tif")
        #expect(await errorCode { try await extractor.extract(data.prefix(100)) } == "corrupt_document")
    }

    @Test("text, ZIP and empty inputs are refused as unsupported_type")
    func unsupported() async throws {
        for data in [Data("Error E42: fan stalled".utf8), Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]), Data()] {
            #expect(await errorCode { try await extractor.extract(data) } == "unsupported_type")
        }
    }

    @Test("a document over ocr.max_attachment_bytes is refused before it is parsed")
    func tooLarge() async throws {
        var options = extractor.defaults
        options.maxBytes = 1000
        let data = try sample("phototest.tif")
        #expect(await errorCode { try await extractor.extract(data, filename: nil, options: options) } == "attachment_too_large")
    }

    @Test("a PDF bomb (5,000 pages of 200 inches square) is read only up to the page limit, pages skipped")
    func pdfBomb() async throws {
        var options = extractor.defaults
        options.maxPages = 3
        let result = try await extractor.extract(emptyPagesPDF(pages: 5000, size: 14_400), filename: nil, options: options)
        #expect(result.pageCount == 5000)
        #expect(result.pages.count == 3)
        #expect(result.truncated)
        #expect(result.limitReason?.contains("ocr.max_pages") == true)
        #expect(result.pages.allSatisfy { $0.note?.hasPrefix("not rendered") == true })
    }

    @Test("pages past ocr.max_pages are left out and the result says so")
    func pageLimit() async throws {
        var options = extractor.defaults
        options.maxPages = 2
        let result = try await extractor.extract(try textLayerPDF(pages: 5), filename: nil, options: options)
        #expect(result.pageCount == 5 && result.pages.map(\.number) == [1, 2])
        #expect(result.truncated)
        #expect(result.limitReason == "the document has 5 pages; only the first 2 were read (ocr.max_pages)")
    }

    @Test("a multi-page TIFF over ocr.max_pages is read in part")
    func tiffPageLimit() async throws {
        var options = extractor.defaults
        options.maxPages = 1
        let result = try await extractor.extract(
            try multipageTIFF(["phototest.tif", "eurotext.tif", "phototest.tif"]), filename: nil, options: options)
        #expect(result.pageCount == 3 && result.pages.count == 1 && result.truncated)
    }

    @Test("a page over ocr.seconds_per_page is cut short, keeps what was read, and the document says so")
    func secondsPerPage() async throws {
        var options = extractor.defaults
        options.secondsPerPage = 0.001
        let result = try await extractor.extract(try sample("eurotext.tif"), filename: nil, options: options)
        #expect(result.truncated)
        #expect(result.pages[0].note?.hasPrefix("cut short") == true)
        #expect(result.limitReason?.contains("ocr.seconds_per_page") == true)
    }

    @Test("an unknown language is refused and the engine stays usable")
    func badLanguage() async throws {
        var options = extractor.defaults
        options.languages = "xx_nonexistent"
        let data = try sample("phototest.tif")
        #expect(await errorCode { try await extractor.extract(data, filename: nil, options: options) } == "invalid_languages")
        let after = try await extractor.extract(data)
        #expect(characterErrorRate(after.text, reference: try reference("phototest.gold.txt")) <= 0.03)
    }
}

@Suite("Image bombs")
struct ImageBombTests {
    @Test("an image declaring more pixels than ocr.max_page_pixels is skipped before it is decoded")
    func hugeImage() async throws {
        var options = sharedExtractor.defaults
        options.maxPagePixels = 1_000_000
        let result = try await sharedExtractor.extract(try sample("linn.png"), filename: nil, options: options)
        #expect(result.pages.count == 1 && result.pages[0].text.isEmpty)
        #expect(result.pages[0].note == "not read: 2550×3300 px is over the 1000000-pixel limit")
        #expect(result.truncated)
    }
}
