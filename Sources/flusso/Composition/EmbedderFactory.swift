import Embeddings
import FlussoCore
import Foundation
import HTTPEmbeddings
import Logging

/// Which embedder the configuration asks for (`embeddings.*`).
struct EmbeddingSettings: Sendable {
    enum Engine: String, Sendable, CaseIterable { case minilm, http, hashing }
    var engine: Engine
    var modelDirectory: String
    var threads: Int
    var http: HTTPEmbedderConfiguration

    init(_ resolved: ResolvedConfiguration) throws {
        let name = resolved.string("embeddings.engine").lowercased()
        guard let engine = Engine(rawValue: name) else {
            throw FlussoError("invalid_configuration", "embeddings.engine must be minilm, http or hashing, got '\(name)'")
        }
        self.engine = engine
        modelDirectory = resolved.string("embeddings.model_dir")
        threads = resolved.int("embeddings.threads")
        guard (1...64).contains(threads) else { throw FlussoError("invalid_configuration", "embeddings.threads must be 1 to 64") }
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
        default: throw FlussoError("invalid_configuration", "embeddings.send_input_type must be true or false")
        }
        guard http.dimensions > 0, http.batchSize > 0, http.maxAttempts > 0, http.timeout > .zero else {
            throw FlussoError("invalid_configuration",
                              "embeddings.dimensions, embeddings.batch_size, embeddings.max_attempts and embeddings.timeout_s must be positive")
        }
    }
}

/// Part of the composition root: builds the `Embedder` the configuration names.
enum EmbedderFactory {
    /// `minilm` loads the model (a broken file is an error naming it); with its files missing it
    /// falls back to `hashing` and logs a warning saying so and how to install the model — never
    /// silently. `http` checks the URL only (the server is reached on first use).
    static func make(_ settings: EmbeddingSettings, logger: Logger) throws -> any Embedder {
        switch settings.engine {
        case .minilm:
            let missing = MiniLMEmbedder.requiredFiles
                .map { (settings.modelDirectory as NSString).appendingPathComponent($0) }
                .filter { !FileManager.default.fileExists(atPath: $0) }
            if !missing.isEmpty {
                logger.warning("MiniLM model files missing, falling back to the hashing embedder (lexical only); run scripts/setup-models to install the model",
                               metadata: ["missing": .string(missing.joined(separator: ", "))])
                return HashingEmbedder()
            }
            return try MiniLMEmbedder(modelDirectory: settings.modelDirectory, threads: settings.threads)
        case .http:
            return try HTTPEmbedder(configuration: settings.http)
        case .hashing:
            logger.notice("using the hashing embedder (lexical only) as configured by embeddings.engine")
            return HashingEmbedder()
        }
    }
}
