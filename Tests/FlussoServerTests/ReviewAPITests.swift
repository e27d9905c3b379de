import FlussoCore
import FlussoServer
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

/// `POST /tickets/{id}/review` and `GET /tickets/{id}/reviews` on a real API and SQLite file.
@Suite struct ReviewAPITests {
    static let chunk = KnowledgeChunk(
        documentID: "manual.pdf", ordinal: 3, title: "Thermistor", sectionPath: ["Heaters"], text: "Reseat the hotend thermistor.",
        language: "en", productTypes: [], productModels: ["MK4"], errorCodes: ["17105"], sourceURL: nil, tokenCount: 6)

    /// A ticket that ended in `status` with a one-step answer citing `chunk`.
    func finished(_ harness: APIHarness, status: TicketStatus = .needsReview, solution: Bool = true) async throws -> Ticket {
        var ticket = SampleTickets.ticket(symptom: "Thermal runaway <script>alert(1)</script> on the hotend")
        try await harness.store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        ticket.retrieval = RetrievalResult(
            query: "thermal runaway", filterLevel: .codeAndModel, embedderModelID: nil,
            results: [
                RetrievedChunk(
                    rank: 1, chunk: Self.chunk, score: 1,
                    features: RankingFeatures(
                        dense: nil, denseRank: nil, lexicalRank: 1, fused: 1, errorCodeMatch: true, modelMatch: true, termOverlap: 1),
                    reason: "test")
            ], durationMilliseconds: 1)
        if solution {
            ticket.solution = Solution(
                probableCause: "A loose thermistor.",
                steps: [SolutionStep(order: 1, text: "Reseat the thermistor.", citations: [Self.chunk.chunkID])],
                citations: [], safetyFlags: [], generator: "extractive", model: nil, language: "en", generatedAt: Date())
        }
        ticket.transition(to: status, reason: "test", at: Date())
        try await harness.store.update(ticket)
        if let lease = try await harness.queue.lease(worker: "test", visibility: .seconds(60)) { try await harness.queue.complete(lease) }
        return ticket
    }

    @Test func editingMakesANewVersionKeepsTheOldOneAndASecondEditOfTheSameVersionConflicts() async throws {
        let harness = try APIHarness()
        let ticket = try await finished(harness)
        try await harness.run { client in
            let path = "/tickets/\(ticket.ticketID)/review"
            let edit =
                #"{"action": "edit", "version": 1, "reviewer": "Anna", "steps": [{"text": "Power off and let the hotend cool.", "citations": []}, {"text": "Reseat the <b>thermistor</b> plug.", "citations": ["manual.pdf#3"]}]}"#
            let first = try await client.send(.post, path, template: "/tickets/{id}/review", body: edit)
            #expect(first.status == 200)
            #expect(first.json["to_version"] as? Int == 2 && first.json["status_after"] as? String == "READY")
            // The same edit again, on version 1: someone else already moved it to 2.
            let second = try await client.send(.post, path, template: "/tickets/{id}/review", body: edit)
            #expect(second.status == 409 && second.errorCode == "stale_version" && second.errorField == "version")

            let detail = try await client.send(.get, "/tickets/\(ticket.ticketID)", template: "/tickets/{id}")
            #expect(detail.json["status"] as? String == "READY")
            // The guardrails judged version 1, not the edit: their report goes with it.
            #expect(detail.json["guardrails"] == nil)
            let solution = try #require(detail.json["solution"] as? [String: Any])
            #expect(solution["version"] as? Int == 2 && solution["edited_by"] as? String == "Anna")
            let steps = try #require(solution["steps"] as? [[String: Any]])
            #expect(steps.map { $0["text"] as? String } == ["Power off and let the hotend cool.", "Reseat the <b>thermistor</b> plug."])
            #expect((detail.json["review"] as? [String: Any])?["action"] as? String == "edit")

            let history = try await client.send(.get, "/tickets/\(ticket.ticketID)/reviews", template: "/tickets/{id}/reviews")
            let reviews = try #require(history.json["reviews"] as? [[String: Any]])
            #expect(reviews.count == 1 && reviews[0]["from_version"] as? Int == 1)
            let previous = try #require(history.json["previous_solutions"] as? [[String: Any]])
            #expect(previous.count == 1 && (previous[0]["steps"] as? [[String: Any]])?.first?["text"] as? String == "Reseat the thermistor.")
        }
        // The status change wrote its event.
        let events = try await SQLiteOutbox(database: harness.database).events(ticketID: ticket.ticketID)
        #expect(events.map(\.type).contains(.completed))
    }

