import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite struct TicketSubmissionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func problem(_ body: JSONValue) throws -> FlussoError {
        do {
            _ = try TicketSubmission.validate(body, now: now)
        } catch let error as FlussoError {
            return error
        }
        Issue.record("validation passed for an invalid body")
        return FlussoError(.internalError, "none")
    }

    func body(_ changes: [String: JSONValue?]) -> JSONValue {
        guard case .object(var fields) = SampleTickets.validBody else { return .null }
        for (key, value) in changes { fields[key] = value }
        return .object(fields)
    }

    @Test func validBodyBecomesNewTicketWithAllFields() throws {
        let submission = try TicketSubmission.validate(SampleTickets.validBody, now: now)
        let ticket = submission.ticket
        #expect(Ticket.isWellFormedID(ticket.ticketID))
        #expect(ticket.status == .new)
        #expect(ticket.customer.id == "cust-42")
        #expect(ticket.asset == AssetRef(serial: "SN-1", productType: "3d-printer", model: "MK4"))
        #expect(ticket.errorCode == "17105")
        #expect(ticket.language == "en")
        #expect(ticket.metadata == ["orderNumber": "A-1"])
        #expect(ticket.createdAt == now && ticket.updatedAt == now && ticket.completedAt == nil)
    }

    @Test func missingSymptomTextIsNamed() throws {
        let error = try problem(body(["symptom_text": nil]))
        #expect(error.code == .validationFailed)
        #expect(error.field == "symptom_text")
    }

    @Test func blankSymptomTextIsRefused() throws {
        #expect(try problem(body(["symptom_text": .string("   ")])).field == "symptom_text")
    }

    @Test func emptyOptionalStringsAreAbsentAsFormsSendThem() throws {
        let blank = body([
            "error_code": .string(""), "language": .string(" "), "callback_url": .string(""),
            "asset": .object(["serial": .string(""), "product_type": .string(""), "model": .string("MK4")]),
            "metadata": .object(["orderNumber": .string("A-1"), "note": .string("")]),
        ])
        let ticket = try TicketSubmission.validate(blank, now: now).ticket
        #expect(ticket.errorCode == nil && ticket.language == nil && ticket.callbackURL == nil)
        #expect(ticket.asset == AssetRef(serial: nil, productType: nil, model: "MK4"))
        #expect(ticket.metadata == ["orderNumber": "A-1"])
    }

    @Test func unknownFieldsAreStillRefusedWhenBlank() throws {
        #expect(try problem(body(["eror_code": .string("")])).field == "eror_code")
    }

    @Test func anAttachmentWithBlankSourcesStillNeedsOne() throws {
        let blank = body(["attachments": .array([.object(["type": .string("PDF"), "uri": .string(""), "content_base64": .string("")])])])
        let error = try problem(blank)
        #expect(error.field == "attachments[0]")
        #expect(error.message.contains("needs one of uri or content_base64"))
    }

    @Test func wrongTypeNamesTheNestedField() throws {
        let error = try problem(body(["asset": .object(["model": .number(4)])]))
        #expect(error.field == "asset.model")
        #expect(error.message.contains("must be a string, not number"))
    }

    @Test func unknownFieldIsRefusedSoTyposAreNotDropped() throws {
        #expect(try problem(body(["symtom_text": .string("x")])).field == "symtom_text")
    }

    @Test func everyProblemIsListedInDetails() throws {
        let error = try problem(body(["customer": nil, "language": .string("english!"), "callback_url": .string("ftp://x")]))
        #expect(Set(error.details.map(\.field)) == ["customer", "language", "callback_url"])
    }

    @Test func bodyMustBeAnObject() throws {
        #expect(try problem(.array([])).code == .validationFailed)
    }

    @Test func attachmentNeedsExactlyOneSource() throws {
        let both = body([
            "attachments": .array([.object(["type": .string("PDF"), "uri": .string("file:///tmp/a.pdf"), "content_base64": .string("aGk=")])])
        ])
        #expect(try problem(both).field == "attachments[0]")
        let neither = body(["attachments": .array([.object(["type": .string("PDF")])])])
        #expect(try problem(neither).field == "attachments[0]")
    }

    @Test func attachmentTypeAndBase64AreChecked() throws {
        let badType = body(["attachments": .array([.object(["type": .string("DOCX"), "uri": .string("file:///a")])])])
        #expect(try problem(badType).field == "attachments[0].type")
        let badBase64 = body(["attachments": .array([.object(["type": .string("TEXT"), "content_base64": .string("!!!")])])])
        #expect(try problem(badBase64).field == "attachments[0].content_base64")
    }

    @Test func inlineAttachmentIsDecodedAndNotKeptInTheTicket() throws {
        let withFile = body([
            "attachments": .array([.object(["type": .string("TEXT"), "content_base64": .string("aGVsbG8="), "filename": .string("log.txt")])])
        ])
        let submission = try TicketSubmission.validate(withFile, now: now)
        #expect(submission.inlineContents["att_1"] == Data("hello".utf8))
        #expect(submission.ticket.attachments == [Attachment(id: "att_1", type: .text, filename: "log.txt", sizeBytes: 5)])
    }

    @Test func attachmentLimitsApply() throws {
        var limits = SubmissionLimits()
        limits.maxAttachments = 1
        limits.maxAttachmentBytes = 3
        let two = body(["attachments": .array(Array(repeating: .object(["type": .string("TEXT"), "uri": .string("file:///a")]), count: 2))])
        #expect(throws: FlussoError.self) { try TicketSubmission.validate(two, limits: limits, now: now) }
        let big = body(["attachments": .array([.object(["type": .string("TEXT"), "content_base64": .string("aGVsbG8=")])])])
        #expect(throws: FlussoError.self) { try TicketSubmission.validate(big, limits: limits, now: now) }
    }

    @Test func filenameWithDirectoriesIsRefused() throws {
        let traversal = body([
            "attachments": .array([.object(["type": .string("TEXT"), "uri": .string("file:///a"), "filename": .string("../../etc/passwd")])])
        ])
        #expect(try problem(traversal).field == "attachments[0].filename")
    }

    @Test func malformedJSONIsInvalidJSON() {
        #expect(throws: FlussoError(.invalidJSON, "the body is not valid JSON")) { try JSONValue.parse(Data("{\"a\":".utf8)) }
    }
}
