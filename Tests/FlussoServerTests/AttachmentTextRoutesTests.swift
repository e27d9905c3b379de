import DocumentText
import FlussoCore
import FlussoTestSupport
import Foundation
import Pipeline
import Testing

@Suite struct AttachmentTextRoutesTests {
    @Test func aTicketShowsEachAttachmentsExtractedTextAndStatusAsDocumented() async throws {
        let harness = try APIHarness()
        let extractor = LocalDocumentTextExtractor(engines: 1)
        let scan = try SharedData.ocr("phototest.tif").base64EncodedString()
        let body = """
        {"customer": {"id": "cust-7"}, "symptom_text": "Screen shows an error, photo attached",
         "attachments": [
           {"type": "IMAGE", "filename": "screen.tif", "content_base64": "\(scan)"},
           {"type": "PDF", "filename": "broken.pdf", "content_base64": "\(Data("%PDF-1.7 truncated".utf8).base64EncodedString())"},
           {"type": "PDF", "uri": "file:///etc/passwd"}
         ]}
        """
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: body).json["ticket_id"] as? String)
            try await harness.processQueued(ocr: OCRStep(extractor: extractor, objects: harness.objects,
                                                         options: DocumentTextOptions(), allowedRoots: [harness.directory.path]))
            let detail = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            #expect(detail.status == 200)
            let attachments = try #require(detail.json["attachments"] as? [[String: Any]])
            let extraction = attachments.map { $0["extraction"] as? [String: Any] ?? [:] }
            #expect(extraction.map { $0["status"] as? String } == ["succeeded", "failed", "failed"])
            #expect(extraction.map { $0["code"] as? String } == [nil, "corrupt_document", "uri_not_allowed"])
            #expect(extraction[0]["method"] as? String == "ocr" && extraction[0]["result_key"] as? String == "ocr/\(id)/att_1.json")
            #expect((attachments[0]["extracted_text"] as? String)?.contains("The quick brown dog") == true)
            #expect(detail.json["status"] as? String == "NEEDS_REVIEW")
        }
        await extractor.shutdown()
    }
}
