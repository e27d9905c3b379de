import FlussoCore
import Foundation
import Knowledge
import LocalStore
import Logging

/// Builds the knowledge base from the configuration (`kb.*` keys).
enum KnowledgeFactory {
    static func settings(_ settings: FlussoSettings) throws -> KnowledgeSettings {
        let resolved = settings.resolved
        var indexDirectory = resolved.string("kb.index_dir")
        if indexDirectory.isEmpty { indexDirectory = (settings.dataDirectory as NSString).appendingPathComponent("kb") }
        var mappings: [CatalogueMapping] = []
        for file in settings.catalogueMappingFiles {
            do {
                mappings += try CatalogueMapping.load(from: file)
            } catch let error as KnowledgeError {
                throw FlussoError(.invalidConfiguration, "kb.catalogue_mapping_files: \(error.message)")
            }
        }
        let chunking = ChunkingSettings(maxTokens: resolved.int("kb.max_chunk_tokens"), windowTokens: resolved.int("kb.window_tokens"),
                                        overlapTokens: resolved.int("kb.overlap_tokens"))
        guard chunking.maxTokens >= 50, (20...chunking.maxTokens).contains(chunking.windowTokens),
              (0..<chunking.windowTokens).contains(chunking.overlapTokens) else {
            throw FlussoError(.invalidConfiguration,
                              "kb.max_chunk_tokens must be ≥ 50, kb.window_tokens 20…max, kb.overlap_tokens below kb.window_tokens")
        }
        let minimum = resolved.int("kb.min_candidates")
        guard (1...50).contains(minimum) else { throw FlussoError(.invalidConfiguration, "kb.min_candidates must be 1 to 50") }
        do {
            let patterns = try MetadataPatterns(errorCodePattern: resolved.string("kb.error_code_pattern"),
                                                modelPattern: resolved.string("kb.model_pattern"))
            return KnowledgeSettings(indexDirectory: indexDirectory, chunking: chunking, catalogues: mappings, patterns: patterns,
                                     minimumCandidates: minimum, languages: settings.embeddings.languages)
        } catch let error as KnowledgeError {
            throw FlussoError(.invalidConfiguration, error.message)
        }
    }

    /// Opens the knowledge base over the runtime's database with the configured embedder. Without
    /// an embedder, search is lexical (BM25) only; long-running commands (`announce`) log it as a
    /// warning, one-shot commands show it in their output (so their stderr stays one line).
    static func open(runtime: Runtime, embedder: (any Embedder)?, announce: Bool = false) async throws -> KnowledgeBase {
        if embedder == nil, announce {
            runtime.logger.warning("no embedder is configured: knowledge-base search is lexical (BM25) only")
        }
        do {
            return try await KnowledgeBase(store: SQLiteKnowledgeStore(database: runtime.database), embedder: embedder,
                                           settings: try settings(runtime.settings))
        } catch let error as KnowledgeError {
            throw error.flussoError
        }
    }
}
