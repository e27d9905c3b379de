import FlussoCore
import Foundation
import HTTPEmbeddings

/// Which embedder the configuration asks for (`embeddings.*`, and `kb.languages` for `auto`).
struct EmbeddingSettings: Sendable {
    enum Engine: String, Sendable, CaseIterable { case auto, minilm, http, hashing }
    var engine: Engine
    /// The languages of the knowledge base's documents and of the tickets (`kb.languages`):
    /// what `auto` decides on.
    var languages: [String]
    /// minilm: the model files' directory (relative: to the home).
    var modelDirectory: ResourcePath
    var threads: Int
    var http: HTTPEmbedderConfiguration

    init(_ resolved: ResolvedConfiguration, home: ResourceHome?) throws {
        let name = resolved.string("embeddings.engine").lowercased()
        guard let engine = Engine(rawValue: name) else {
            throw FlussoError(.invalidConfiguration, "embeddings.engine must be auto, minilm, http or hashing, got '\(name)'")
        }
        self.engine = engine
        languages = resolved.list("kb.languages").map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !languages.isEmpty, languages.allSatisfy({ $0.count >= 2 && $0.count <= 8 && $0.allSatisfy(\.isLetter) }) else {
            throw FlussoError(.invalidConfiguration, "kb.languages must list language codes such as en,it")
        }
        modelDirectory = ResourcePath(resolved.string("embeddings.model_dir"), key: "embeddings.model_dir", home: home)
        threads = resolved.int("embeddings.threads")
        guard (1...64).contains(threads) else { throw FlussoError(.invalidConfiguration, "embeddings.threads must be 1 to 64") }
        http = HTTPEmbedderConfiguration(url: resolved.string("embeddings.url"), model: resolved.string("embeddings.model"))
        http.dimensions = resolved.int("embeddings.dimensions")
        http.queryPrefix = resolved.string("embeddings.query_prefix")
        http.passagePrefix = resolved.string("embeddings.passage_prefix")
        http.batchSize = resolved.int("embeddings.batch_size")
        http.timeout = .milliseconds(Int64(resolved.double("embeddings.timeout_s") * 1000))
        http.maxAttempts = resolved.int("embeddings.max_attempts")
        http.apiKey = resolved.string("embeddings.api_key")
        switch resolved.string("embeddings.send_input_type").lowercased() {
        case "true", "yes", "1": http.sendInputType = true
        case "false", "no", "0": http.sendInputType = false
        default: throw FlussoError(.invalidConfiguration, "embeddings.send_input_type must be true or false")
        }
        guard http.dimensions > 0, http.batchSize > 0, http.maxAttempts > 0, http.timeout > .zero else {
            throw FlussoError(
                .invalidConfiguration,
                "embeddings.dimensions, embeddings.batch_size, embeddings.max_attempts and embeddings.timeout_s must be positive")
        }
    }

    /// True when the knowledge base is English only, where the in-process MiniLM is the right model.
    var englishOnly: Bool { languages.allSatisfy { $0 == "en" } }
}
