import FlussoCore
import Foundation
import VectorIndex

/// The local `ChunkVectorIndex`: cosine HNSW over L2-normalised embeddings (the `VectorIndex`
/// module), saved as `vectors-<model>-<hash>.hnsw` in `directory` with a JSON manifest that names
/// the embedder and the chunks covered. Each embedder has its own file, so a site that switches
/// embedders (or falls back while a model server is down) rebuilds only what is stale, never the
/// same index back and forth.
public actor HNSWChunkIndex: ChunkVectorIndex {
    public let modelID: String
    public let dimensions: Int
    private let indexPath: String
    private let manifestPath: String
    private var index: HNSWIndex?

    /// Opens the index of the embedder `modelID` (nothing is read until `committedState()`).
    public init(directory: String, modelID: String, dimensions: Int) throws {
        self.modelID = modelID
        self.dimensions = dimensions
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stem = "vectors-" + Self.fileStem(for: modelID)
        indexPath = (directory as NSString).appendingPathComponent(stem + ".hnsw")
        manifestPath = (directory as NSString).appendingPathComponent(stem + ".json")
        // Before per-embedder files, the index was vectors.hnsw: derived data, rebuilt from the store.
        for legacy in ["vectors.hnsw", "vectors.json"] {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(legacy))
        }
    }

    /// A file-name-safe, unique stem for a model id: its letters and digits (at most 40) and a
    /// hash of the whole id.
    static func fileStem(for modelID: String) -> String {
        let readable = String(modelID.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(40))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in modelID.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return readable + "-" + String(hash, radix: 16)
    }

    public func committedState() async -> ChunkVectorState? {
        guard let manifest = VectorManifest.load(manifestPath), manifest.modelID == modelID, manifest.dimensions == dimensions,
            let loaded = try? HNSWIndex.load(from: indexPath), loaded.dimensions == dimensions
        else { return nil }
        index = loaded
        return ChunkVectorState(chunkCount: manifest.chunkCount, maxKey: manifest.maxKey)
    }

    public func reset(capacity: Int) async throws {
        let fresh = try HNSWIndex(dimensions: dimensions, metric: .cosine)
        fresh.reserveCapacity(max(capacity, 16))
        index = fresh
    }

    public func insert(key: Int64, vector: [Float]) async throws {
        if index == nil { try await reset(capacity: 16) }
        try index?.insert(id: UInt64(key), vector: vector)
    }

    public func remove(key: Int64) async {
        try? index?.remove(id: UInt64(key))
    }

    public func count() async -> Int { index?.count ?? 0 }

    public func search(_ vector: [Float], k: Int, allowedKeys: Set<Int64>?) async throws -> [(key: Int64, similarity: Double)] {
        guard let index, index.count > 0, k > 0 else { return [] }
        let filter = allowedKeys.map { SearchFilter.allowList(Set($0.map { UInt64($0) })) }
        return try index.search(vector, k: min(k, index.count), filter: filter).map { (key: Int64($0.id), similarity: Double(1 - $0.distance)) }
    }

    public func commit(_ state: ChunkVectorState) async throws {
        guard let index else { return }
        try index.save(to: indexPath)
        try VectorManifest(modelID: modelID, dimensions: dimensions, chunkCount: state.chunkCount, maxKey: state.maxKey).save(manifestPath)
    }
}

extension KnowledgeBase {
    /// A knowledge base whose vectors are in the local HNSW index under `settings.indexDirectory`
    /// (the composition root injects its index through the designated initialiser instead).
    public init(
        store: any KnowledgeStore, embedder: (any Embedder)?, settings: KnowledgeSettings,
        pdfText: (@Sendable (Data, String) async throws -> DocumentText)? = nil
    ) async throws {
        let vectors = try embedder.map { try HNSWChunkIndex(directory: settings.indexDirectory, modelID: $0.modelID, dimensions: $0.dimensions) }
        try await self.init(store: store, embedder: embedder, vectors: vectors, settings: settings, pdfText: pdfText)
    }
}
