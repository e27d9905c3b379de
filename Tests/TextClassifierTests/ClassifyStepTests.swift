import FlussoCore
import FlussoTestSupport
import Foundation
import Logging
import Pipeline
import Testing
import TextClassifier

/// The pipeline's classify step with a real model trained from training/tickets.jsonl.
@Suite struct ClassifyStepTests {
    let context = StepContext(records: [], logger: Logger(label: "test"))

    func ticket(_ symptom: String, errorCode: String? = nil, productType: String? = "3d-printer") -> Ticket {
        var t = SampleTickets.ticket(symptom: symptom)
        t.errorCode = errorCode
        t.asset = AssetRef(serial: "SN-1", productType: productType, model: "FX-1")
        return t
    }

    @Test func withAModelTheTicketGetsCategoryConfidenceAndTopThree() async throws {
        let step = ClassifyStep(classifier: LinearTicketClassifier(model: try ticketModel.get()))
        let outcome = try await step.run(ticket("Thermal runaway on the hotend after ten minutes", errorCode: "17105"), context: context)
        guard case .completed(let classified, let detail) = outcome else {
            Issue.record("expected completed, got \(outcome)")
            return
        }
        let c = try #require(classified.classification)
        #expect(c.category == "thermal")
        #expect(c.top3.count == 3 && c.top3[0].category == c.category && c.top3[0].probability == c.confidence)
        #expect(c.confidence > 0.5 && c.confidence <= 1)
        #expect(c.modelVersion == 1)
        #expect(detail?.hasPrefix("thermal (confidence") == true)
        #expect(classified.symptomText == "Thermal runaway on the hotend after ten minutes")
    }

    @Test func italianTicketsAreClassifiedToo() async throws {
        let classifier = LinearTicketClassifier(model: try ticketModel.get())
        let c = try await classifier.classify(ticket("La stampante non si connette al Wi-Fi dopo l'aggiornamento"))
        #expect(c.category == "firmware")
    }

    @Test func theClassificationIsEncodedInSnakeCase() async throws {
        let classifier = LinearTicketClassifier(model: try ticketModel.get())
        var t = ticket("Invoice with our VAT number please", productType: nil)
        t.classification = try await classifier.classify(t)
        let json = try #require(try JSONSerialization.jsonObject(with: FlussoJSON.encode(t)) as? [String: Any])
        let c = try #require(json["classification"] as? [String: Any])
        #expect(Set(c.keys) == ["category", "confidence", "top_3", "model_id", "model_version", "model_revision"])
        #expect((c["top_3"] as? [[String: Any]])?.first?.keys.sorted() == ["category", "probability"])
        #expect(try FlussoJSON.decode(Ticket.self, from: FlussoJSON.encode(t)).classification == t.classification)
    }

    @Test func withoutAModelTheStepIsSkippedWithTheReason() async throws {
        let step = ClassifyStep(unavailableReason: "ticket classifier model models/x.fcm not found")
        let outcome = try await step.run(ticket("anything"), context: context)
        guard case .skipped(let reason) = outcome else {
            Issue.record("expected skipped, got \(outcome)")
            return
        }
        #expect(reason == "ticket classifier model models/x.fcm not found")
    }

    @Test func aSymptomWithoutWordsFailsPermanently() async throws {
        let step = ClassifyStep(classifier: LinearTicketClassifier(model: try ticketModel.get()))
        await #expect(throws: FlussoError.self) { _ = try await step.run(ticket("???", productType: nil), context: context) }
        do {
            _ = try await step.run(ticket("!!!", productType: nil), context: context)
        } catch let error as FlussoError {
            #expect(error.code == .emptyText && error.kind == .permanent)
        }
    }

    @Test func loadingACorruptedModelFileFailsWithItsCode() throws {
        var bytes = try ticketModel.get().serialized()
        bytes[100] ^= 1
        let path = try temporaryFile("ticket.fcm", bytes)
        #expect(throws: FlussoError(.corruptedModel, "\(path) is corrupted (checksum mismatch): retrain it or restore a good copy")) {
            _ = try LinearTicketClassifier(path: path)
        }
    }
}
