import FlussoTestSupport
import Foundation
import Testing

@Suite struct EmbedCommandTests {
    let directory = TemporaryDirectory("flusso-embed")
    var modelDir: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/all-minilm-l6-v2").path
    }

    @Test func embedPrintsOneUnitVectorPerTextWithTokenCountsAsJSON() throws {
        let result = try FlussoBinary.run(
            ["embed", "Pump pressure low", "Errore E42", "--json", "--data-dir", directory.path],
            environment: ["FLUSSO_EMBEDDINGS_MODEL_DIR": modelDir, "FLUSSO_EMBEDDINGS_ENGINE": "minilm"])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(json["model_id"] as? String == "all-minilm-l6-v2")
        #expect(json["dimensions"] as? Int == 384)
        let items = try #require(json["embeddings"] as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items[0]["tokens"] as? Int == 5)
        #expect(items[0]["truncated"] as? Bool == false)
        let vector = try #require(items[0]["embedding"] as? [Double])
        #expect(vector.count == 384)
        #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-3)
    }

    @Test func missingModelFilesFallBackToHashingWithAWarning() throws {
        let result = try FlussoBinary.run(
            ["embed", "hello", "--json"],
            environment: ["FLUSSO_EMBEDDINGS_MODEL_DIR": directory.path + "/nowhere", "FLUSSO_EMBEDDINGS_ENGINE": "minilm"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.contains("warning") && result.err.contains("scripts/setup-models"))
        #expect(result.out.contains("\"model_id\":\"hashing-v1-384\""))
    }

    @Test func theEmbedderCanBeChosenOnTheCommandLine() throws {
        let result = try FlussoBinary.run(["embed", "hello", "--embedder", "hashing"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("hashing-v1-384"))
    }

    @Test func badChoicesAndADownServerFailWithOneLineOnStderr() throws {
        let bad = try FlussoBinary.run(["embed", "hello", "--embedder", "bert"])
        #expect(bad.status != 0)
        #expect(bad.err.hasPrefix("error: invalid_configuration") && bad.err.split(separator: "\n").count == 1)
        let down = try FlussoBinary.run(
            ["embed", "hello", "--embedder", "http"],
            environment: [
                "FLUSSO_EMBEDDINGS_URL": "http://127.0.0.1:\(freePort())",
                "FLUSSO_EMBEDDINGS_MAX_ATTEMPTS": "1",
            ])
        #expect(down.status != 0)
        #expect(
            down.err.hasPrefix("error: embedding_server_unavailable: embedding server") && down.err.split(separator: "\n").count == 1, "\(down.err)")
        let corrupt = directory.path + "/corrupt"
        try FileManager.default.createDirectory(atPath: corrupt, withIntermediateDirectories: true)
        for name in ["config.json", "vocab.txt"] {
            try FileManager.default.createSymbolicLink(atPath: corrupt + "/" + name, withDestinationPath: modelDir + "/" + name)
        }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: corrupt + "/model.safetensors"))
        let broken = try FlussoBinary.run(
            ["embed", "hello"], environment: ["FLUSSO_EMBEDDINGS_MODEL_DIR": corrupt, "FLUSSO_EMBEDDINGS_ENGINE": "minilm"])
        #expect(broken.status != 0)
        #expect(broken.err.contains("model.safetensors") && broken.err.contains("scripts/setup-models"), "\(broken.err)")
    }
}
