import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// Step 6 through `flusso process`: the chain's links as configured, the solution on the ticket,
/// the audit records in the object store, and the final status the store step gives it.
@Suite(.serialized) struct GenerateStepTests {
    let directory = TemporaryDirectory("flusso-generate-cli")
    var dataDir: String { directory.path + "/data" }
    var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
    let hashing = ["FLUSSO_EMBEDDINGS_ENGINE": "hashing"]

    func process(_ body: String, environment: [String: String] = [:]) throws -> (status: Int32, json: [String: Any]?, err: String) {
        let ticket = directory.file("ticket-\(UUID().uuidString).json")
        try body.write(toFile: ticket, atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(
            ["process", ticket, "--json", "--data-dir", dataDir],
            environment: hashing.merging(environment) { $1 })
        let json = try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
        return (result.status, json, result.err)
    }

    let l101Ticket =
        #"{"customer":{"id":"c1"},"asset":{"product_type":"laser-cutter","model":"AL-40"},"error_code":"L101","symptom_text":"The laser is disabled with a cooling water flow alarm","language":"en"}"#

    @Test func withTheLLMDownTheExtractiveGeneratorAnswersCitingRetrievedChunksAndEveryAttemptIsAudited() throws {
        let ingest = try FlussoBinary.run(["kb", "ingest", repository + "/kb", "--data-dir", dataDir], environment: hashing)
        #expect(ingest.status == 0, "\(ingest.err)")
        let result = try process(l101Ticket, environment: ["FLUSSO_GENERATION_PRIMARY_URL": "http://127.0.0.1:\(freePort())"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(result.json)
        let solution = try #require(json["solution"] as? [String: Any])
        #expect(solution["generator"] as? String == "extractive")
        #expect(solution["kind"] as? String == "troubleshooting")
        let attempts = try #require(solution["attempts"] as? [[String: Any]])
        #expect(attempts.map { $0["generator"] as? String } == ["llm:primary", "cache", "extractive"])
        #expect(attempts.map { $0["outcome"] as? String } == ["unreachable", "no_match", "answered"])
        let retrieved = Set(
            ((json["retrieval"] as? [String: Any])?["results"] as? [[String: Any]] ?? [])
                .compactMap { ($0["chunk"] as? [String: Any])?["chunk_id"] as? String })
        let steps = try #require(solution["steps"] as? [[String: Any]])
        #expect(!steps.isEmpty)
        for step in steps {
            let cited = try #require(step["citations"] as? [String])
            #expect(!cited.isEmpty && Set(cited).isSubset(of: retrieved))
        }
        #expect((solution["probable_cause"] as? String)?.contains("flow") == true)
        // Every quotation says where a reader finds it: the chunk's title and section.
        let chunks = Dictionary(
            ((json["retrieval"] as? [String: Any])?["results"] as? [[String: Any]] ?? []).compactMap { $0["chunk"] as? [String: Any] }
                .map { ($0["chunk_id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let quotations = try #require(solution["citations"] as? [[String: Any]])
        #expect(!quotations.isEmpty)
        for quotation in quotations {
            let chunk = try #require(chunks[quotation["chunk_id"] as? String ?? ""])
            let title = chunk["title"] as? String ?? ""
            let section = (chunk["section_path"] as? [String])?.last.map { $0 == title ? "" : " — \($0)" } ?? ""
            #expect(quotation["source"] as? String == title + section, "\(quotation)")
        }
        for attempt in attempts {
            guard let key = attempt["audit_key"] as? String else { continue }
            #expect(FileManager.default.fileExists(atPath: dataDir + "/objects/" + key), "missing audit record \(key)")
        }
        // The extractive answer quotes its chunk, so the guardrails pass it and the ticket is READY.
        #expect(json["status"] as? String == "READY", "\(json["status_reason"] ?? "")")
        #expect((json["guardrails"] as? [String: Any])?["verdict"] as? String == "pass")
        let metrics = try #require(solution["quality_metrics"] as? [String: Any])
        #expect((metrics["groundedness_score"] as? Double ?? 0) >= 0.75)
        #expect(metrics["citation_coverage"] as? Double == 1)
        let record = (json["steps"] as? [[String: Any]])?.first { $0["step"] as? String == "generate" }
        #expect(record?["status"] as? String == "succeeded")
        #expect((record?["detail"] as? String)?.contains("by extractive after llm:primary unreachable") == true)
    }

    @Test func withoutAKnowledgeBaseTheAnswerIsNoDocumentedFixAndTheTicketNeedsReview() throws {
        let result = try process(l101Ticket)
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(result.json)
        let solution = try #require(json["solution"] as? [String: Any])
        #expect(solution["no_documented_fix"] as? Bool == true)
        #expect(solution["kind"] as? String == "troubleshooting")
        #expect((solution["steps"] as? [Any])?.isEmpty == true)
        #expect(json["status"] as? String == "NEEDS_REVIEW")
        #expect((json["status_reason"] as? String)?.hasPrefix("no documented fix") == true)
    }

    @Test func theSolutionSaysWhatTheTicketAsksFor() throws {
        let howto = try process(#"{"customer":{"id":"c1"},"symptom_text":"Come si calibra il piatto della stampante?","language":"it"}"#)
        #expect((howto.json?["solution"] as? [String: Any])?["kind"] as? String == "howto", "\(howto.err)")
        let value = try process(#"{"customer":{"id":"c1"},"symptom_text":"What is the maximum nozzle temperature?","language":"en"}"#)
        #expect((value.json?["solution"] as? [String: Any])?["kind"] as? String == "specification", "\(value.err)")
    }

    @Test func generationDisabledRecordsTheStepAsSkipped() throws {
        let result = try process(l101Ticket, environment: ["FLUSSO_GENERATION_ENABLED": "false"])
        let json = try #require(result.json)
        #expect(json["solution"] == nil)
        let record = (json["steps"] as? [[String: Any]])?.first { $0["step"] as? String == "generate" }
        #expect(record?["status"] as? String == "skipped")
        #expect((record?["detail"] as? String)?.contains("generation.enabled is false") == true)
    }

    @Test(arguments: [
        ["FLUSSO_GENERATION_PRIMARY_URL": "ftp://127.0.0.1:1"],
        ["FLUSSO_GENERATION_PRIMARY_URL": "http://127.0.0.1:1", "FLUSSO_GENERATION_PRIMARY_FORMAT": "xml"],
        ["FLUSSO_GENERATION_PRIMARY_URL": "http://127.0.0.1:1", "FLUSSO_GENERATION_PRIMARY_MAX_TOKENS": "4000"],
    ])
    func aBadEndpointConfigurationFailsWithOneLine(environment: [String: String]) throws {
        let result = try process(l101Ticket, environment: environment)
        #expect(result.status != 0)
        #expect(result.err.split(separator: "\n").count == 1)
        #expect(result.err.hasPrefix("error: invalid_configuration: generation.primary."))
    }
}
