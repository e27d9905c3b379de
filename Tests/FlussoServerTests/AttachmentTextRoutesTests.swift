import DocumentText
import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
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
            try await harness.processQueued(
                ocr: OCRStep(
                    extractor: extractor, objects: harness.objects,
                    options: DocumentTextOptions(),
                    files: FileAttachmentReader(allowedRoots: [harness.directory.path], maxBytes: 32 << 20)))
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

@Suite struct MultipartTicketTests {
    static let boundary = "flusso-test-boundary-7MA4YWxk"

    static func multipart(_ parts: [(headers: String, body: Data)]) -> Data {
        var data = Data()
        for part in parts {
            data += Data("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.body + Data("\r\n".utf8)
        }
        data += Data("--\(boundary)--\r\n".utf8)
        return data
    }

    @Test func aMultipartTicketStoresEachFileAsAnAttachmentAndOCRReadsIt() async throws {
        let harness = try APIHarness()
        let extractor = LocalDocumentTextExtractor(engines: 1)
        let scan = try SharedData.ocr("phototest.tif")
        let body = Self.multipart([
            (
                "Content-Disposition: form-data; name=\"ticket\"\r\nContent-Type: application/json",
                Data(#"{"customer": {"id": "cust-9"}, "symptom_text": "see the photo"}"#.utf8)
            ),
            ("Content-Disposition: form-data; name=\"attachments\"; filename=\"screen.tif\"\r\nContent-Type: application/octet-stream", scan),
            ("Content-Disposition: form-data; name=\"attachments\"; filename=\"log.txt\"\r\nContent-Type: text/plain", Data("E-17 at boot".utf8)),
        ])
        try await harness.run { client in
            let accepted = try await client.send(.post, "/tickets", contentType: "multipart/form-data; boundary=\(Self.boundary)", data: body)
            #expect(accepted.status == 202)
            let id = try #require(accepted.json["ticket_id"] as? String)
            try await harness.processQueued(
                ocr: OCRStep(
                    extractor: extractor, objects: harness.objects,
                    options: DocumentTextOptions(),
                    files: FileAttachmentReader(allowedRoots: [], maxBytes: 32 << 20)))
            let detail = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            let attachments = try #require(detail.json["attachments"] as? [[String: Any]])
            #expect(attachments.map { $0["type"] as? String } == ["IMAGE", "TEXT"])
            #expect(attachments.map { $0["filename"] as? String } == ["screen.tif", "log.txt"])
            #expect(attachments[0]["size_bytes"] as? Int == scan.count)
            #expect((attachments[0]["extracted_text"] as? String)?.contains("The quick brown dog") == true)
            #expect(attachments[1]["extracted_text"] as? String == "E-17 at boot")
            let stored = try await harness.objects.get(key: try #require(attachments[0]["object_key"] as? String))
            #expect(stored == scan)
        }
        await extractor.shutdown()
    }

    @Test func malformedOrIncompleteMultipartBodiesAreRefusedAndNothingIsStored() async throws {
        let harness = try APIHarness()
        let noTicket = Self.multipart([
            ("Content-Disposition: form-data; name=\"attachments\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf", Data("%PDF-1.4".utf8))
        ])
        let unknownType = Self.multipart([
            ("Content-Disposition: form-data; name=\"ticket\"", Data(#"{"customer": {"id": "c"}, "symptom_text": "x"}"#.utf8)),
            ("Content-Disposition: form-data; name=\"attachments\"; filename=\"a.zip\"\r\nContent-Type: application/zip", Data("PK".utf8)),
        ])
        try await harness.run { client in
            let type = "multipart/form-data; boundary=\(Self.boundary)"
            let cases: [(Data, String, String)] = [
                (noTicket, type, "validation_failed"), (unknownType, type, "validation_failed"),
                (Data("garbage".utf8), type, "invalid_multipart"), (noTicket, "multipart/form-data", "invalid_multipart"),
            ]
            for (data, contentType, code) in cases {
                let answer = try await client.send(.post, "/tickets", contentType: contentType, data: data)
                #expect(answer.errorCode == code)
            }
            let stored = try await harness.store.countsByStatus().values.reduce(0, +)
            #expect(stored == 0)
        }
    }
}
