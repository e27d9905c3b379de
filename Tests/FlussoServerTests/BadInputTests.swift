import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite struct BadInputTests {
    @Test func malformedJSONIs400AndStoresNothing() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(.post, "/tickets", body: #"{"customer": {"id": "c1"}, "symptom_text": "#)
            #expect(response.status == 400)
            #expect(response.errorCode == "invalid_json")
            #expect(try await harness.store.countsByStatus().values.reduce(0, +) == 0)
            #expect(try await harness.queue.stats().ready == 0)
        }
    }

    @Test func anEmptyBodyIs400() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response1 = try await client.send(.post, "/tickets", body: "")
            #expect(response1.status == 400)
        }
    }

    @Test func missingFieldsAre422WithTheField() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(.post, "/tickets", body: #"{"customer": {"id": "c1"}}"#)
            #expect(response.status == 422)
            #expect(response.errorCode == "validation_failed")
            #expect(response.errorField == "symptom_text")
        }
    }

    @Test func blankOptionalFieldsFromAFormAreAcceptedAsAbsent() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(
                .post, "/tickets",
                body: #"{"customer": {"id": "c1"}, "symptom_text": "No heat", "error_code": "", "language": "", "callback_url": ""}"#)
            #expect(response.status == 202, "\(response.errorCode ?? "")")
            #expect(try await harness.queue.stats().ready == 1)
        }
    }

    @Test func wrongTypesAre422WithEveryProblemListed() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(.post, "/tickets", body: #"{"customer": "c1", "symptom_text": 5}"#)
            #expect(response.status == 422)
            let details = (response.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
            #expect(Set(details?.compactMap { $0["field"] as? String } ?? []) == ["customer", "symptom_text"])
            #expect(try await harness.store.countsByStatus().values.reduce(0, +) == 0)
        }
    }

    @Test func aNonJSONContentTypeIs415() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let response = try await client.send(.post, "/tickets", body: SampleTickets.validJSON, contentType: "text/plain")
            #expect(response.status == 415)
            #expect(response.errorCode == "unsupported_media_type")
        }
    }

    @Test func anOversizeBodyIs413AndStoresNothing() async throws {
        let harness = try APIHarness(bodyLimit: 2048)
        try await harness.run { client in
            let big = #"{"customer": {"id": "c1"}, "symptom_text": ""# + String(repeating: "x", count: 4000) + #""}"#
            let response = try await client.send(.post, "/tickets", body: big)
            #expect(response.status == 413)
            #expect(response.errorCode == "body_too_large")
            #expect(try await harness.store.countsByStatus().values.reduce(0, +) == 0)
        }
    }

    @Test func feedbackOnAnUnfinishedTicketIs409() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            let response = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback", body: #"{"was_helpful": true}"#)
            #expect(response.status == 409)
            #expect(response.errorCode == "ticket_not_finished")
        }
    }

    @Test func feedbackOnAFinishedTicketIs201AndRecorded() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            try await harness.processQueued()
            let response = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback",
                body: #"{"was_helpful": true, "use_for_training": true, "rating": 4, "comment": "ok"}"#)
            #expect(response.status == 201)
            #expect(response.json["rating"] as? Int == 4)
            let detail = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            #expect((detail.json["feedback"] as? [Any])?.count == 1)
            #expect((detail.json["steps"] as? [[String: Any]])?.last?["step"] as? String == "feedback")
        }
    }

    @Test func invalidFeedbackIs422AndUnknownTicketIs404() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            try await harness.processQueued()
            let invalid = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback", body: #"{"was_helpful": "yes"}"#)
            #expect(invalid.status == 422)
            #expect(invalid.errorField == "was_helpful")
            let unknown = try await client.send(
                .post, "/tickets/\(Ticket.newID())/feedback", template: "/tickets/{id}/feedback", body: #"{"was_helpful": true}"#)
            #expect(unknown.status == 404)
        }
    }
}