    @Test func concurrentReviewsOfOneVersionLetExactlyOneWin() async throws {
        let harness = try APIHarness()
        let ticket = try await finished(harness)
        try await harness.run { client in
            let path = "/tickets/\(ticket.ticketID)/review"
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let body =
                            index.isMultiple(of: 2)
                            ? #"{"action": "edit", "version": 1, "steps": ["Step by reviewer \#(index)"]}"#
                            : #"{"action": "reject", "version": 1, "reason": "wrong part \#(index)"}"#
                        return try await client.send(.post, path, template: "/tickets/{id}/review", body: body).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 5, "\(statuses)")
            let history = try await client.send(.get, "/tickets/\(ticket.ticketID)/reviews", template: "/tickets/{id}/reviews")
            #expect((history.json["reviews"] as? [Any])?.count == 1)
        }
    }

    @Test func rejectingNeedsAReasonAndClosesTheTicket() async throws {
        let harness = try APIHarness()
        let ticket = try await finished(harness, status: .ready)
        // Stored as a solved ticket for similar-ticket searches, as step 8 stores it.
        let vectors = SQLiteTicketVectorStore(database: harness.database)
        _ = try await vectors.add(
            ticketID: ticket.ticketID, modelID: "m", productModel: "MK4", vector: [1, 0], summary: SimilarTicket.summary(of: ticket))
        try await harness.run { client in
            let path = "/tickets/\(ticket.ticketID)/review"
            let noReason = try await client.send(.post, path, template: "/tickets/{id}/review", body: #"{"action": "reject", "version": 1}"#)
            #expect(noReason.status == 422 && noReason.errorField == "reason")
            let rejected = try await client.send(
                .post, path, template: "/tickets/{id}/review", body: #"{"action": "reject", "version": 1, "reason": "Wrong printer model"}"#)
            #expect(rejected.status == 200 && rejected.json["status_after"] as? String == "REJECTED")
            let detail = try await client.send(.get, "/tickets/\(ticket.ticketID)", template: "/tickets/{id}")
            #expect(detail.json["status"] as? String == "REJECTED" && detail.json["status_reason"] as? String == "Wrong printer model")
            // A rejected ticket's review is closed.
            let again = try await client.send(.post, path, template: "/tickets/{id}/review", body: #"{"action": "approve", "version": 1}"#)
            #expect(again.status == 409 && again.errorCode == "invalid_state")
            let listed = try await client.send(.get, "/tickets?status=REJECTED", template: "/tickets")
            #expect((listed.json["tickets"] as? [[String: Any]])?.map { $0["ticket_id"] as? String } == [ticket.ticketID])
        }
        // Similar-ticket searches no longer show it as solved, and the rejection is an event.
        #expect(try await vectors.summaries(modelID: "m", ticketIDs: [ticket.ticketID])[ticket.ticketID]?.status == .rejected)
        #expect(try await SQLiteOutbox(database: harness.database).events(ticketID: ticket.ticketID).map(\.type).contains(.rejected))
    }

    @Test func badReviewsAreRefusedNamingTheFieldAndChangeNothing() async throws {
        let harness = try APIHarness()
        let ticket = try await finished(harness)
        let failed = try await finished(harness, status: .failed, solution: false)
        try await harness.run { client in
            let path = "/tickets/\(ticket.ticketID)/review"
            let bodies: [(String, Int, String?)] = [
                (#"{"action": "publish", "version": 1}"#, 422, "action"),
                (#"{"action": "approve"}"#, 422, "version"),
                (#"{"action": "edit", "version": 1}"#, 422, "steps"),
                (#"{"action": "edit", "version": 1, "steps": []}"#, 422, "steps"),
                (#"{"action": "edit", "version": 1, "steps": [{"text": "x", "citations": ["elsewhere.pdf#1"]}]}"#, 422, "steps[0].citations[0]"),
                (#"{"action": "edit", "version": 1, "steps": [{"txt": "x"}]}"#, 422, "steps[0].txt"),
                (#"{"action": "approve", "version": 1, "steps": ["x"]}"#, 422, "steps"),
                (#"{"action": "approve", "version": 7}"#, 409, "version"),
                (#"["approve"]"#, 422, ""),
            ]
            for (body, status, field) in bodies {
                let response = try await client.send(.post, path, template: "/tickets/{id}/review", body: body)
                #expect(response.status == status, "\(body)")
                #expect(response.errorField == field, "\(body)")
            }
            let unknown = try await client.send(
                .post, "/tickets/\(Ticket.newID())/review", template: "/tickets/{id}/review", body: #"{"action": "approve", "version": 1}"#)
            #expect(unknown.status == 404)
            let noAnswer = try await client.send(
                .post, "/tickets/\(failed.ticketID)/review", template: "/tickets/{id}/review", body: #"{"action": "approve", "version": 0}"#)
            #expect(noAnswer.status == 409 && noAnswer.errorCode == "invalid_state")
            let history = try await client.send(.get, "/tickets/\(ticket.ticketID)/reviews", template: "/tickets/{id}/reviews")
            #expect((history.json["reviews"] as? [Any])?.isEmpty == true)
            let detail = try await client.send(.get, "/tickets/\(ticket.ticketID)", template: "/tickets/{id}")
            #expect(detail.json["status"] as? String == "NEEDS_REVIEW")
            // The symptom's markup is data, returned as it was written.
            #expect((detail.json["symptom_text"] as? String)?.contains("<script>alert(1)</script>") == true)
        }
    }

    @Test func aFinalTicketWhoseJobIsStillQueuedIsNotReviewedYet() async throws {
        let harness = try APIHarness()
        var ticket = SampleTickets.ticket()
        try await harness.store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        ticket.solution = Solution(
            probableCause: "", steps: [SolutionStep(order: 1, text: "x", citations: [])], citations: [], safetyFlags: [],
            generator: "extractive", model: nil, language: "en", generatedAt: Date())
        ticket.transition(to: .needsReview, at: Date())
        try await harness.store.update(ticket)
        let id = ticket.ticketID
        try await harness.run { client in
            let response = try await client.send(
                .post, "/tickets/\(id)/review", template: "/tickets/{id}/review", body: #"{"action": "approve", "version": 1}"#)
            #expect(response.status == 409 && response.errorCode == "ticket_not_finished")
        }
    }

    @Test func anUnfinishedTicketCannotBeReviewed() async throws {
        let harness = try APIHarness()
        let ticket = SampleTickets.ticket()
        try await harness.store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        try await harness.run { client in
            let response = try await client.send(
                .post, "/tickets/\(ticket.ticketID)/review", template: "/tickets/{id}/review", body: #"{"action": "approve", "version": 0}"#)
            #expect(response.status == 409 && response.errorCode == "ticket_not_finished")
        }
    }
}
