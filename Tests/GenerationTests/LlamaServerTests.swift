import FlussoCore
import FlussoTestSupport
import Foundation
import Generation
import Guardrails
import LocalStore
import Logging
import Testing

/// `scripts/llm-server --install-only` (run by scripts/test) puts llama-cpp-python in
/// `.venv-llm` and SmolLM2-135M-Instruct in `models/smollm2/`.
let llamaPython = repositoryRoot.appendingPathComponent(".venv-llm/bin/python").path
let smolLM2 = repositoryRoot.appendingPathComponent("models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf").path

/// A real llama.cpp server (llama-cpp-python) with SmolLM2 on a free loopback port, one thread.
/// Missing: a loud message and the test returns, except under CI, where it fails.
func startLlamaServer() async throws -> ListeningProcess? {
    guard FileManager.default.isExecutableFile(atPath: llamaPython), FileManager.default.fileExists(atPath: smolLM2) else {
        let message = "llama.cpp is not installed (\(llamaPython), \(smolLM2)): run scripts/llm-server --install-only (scripts/test does)"
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record(Comment(rawValue: message))
        } else {
            print("⚠️  SKIPPED: \(message)")
        }
        return nil
    }
    let port = freePort()
    let server = try ListeningProcess(
        executable: llamaPython,
        arguments: [
            "-m", "llama_cpp.server", "--model", smolLM2, "--host", "127.0.0.1", "--port", "\(port)",
            "--n_threads", "1", "--n_ctx", "4096", "--chat_format", "chatml",
        ], port: port)
    try await server.waitUntilListening(seconds: 120)
    return server
}

/// The real path: prompts through the chat API of a real llama.cpp server, its schema-constrained
/// answers parsed and checked.
@Suite(.serialized) struct LlamaServerTests {
    let directory = TemporaryDirectory("flusso-llama")
    var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func aRealLlamaServerWritesACitedSolutionThroughTheSchema() async throws {
        guard let server = try await startLlamaServer() else { return }
        var endpoint = ChatEndpoint(name: "primary", url: server.url, model: "smollm2")
        endpoint.timeout = .seconds(120)
        endpoint.maxTokens = 1000
        let objects = try FileObjectStore(root: directory.path + "/objects")
        let chain = FallbackChainGenerator(
            endpoints: [endpoint], llmBudget: .seconds(240), cache: nil, audit: GenerationAudit(objects: objects),
            logger: Logger(label: "test"))
        for t in [
            ticket("The laser is disabled and shows a cooling water flow alarm"),
            ticket("Il laser è disabilitato e segnala un allarme di flusso dell'acqua", language: "it"),
            // A how-to: the schema has no cause, and llama.cpp's grammar writes none.
            ticket("How do I clean the lens of the laser cutter each week?", code: nil),
        ] {
            let solution = try await chain.generate(for: t, chunks: [l101, maintenance])
            let attempt = try #require(solution.attempts.first)
            #expect(attempt.generator == "llm:primary")
            // llama.cpp's grammar enforces the schema: the answer parses and cites only the sources given.
            #expect(attempt.outcome == "answered", "\(attempt.outcome): \(attempt.detail ?? "")")
            #expect(solution.generator == "llm:primary")
            #expect(!solution.steps.isEmpty)
            #expect(solution.probableCause.isEmpty == !AnswerSchema.hasCause(RequestKindClassifier.kind(of: t)))
            let given: Set = [l101.chunk.chunkID, maintenance.chunk.chunkID]
            #expect(Set(solution.citedChunkIDs).isSubset(of: given))
            #expect(solution.language == TicketLanguage.of(t))
            let audit = try JSONSerialization.jsonObject(with: try await objects.get(key: try #require(attempt.auditKey))) as! [String: Any]
            #expect(audit["http_status"] as? Int == 200)
            #expect((audit["completion_tokens"] as? Int ?? 0) > 0 && (audit["prompt_tokens"] as? Int ?? 0) > 0)
            // The guardrails judge the small model's answer step by step, whatever its quality.
            let guardrails = try GuardrailCatalog.chain(rules: try SafetyRuleSet.load(path: repository + "/rules/safety-rules.yaml"))
            let (checked, report) = await guardrails.check(solution, for: t, retrieved: [l101, maintenance])
            #expect(report.steps.count == min(solution.steps.count, GuardrailSettings().maxSteps))
            #expect((report.verdict == .pass) == report.issues.isEmpty)
            let metrics = try #require(checked.qualityMetrics)
            #expect((0...1).contains(metrics.groundednessScore) && (0...1).contains(metrics.confidence))
            #expect(metrics.citationCoverage == 1 || report.issues.contains { $0.guardrail == "citations" })
        }
    }
}
