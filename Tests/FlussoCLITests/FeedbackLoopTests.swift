import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Step 10 end to end through the real binary: tickets answered by a running server, reviewers'
/// corrections, `flusso feedback export`, `flusso classifier retrain` (refusing poison, taking
/// real corrections), the running server picking the new model up on SIGHUP, and `rollback`.
@Suite(.serialized) struct FeedbackLoopTests {
    let directory = TemporaryDirectory("flusso-feedback-loop")
    static let root = SourceScan.packageRoot.path
    static let ticketFields = ["--text-field", "symptom_text", "--label-field", "category"]

    /// The model in use, trained as scripts/train-classifier trains it.
    func champion() throws -> String {
        let model = directory.file("models/ticket-classifier.fcm")
        let trained = try FlussoBinary.run(
            ["classifier", "train", "--data", Self.root + "/training/tickets.jsonl"] + Self.ticketFields
                + ["--model-id", "ticket-classifier", "--hold-back", "0.2", "--seed", "42", "--out", model])
        #expect(trained.status == 0, "\(trained.err)")
        return model
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// The fixture's tickets, as API bodies.
    static func corrections(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: root + "/eval/feedback/\(name)", encoding: .utf8)
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func correctionsRetrainTheModelTheRunningServerReloadsAndPoisonIsRefused() async throws {
        let model = try champion()
        let original = try bytes(model)
        let dataDir = directory.file("data")
        let server = ServerProcess(
            dataDir: dataDir, environment: ["FLUSSO_WORKERS_COUNT": "2", "FLUSSO_CLASSIFIER_MODEL_PATH": model, "FLUSSO_LOG_LEVEL": "info"])
        try await server.start()
        let client = HTTPJSONClient()
        defer { client.close() }
        let http = client.http(server.baseURL)
        let before = try await http.get("/admin/classifier")
        let championRevision = try #require(before.json["revision"] as? String)

        // A desk's week: 200 tickets a reviewer will correct to `motion`, 140 of other categories
        // the reviewer approves (or corrects, when the model got them wrong).
        let tickets = try Self.corrections("motion-corrections.jsonl") + Self.corrections("mixed-corrections.jsonl")
        var ids: [String] = []
        for ticket in tickets {
            var body: [String: Any] = ["customer": ["id": "cust-1"], "symptom_text": ticket["symptom_text"] as Any]
            body["asset"] = ["product_type": ticket["product_type"] as Any, "model": ticket["model"] as Any]
            if let code = ticket["error_code"] { body["error_code"] = code }
            let posted = try await http.post("/tickets", String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
            #expect(posted.status == 202)
            ids.append(try #require(posted.json["ticket_id"] as? String))
        }
        let deadline = ContinuousClock.now + .seconds(300)
        var pending = Set(ids)
        while !pending.isEmpty && ContinuousClock.now < deadline {
            for id in pending.sorted().prefix(40) {
                let status = try await http.get("/tickets/\(id)").json["status"] as? String
                if ["READY", "NEEDS_REVIEW", "FAILED"].contains(status) { pending.remove(id) }
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(pending.isEmpty, "\(pending.count) tickets not final")
        var corrected = 0
        for (id, truth) in zip(ids, tickets.map { $0["category"] as? String ?? "" }) {
            let ticket = try await http.get("/tickets/\(id)").json
            let classification = ticket["classification"] as? [String: Any]
            #expect(classification?["model_revision"] as? String == championRevision)
            let body: String
            if classification?["category"] as? String == truth {
                body = #"{"was_helpful": true, "use_for_training": true, "reviewer": "Anna"}"#
            } else {
                corrected += 1
                body = #"{"was_helpful": false, "use_for_training": true, "reviewer": "Anna", "corrected_category": "\#(truth)"}"#
            }
            #expect(try await http.post("/tickets/\(id)/feedback", body).status == 201)
        }
        print("the reviewer corrected \(corrected) of \(ids.count) tickets")

        let export = directory.file("feedback.jsonl")
        let exported = try FlussoBinary.run(["feedback", "export", "--out", export, "--data-dir", dataDir])
        #expect(exported.status == 0, "\(exported.err)")
        #expect(exported.err.contains("exported 340 example(s) (\(corrected) corrected, \(340 - corrected) approved)"), "\(exported.err)")

        // Poison: the same tickets, their labels shuffled across the categories → refused, nothing replaced.
        let poison = directory.file("poison.jsonl")
        let labels = ["thermal", "motion", "extrusion", "electrical", "firmware", "calibration", "print_quality", "account_billing"]
        let poisonLines = try tickets.enumerated().map { index, ticket in
            String(
                decoding: try JSONSerialization.data(withJSONObject: ["text": ticket["symptom_text"] as Any, "label": labels[(index * 5 + 3) % 8]]),
                as: UTF8.self)
        }
        try (poisonLines.joined(separator: "\n") + "\n").write(toFile: poison, atomically: true, encoding: .utf8)
        let refused = try FlussoBinary.run(["classifier", "retrain", "--feedback", poison, "--model", model])
        #expect(refused.status != 0)
        #expect(refused.err.hasPrefix("error: challenger_refused"), "\(refused.err)")
        #expect(try bytes(model) == original)

        // Too little data, a corrupt file: clear errors, nothing replaced.
        let few = directory.file("few.jsonl")
        try (poisonLines.prefix(5).joined(separator: "\n") + "\n").write(toFile: few, atomically: true, encoding: .utf8)
        let tooFew = try FlussoBinary.run(["classifier", "retrain", "--feedback", few, "--model", model])
        #expect(tooFew.status != 0 && tooFew.err.hasPrefix("error: too_little_data"), "\(tooFew.err)")
        let corrupt = directory.file("corrupt.jsonl")
        try "{\"text\": \"half a line".write(toFile: corrupt, atomically: true, encoding: .utf8)
        let broken = try FlussoBinary.run(["classifier", "retrain", "--feedback", corrupt, "--model", model])
        #expect(broken.status != 0 && broken.err.hasPrefix("error: invalid_json"), "\(broken.err)")
        #expect(try bytes(model) == original)

        // The real corrections: accepted, the model replaced and the old one kept.
        let retrained = try FlussoBinary.run(["classifier", "retrain", "--feedback", export, "--model", model, "--json"])
        #expect(retrained.status == 0, "\(retrained.err)\n\(retrained.out)")
        print(retrained.out)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(retrained.out.utf8)) as? [String: Any])
        #expect(report["accepted"] as? Bool == true && report["replaced"] as? Bool == true)
        let challengerRevision = try #require(report["challenger_revision"] as? String)
        #expect(try bytes(model + ".previous") == original)
        #expect(try bytes(model) != original)

        // The running server picks it up on SIGHUP and classifies new tickets with it.
        let pid = try #require(server.processIdentifier)
        kill(pid, SIGHUP)
        var reloaded = ""
        let reloadDeadline = ContinuousClock.now + .seconds(20)
        while reloaded != challengerRevision && ContinuousClock.now < reloadDeadline {
            try await Task.sleep(for: .milliseconds(100))
            reloaded = try await http.get("/admin/classifier").json["revision"] as? String ?? ""
        }
        #expect(reloaded == challengerRevision)
        let next = try await http.post("/tickets", SampleTickets.validJSON)
        let nextID = try #require(next.json["ticket_id"] as? String)
        var classified: [String: Any]?
        let classifyDeadline = ContinuousClock.now + .seconds(30)
        while classified == nil && ContinuousClock.now < classifyDeadline {
            try await Task.sleep(for: .milliseconds(100))
            classified = try await http.get("/tickets/\(nextID)").json["classification"] as? [String: Any]
        }
        #expect(classified?["model_revision"] as? String == challengerRevision)

        // Rollback puts the champion back; the admin route reloads it.
        let rolledBack = try FlussoBinary.run(["classifier", "rollback", "--model", model])
        #expect(rolledBack.status == 0, "\(rolledBack.err)")
        #expect(try bytes(model) == original)
        let reload = try await http.post("/admin/classifier/reload", "")
        #expect(reload.status == 200 && reload.json["revision"] as? String == championRevision)
        #expect(server.terminate() == 0)
        #expect(server.log().contains("SIGHUP: classifier model reloaded"))

        // Every decision is in the history.
        let history = try String(contentsOfFile: model + ".history.jsonl", encoding: .utf8).split(separator: "\n")
        let actions = try history.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["action"] as? String }
        #expect(actions == ["train", "retrain_refused", "retrain_accepted", "rollback"])
    }

    @Test func rollbackWithoutAPreviousModelIsAClearError() throws {
        let model = try champion()
        let result = try FlussoBinary.run(["classifier", "rollback", "--model", model])
        #expect(result.status != 0)
        #expect(result.err.hasPrefix("error: no_previous_model"))
    }
}
