import CLeptonica
import DocumentText
import FlussoCore
import Foundation
import Testing

@Suite("Recognition on real scans")
struct RecognitionTests {
    @Test("eurotext.tif (English, French, Italian…) is read with a low character error rate")
    func eurotext() async throws {
        let result = try await sharedExtractor.extract(try sample("eurotext.tif"))
        let cer = characterErrorRate(result.text, reference: try reference("eurotext.txt"))
        print("eurotext CER", cer, result.meanConfidence ?? -1, result.durationMs)
        #expect(result.format == "tiff")
        #expect(result.pages.count == 1 && result.pages[0].method == .ocr)
        #expect(cer <= 0.05)
    }

    @Test("phototest.tif matches its gold text")
    func phototest() async throws {
        let result = try await sharedExtractor.extract(try sample("phototest.tif"))
        let cer = characterErrorRate(result.text, reference: try reference("phototest.gold.txt"))
        print("phototest CER", cer, result.meanConfidence ?? -1, result.durationMs)
        #expect(cer <= 0.03)
    }

    @Test("an image-only PDF page is rendered and OCR'd")
    func imageOnlyPDF() async throws {
        let result = try await sharedExtractor.extract(try sample("linn.pdf"))
        let cer = characterErrorRate(result.text, reference: try reference("linn.txt"))
        print("linn.pdf CER", cer, result.meanConfidence ?? -1, result.durationMs)
        #expect(result.format == "pdf")
        #expect(result.pages.map(\.method) == [.ocr])
        #expect(cer <= 0.05)
    }

    @Test("in a mixed PDF the page with a text layer is read from it and the image pages are OCR'd")
    func mixedPDF() async throws {
        let result = try await sharedExtractor.extract(try sample("multipage.pdf"))
        #expect(result.pageCount == 6)
        #expect(result.pages.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(result.pages.map(\.method) == [.ocr, .ocr, .ocr, .textLayer, .ocr, .ocr])
        #expect(result.method == "mixed")
        #expect(result.pages[3].confidence == nil)
        #expect(result.pages[4].text.contains("Cock-lane ghost"))
        // Page 2 is 2160 pt square: 81 Mpx at 300 dpi, so it is rendered at a lower resolution.
        #expect(result.pages[1].note?.hasPrefix("rendered at ") == true)
        #expect(!result.truncated)
    }

    @Test("a PDF with a text layer is read from the layer, every page, without OCR")
    func textLayerPDF() async throws {
        let result = try await sharedExtractor.extract(try DocumentTextTests.textLayerPDF(pages: 40))
        #expect(result.pageCount == 40 && result.pages.count == 40)
        #expect(result.method == "text-layer" && result.meanConfidence == nil)
        #expect(result.pages[31].text.contains("Page 32 line 3: the controller reports error E-4711"))
    }

    @Test("every page of a multi-page TIFF is read, in order")
    func multipageTIFF() async throws {
        let result = try await sharedExtractor.extract(try DocumentTextTests.multipageTIFF(["phototest.tif", "eurotext.tif"]))
        #expect(result.format == "tiff" && result.pageCount == 2 && result.pages.count == 2)
        #expect(characterErrorRate(result.pages[0].text, reference: try reference("phototest.gold.txt")) <= 0.03)
        #expect(characterErrorRate(result.pages[1].text, reference: try reference("eurotext.txt")) <= 0.05)
    }

    @Test("a scan upside down is detected (osd), turned upright and read")
    func rotatedScan() async throws {
        let turned = try transformedImage("phototest.tif") { pixRotateOrth($0, 2) }
        let result = try await sharedExtractor.extract(turned)
        let cer = characterErrorRate(result.text, reference: try reference("phototest.gold.txt"))
        #expect(result.pages[0].rotation == 180)
        #expect(cer <= 0.03)
    }

    @Test("a scan skewed by 3° is deskewed and read")
    func skewedScan() async throws {
        let skewed = try transformedImage("phototest.tif") { pixRotate($0, 3 * .pi / 180, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE), 0, 0) }
        let result = try await sharedExtractor.extract(skewed)
        let cer = characterErrorRate(result.text, reference: try reference("phototest.gold.txt"))
        let corrected = try #require(result.pages[0].deskewDegrees)
        #expect(abs(abs(corrected) - 3) < 0.5)
        #expect(cer <= 0.03)
    }

    @Test("light text on a dark band (as on a display in a photo) is read, with Tesseract's per-word inversion off")
    func invertedScan() async throws {
        // The lower half turned white-on-black, as a dark display band in a photo.
        let dark = try transformedImage("phototest.tif") { pix in
            let copy = pixCopy(nil, pix)!
            let (w, h) = (pixGetWidth(copy), pixGetHeight(copy))
            // 0x0a is PIX_NOT(PIX_DST): the lower half inverted.
            pixRasterop(copy, 0, h / 2, w, h - h / 2, 0x0a, nil, 0, 0)
            return copy
        }
        let result = try await sharedExtractor.extract(dark)
        let cer = characterErrorRate(result.text, reference: try reference("phototest.gold.txt"))
        #expect(cer <= 0.05)
    }

    @Test("a JPEG photo is read")
    func jpeg() async throws {
        let photo = try transformedImage("phototest.tif", format: Int32(IFF_JFIF_JPEG)) { pixConvertTo8($0, 0) }
        let result = try await sharedExtractor.extract(photo)
        #expect(result.format == "jpeg")
        #expect(characterErrorRate(result.text, reference: try reference("phototest.gold.txt")) <= 0.03)
    }

    @Test("engines work in parallel and give each caller its own document's text")
    func concurrentCallers() async throws {
        let photo = try sample("phototest.tif"), euro = try sample("eurotext.tif")
        let texts = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<4 {
                group.addTask { (index, try await sharedExtractor.extract(index.isMultiple(of: 2) ? photo : euro).text) }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        #expect(texts[0] == texts[2] && texts[1] == texts[3])
        #expect(characterErrorRate(texts[0]!, reference: try reference("phototest.gold.txt")) <= 0.03)
        #expect(characterErrorRate(texts[1]!, reference: try reference("eurotext.txt")) <= 0.05)
    }
}
