import FlussoCore
import Foundation
import Knowledge

extension Adapters {
    /// `vectors`: the index of one embedder's chunk vectors (the pure-Swift HNSW, a file per
    /// embedder under `kb.index_dir`); nil without an embedder (search is then lexical only).
    static func makeVectorIndex(_ backend: VectorsBackend, embedder: (any Embedder)?) throws -> (any ChunkVectorIndex)? {
        guard let embedder else { return nil }
        switch backend {
        case .hnsw(let directory):
            return try HNSWChunkIndex(directory: directory, modelID: embedder.modelID, dimensions: embedder.dimensions)
        }
    }

    /// The knowledge base (`kb.*`) over the persistence backend's chunk store (BM25 in SQLite
    /// FTS5), with the configured embedder and its vector index.
    /// `documentText`: the engine PDF manuals are read with (nil: PDFs are refused), with `manuals`'
    /// limits.
    static func makeKnowledgeBase(
        _ settings: KnowledgeSettings, store: any KnowledgeStore, embedder: (any Embedder)?,
        vectors: (any ChunkVectorIndex)?, documentText: (any DocumentTextExtractor)? = nil, manuals: DocumentTextOptions = DocumentTextOptions()
    ) async throws -> KnowledgeBase {
        var pdfText: (@Sendable (Data, String) async throws -> DocumentText)?
        if let documentText {
            var layout = manuals
            layout.layout = true
            let options = layout
            pdfText = { data, name in
                do {
                    return try await documentText.extract(data, filename: name, options: options)
                } catch let error as FlussoError {
                    // The engine names step 3's limits; for manuals the kb.pdf_* ones apply.
                    throw KnowledgeError(
                        error.code.name, error.message.replacingOccurrences(of: "ocr.max_attachment_bytes", with: "kb.pdf_max_bytes"))
                }
            }
        }
        do {
            let reading = [
                manuals.languages, "\(manuals.dpi)", "\(manuals.maxPages)", "\(manuals.maxBytes)", "\(manuals.secondsPerPage)",
                "\(manuals.maxPagePixels)",
            ].joined(separator: "/")
            return try await KnowledgeBase(
                store: store, embedder: embedder, vectors: vectors, settings: settings, pdfText: pdfText, pdfReadingFingerprint: reading)
        } catch let error as KnowledgeError {
            throw error.flussoError
        }
    }
}
