import FlussoCore
import Foundation
import Knowledge

extension KnowledgeSettings {
    /// The knowledge base's settings from `kb.*`: validated here, at start-up, catalogue mapping
    /// files (already resolved against the home) read and checked.
    init(_ resolved: ResolvedConfiguration, dataDirectory: String, mappingFiles: [String], languages: [String]) throws {
        var indexDirectory = resolved.string("kb.index_dir")
        if indexDirectory.isEmpty { indexDirectory = (dataDirectory as NSString).appendingPathComponent("kb") }
        var mappings: [CatalogueMapping] = []
        for file in mappingFiles {
            do {
                mappings += try CatalogueMapping.load(from: file)
            } catch let error as KnowledgeError {
                throw FlussoError(.invalidConfiguration, "kb.catalogue_mapping_files: \(error.message)")
            }
        }
        let chunking = ChunkingSettings(
            maxTokens: resolved.int("kb.max_chunk_tokens"), windowTokens: resolved.int("kb.window_tokens"),
            overlapTokens: resolved.int("kb.overlap_tokens"))
        guard chunking.maxTokens >= 50, (20...chunking.maxTokens).contains(chunking.windowTokens),
            (0..<chunking.windowTokens).contains(chunking.overlapTokens)
        else {
            throw FlussoError(
                .invalidConfiguration,
                "kb.max_chunk_tokens must be ≥ 50, kb.window_tokens 20…max, kb.overlap_tokens below kb.window_tokens")
        }
        let minimum = resolved.int("kb.min_candidates")
        guard (1...50).contains(minimum) else { throw FlussoError(.invalidConfiguration, "kb.min_candidates must be 1 to 50") }
        let dense = resolved.int("kb.dense_candidates")
        let lexical = resolved.int("kb.lexical_candidates")
        guard (1...50).contains(dense), (1...50).contains(lexical) else {
            throw FlussoError(.invalidConfiguration, "kb.dense_candidates and kb.lexical_candidates must be 1 to 50")
        }
        let rerank = RerankWeights(
            rrfK: resolved.double("kb.rerank_rrf_k"), lexicalWeight: resolved.double("kb.rerank_lexical_weight"),
            errorCode: resolved.double("kb.rerank_code_weight"), model: resolved.double("kb.rerank_model_weight"),
            overlap: resolved.double("kb.rerank_overlap_weight"), cosine: resolved.double("kb.rerank_cosine_weight"))
        guard rerank.rrfK > 0,
            [rerank.lexicalWeight, rerank.errorCode, rerank.model, rerank.overlap, rerank.cosine].allSatisfy({ (0...100).contains($0) })
        else {
            throw FlussoError(.invalidConfiguration, "kb.rerank_rrf_k must be above 0 and the other kb.rerank_* weights 0 to 100")
        }
        do {
            let patterns = try MetadataPatterns(
                errorCodePattern: resolved.string("kb.error_code_pattern"),
                modelPattern: resolved.string("kb.model_pattern"))
            self.init(
                indexDirectory: indexDirectory, chunking: chunking, catalogues: mappings, patterns: patterns,
                denseCandidates: dense, lexicalCandidates: lexical, minimumCandidates: minimum, rerank: rerank,
                languages: languages)
        } catch let error as KnowledgeError {
            throw FlussoError(.invalidConfiguration, error.message)
        }
    }
}
