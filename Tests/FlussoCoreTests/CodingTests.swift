import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite struct CodingTests {
    @Test func ticketJSONIsSnakeCaseButMetadataKeysStayAsGiven() throws {
        var ticket = SampleTickets.ticket()
        ticket.metadata = ["orderNumber": "A-1"]
        ticket.callbackURL = "https://example.test/hook"
        let text = String(decoding: try FlussoJSON.encode(ticket), as: UTF8.self)
        #expect(text.contains("\"ticket_id\""))
        #expect(text.contains("\"symptom_text\""))
        #expect(text.contains("\"callback_url\""))
        #expect(text.contains("\"orderNumber\""))
        let back = try FlussoJSON.decode(Ticket.self, from: Data(text.utf8))
        #expect(back.metadata == ticket.metadata)
        #expect(back.ticketID == ticket.ticketID)
    }

    @Test func datesRoundTripWithMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123)
        let parsed = try #require(FlussoJSON.parseDate(FlussoJSON.format(date)))
        #expect(abs(parsed.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.001)
    }

    @Test func transitionSetsCompletedAtOnlyForFinalStatuses() {
        var ticket = SampleTickets.ticket(at: Date(timeIntervalSince1970: 100))
        ticket.transition(to: .processing, at: Date(timeIntervalSince1970: 101))
        #expect(ticket.completedAt == nil)
        ticket.transition(to: .needsReview, reason: "why", at: Date(timeIntervalSince1970: 102))
        #expect(ticket.completedAt == Date(timeIntervalSince1970: 102))
        #expect(ticket.statusReason == "why")
    }

    @Test func objectKeysRefuseTraversalAndAbsolutePaths() {
        for key in ["../x", "a/../b", "/etc/passwd", "a//b", "", "a/./b", "a b", "a\\b"] {
            #expect(throws: FlussoError.self, "\(key)") { try ObjectKey.validate(key) }
        }
        #expect(throws: Never.self) { try ObjectKey.validate("attachments/tkt_1/att_1") }
    }

    @Test func ticketIDsAreRecognised() {
        #expect(Ticket.isWellFormedID(Ticket.newID()))
        #expect(!Ticket.isWellFormedID("tkt_nope"))
        #expect(!Ticket.isWellFormedID("../etc"))
    }
}
