import FlussoCore
import FlussoServer
import FlussoTestSupport
import Foundation
import Logging
import Testing
import TextClassifier

/// `POST` and `GET /tickets/{id}/feedback` with reviewers, corrections and edited steps, and the
/// classifier admin routes, on a real API with a real model file.
@Suite struct FeedbackAPITests {
    let directory = TemporaryDirectory("flusso-feedback-api")

    /// A model trained on the project's training tickets, in a file of its own.
    func modelFile() throws -> String {
        let data = SourceScan.packageRoot.appendingPathComponent("training/tickets.jsonl").path
        let dataset = try DatasetLoader.load(files: [data], fields: DatasetFields(text: "symptom_text", label: "category"))
        let path = directory.file("model.fcm")
        try TextClassifierTrainer.train(examples: dataset.examples).model.write(to: path)
        return path
    }

    @Test func reviewersCorrectionsAndEditedStepsAreKeptAndASecondVerdictReplacesTheFirst() async throws {
        let classifier = try ReloadingTicketClassifier(path: try modelFile(), logger: Logger(label: "test"))
        let harness = try APIHarness(classifierControl: classifier)
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            try await harness.processQueued(classifier: classifier)
            let ticket = try await client.send(.get, "/tickets/\(id)", template: "/tickets/{id}")
            let classification = try #require(ticket.json["classification"] as? [String: Any])
            #expect(classification["model_revision"] as? String == classifier.current().revision)

            let first = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback",
                body:
                    #"{"was_helpful": false, "use_for_training": true, "reviewer": "Anna Rossi", "corrected_category": "electrical", "edited_steps": ["Check the PSU fuse.", "Replace the PSU."]}"#
            )
            #expect(first.status == 201)
            #expect(first.json["reviewer"] as? String == "Anna Rossi" && first.json["key_name"] as? String == "anonymous")
            #expect(first.json["corrected_category"] as? String == "electrical")
            #expect(first.json["edited_steps"] as? [String] == ["Check the PSU fuse.", "Replace the PSU."])
            let second = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback",
                body: #"{"was_helpful": true, "reviewer": "Anna Rossi", "rating": 4}"#)
            #expect(second.status == 201)
            let other = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback", body: #"{"was_helpful": true}"#)
            #expect(other.status == 201)

            let listed = try await client.send(.get, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback")
            #expect(listed.status == 200)
            let current = try #require(listed.json["current"] as? [[String: Any]])
            let replaced = try #require(listed.json["replaced"] as? [[String: Any]])
            #expect(current.map { $0["feedback_id"] as? String } == [second.json["feedback_id"] as? String, other.json["feedback_id"] as? String])
            #expect(replaced.count == 1 && replaced[0]["superseded_by"] as? String == second.json["feedback_id"] as? String)
            #expect(replaced[0]["corrected_category"] as? String == "electrical")
        }
    }

    @Test func badFeedbackIsRefusedNamingTheFieldAndNothingIsStored() async throws {
        let classifier = try ReloadingTicketClassifier(path: try modelFile(), logger: Logger(label: "test"))
        let harness = try APIHarness(classifierControl: classifier)
        try await harness.run { client in
            let id = try #require(try await client.send(.post, "/tickets", body: SampleTickets.validJSON).json["ticket_id"] as? String)
            try await harness.processQueued(classifier: classifier)
            let bodies: [(String, String)] = [
                (#"{"was_helpful": true, "corrected_category": "plumbing"}"#, "corrected_category"),
                (#"{"was_helpful": true, "corrected_category": "no spaces allowed"}"#, "corrected_category"),
                (#"{"was_helpful": true, "comment": "\#(String(repeating: "x", count: 4001))"}"#, "comment"),
                (#"{"was_helpful": true, "edited_steps": []}"#, "edited_steps"),
                (#"{"was_helpful": true, "edited_steps": ["ok", 3]}"#, "edited_steps[1]"),
                (#"{"was_helpful": true, "reviewer": "\#(String(repeating: "a", count: 121))"}"#, "reviewer"),
                (#"{"was_helpful": true, "reviewer": "Anna\u0007"}"#, "reviewer"),
            ]
            for (body, field) in bodies {
                let response = try await client.send(.post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback", body: body)
                #expect(response.status == 422, "\(body.prefix(80))")
                #expect(response.errorField == field, "\(body.prefix(80))")
            }
            let unknown = try await client.send(
                .post, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback", body: #"{"was_helpful": true, "mood": "ok"}"#)
            #expect(unknown.status == 422 && unknown.errorField == "mood")
            let listed = try await client.send(.get, "/tickets/\(id)/feedback", template: "/tickets/{id}/feedback")
            #expect((listed.json["current"] as? [Any])?.isEmpty == true)
            let missing = try await client.send(.get, "/tickets/\(Ticket.newID())/feedback", template: "/tickets/{id}/feedback")
            #expect(missing.status == 404 && missing.errorCode == "not_found")
        }
    }

    @Test func theAdminRouteReloadsARetrainedModelAndKeepsTheOldOneWhenTheFileIsBad() async throws {
        let path = try modelFile()
        let classifier = try ReloadingTicketClassifier(path: path, logger: Logger(label: "test"))
        let harness = try APIHarness(classifierControl: classifier)
        try await harness.run { client in
            let before = try await client.send(.get, "/admin/classifier")
            #expect(before.status == 200 && before.json["revision"] as? String == classifier.current().revision)
            #expect((before.json["categories"] as? [String])?.contains("motion") == true)
            // A model trained with another id replaces the file; the route picks it up.
            let data = SourceScan.packageRoot.appendingPathComponent("training/tickets.jsonl").path
            var settings = TrainingSettings()
            settings.modelID = "retrained"
            let dataset = try DatasetLoader.load(files: [data], fields: DatasetFields(text: "symptom_text", label: "category"))
            try TextClassifierTrainer.train(examples: dataset.examples, settings: settings).model.write(to: path)
            let reloaded = try await client.send(.post, "/admin/classifier/reload")
            #expect(reloaded.status == 200 && reloaded.json["model_id"] as? String == "retrained")
            #expect(reloaded.json["revision"] as? String != before.json["revision"] as? String)
            // A corrupted file is refused and the retrained model stays in use.
            try Data("not a model".utf8).write(to: URL(fileURLWithPath: path))
            let refused = try await client.send(.post, "/admin/classifier/reload")
            #expect(refused.status == 422 && refused.errorCode == "not_a_model")
            #expect(classifier.current().modelID == "retrained")
        }
        let none = try APIHarness()
        try await none.run { client in
            let response = try await client.send(.post, "/admin/classifier/reload")
            #expect(response.status == 409 && response.errorCode == "no_local_classifier")
        }
    }
}
