import DocumentText
import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Logging
import Pipeline
import Testing

/// One extractor for the suite: engines load once, as in the service.
private let extractor = LocalDocumentTextExtractor(engines: 2)

@Suite struct OCRStepTests {
    let directory = TemporaryDirectory()
    let clock = RecordingClock()
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let objects: FileObjectStore
    let outbox: SQLiteOutbox
    var roots: String { directory.path + "/inbox" }

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        objects = try FileObjectStore(root: directory.path + "/objects")
        outbox = SQLiteOutbox(database: database)
        try FileManager.default.createDirectory(atPath: directory.path + "/inbox", withIntermediateDirectories: true)
    }

    func run(_ attachments: [JSONValue], options: DocumentTextOptions = DocumentTextOptions()) async throws -> (Ticket, [StepRecord]) {
        guard case .object(var body) = SampleTickets.validBody else { throw FlussoError(.invalidInput, "sample body") }
        if !attachments.isEmpty { body["attachments"] = .array(attachments) }
        let ticket = try await IntakeService(store: store, objects: objects, signal: WorkSignal(), clock: clock).accept(.object(body))
        let ocr = OCRStep(
            extractor: extractor, objects: objects, options: options, files: FileAttachmentReader(allowedRoots: [roots], maxBytes: options.maxBytes))
        let processor = TicketProcessor(
            steps: StandardPipeline.steps(objects: objects, publisher: outbox, clock: clock, ocr: ocr),
            store: store, runner: StepRunner(clock: clock, jitterSource: { 0.5 }), clock: clock,
            logger: Logger(label: "test"))
        _ = try await processor.process(ticketID: ticket.ticketID)
        let stored = try #require(try await store.ticket(id: ticket.ticketID))
        return (stored, try await store.stepRecords(ticketID: ticket.ticketID))
    }

    func inline(_ type: String, _ data: Data, filename: String? = nil) -> JSONValue {
        var fields: [String: JSONValue] = ["type": .string(type), "content_base64": .string(data.base64EncodedString())]
        if let filename { fields["filename"] = .string(filename) }
        return .object(fields)
    }

    func uri(_ type: String, _ uri: String) -> JSONValue {
        .object(["type": .string(type), "uri": .string(uri)])
    }

    @Test func anInlineScanIsReadAndItsTextAndResultAreStored() async throws {
        let (ticket, records) = try await run([inline("IMAGE", try SharedData.ocr("phototest.tif"), filename: "photo.tif")])
        let attachment = ticket.attachments[0]
        let extraction = try #require(attachment.extraction)
        #expect(extraction.status == .succeeded && extraction.method == "ocr" && extraction.pagesRead == 1)
        #expect(extraction.resultKey == "ocr/\(ticket.ticketID)/att_1.json")
        #expect(
            characterErrorRate(attachment.extractedText ?? "", reference: String(decoding: try SharedData.ocr("phototest.gold.txt"), as: UTF8.self))
                <= 0.03)
        let stored = try FlussoJSON.decoder().decode(DocumentText.self, from: try await objects.get(key: "ocr/\(ticket.ticketID)/att_1.json"))
        #expect(stored.pages.count == 1 && stored.pages[0].method == .ocr && stored.text == attachment.extractedText)
        #expect(ticket.analysisText.contains("The quick brown dog"))
        #expect(records.first { $0.step == .ocr }?.status == .succeeded)
        #expect(ticket.status == .needsReview)
    }

    @Test func badAttachmentsAreMarkedFailedAndTheTicketContinuesWithTheGoodOnes() async throws {
        try Data("secret".utf8).write(to: URL(fileURLWithPath: directory.path + "/secret.pdf"))
        let attachments: [JSONValue] = [
            inline("PDF", Data("%PDF-1.4\n garbage, no objects, no xref".utf8)),
            inline("IMAGE", try SharedData.ocr("linn.png").prefix(3000)),
            inline("IMAGE", Data("GIF89a not supported".utf8)),
            uri("PDF", "file://\(directory.path)/secret.pdf"),
            uri("PDF", "file://\(roots)/../secret.pdf"),
            uri("PDF", "s3://bucket/manual.pdf"),
            uri("PDF", "file://\(SharedData.ocrPath("multipage.pdf"))"),
            inline("TEXT", Data("Log: error E-4711 at 10:02".utf8)),
        ]
        let (ticket, records) = try await run(attachments)
        let codes = ticket.attachments.map { $0.extraction?.code }
        #expect(
            codes == [
                "corrupt_document", "corrupt_document", "unsupported_type", "uri_not_allowed", "uri_not_allowed",
                "unsupported_uri", "uri_not_allowed", nil,
            ])
        #expect(
            ticket.attachments.prefix(7).allSatisfy { $0.extraction?.status == .failed && $0.extractedText == nil && $0.extraction?.reason != nil })
        #expect(ticket.attachments[7].extraction?.status == .succeeded && ticket.attachments[7].extractedText == "Log: error E-4711 at 10:02")
        #expect(records.first { $0.step == .ocr }?.status == .succeeded)
        #expect(ticket.status == .needsReview)
    }

    @Test func aFileURIInsideTheRootsIsReadAndAPageLimitMarksItPartial() async throws {
        let link = roots + "/multipage.pdf"
        try FileManager.default.copyItem(atPath: SharedData.ocrPath("multipage.pdf"), toPath: link)
        var options = DocumentTextOptions()
        options.maxPages = 1
        let (ticket, _) = try await run([uri("PDF", "file://\(link)")], options: options)
        let extraction = try #require(ticket.attachments[0].extraction)
        #expect(extraction.status == .partial)
        #expect(extraction.pagesRead == 1 && extraction.pageCount == 6)
        #expect(extraction.reason?.contains("ocr.max_pages") == true)
        #expect(ticket.attachments[0].extractedText?.contains("tip-toeing") == true)
    }

    @Test func aTicketWithoutAttachmentsSkipsTheStepAndSaysWhy() async throws {
        let (_, records) = try await run([])
        let record = try #require(records.first { $0.step == .ocr })
        #expect(record.status == .skipped && record.detail == "no attachments")
    }

    @Test func withoutAnExtractorTheStepIsSkipped() async throws {
        let outcome = try await OCRStep().run(SampleTickets.ticket(), context: StepContext(records: [], logger: Logger(label: "test")))
        guard case .skipped(let reason) = outcome else {
            Issue.record("expected skipped")
            return
        }
        #expect(reason.contains("no document text extractor"))
    }
}
