import Dispatch
import FlussoCore
import Foundation

/// all-MiniLM-L6-v2 in-process, pure Swift (plus OpenBLAS for the matrix products): WordPiece
/// tokenizer, 6-layer BERT encoder, mean pooling, L2 normalisation. 384 dimensions, English.
///
/// Files (in `modelDirectory`, installed by `scripts/setup-models`): `model.safetensors`,
/// `vocab.txt`, `config.json`. Texts longer than `maxTokens` (256) are truncated; `encode`
/// reports which were. Batches are packed up to `maxBatchTokens` tokens; with `threads` > 1 the
/// batches are split across that many threads (each GEMM itself runs on one thread).
///
/// Invariants: vectors are 384 long and L2-normalised (an empty text gives the embedding of
/// `[CLS] [SEP]`); the same text always gives the same vector.
public final class MiniLMEmbedder: Embedder, @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; `BertEncoder` is thread-safe
    // (read-only weights, per-call buffers) and the tokenizer is a value type.

    /// The files this embedder needs, in the order they are checked.
    public static let requiredFiles = ["config.json", "vocab.txt", "model.safetensors"]

    /// One text's embedding with what the tokenizer did to it.
    public struct Result: Sendable {
        public var embedding: [Float]
        public var tokenCount: Int
        public var truncated: Bool
    }

    public let dimensions: Int
    public let modelID = "all-minilm-l6-v2"
    public let tokenizer: WordPieceTokenizer
    public let threads: Int
    public let maxBatchTokens: Int
    private let encoder: BertEncoder

    /// Loads the model from `modelDirectory`. Throws `EmbeddingError.modelFile` naming the first
    /// missing or broken file (and the setup command).
    public init(modelDirectory: String, threads: Int = 1, maxTokens: Int = 256, maxBatchTokens: Int = 2048) throws {
        let dir = modelDirectory.hasSuffix("/") ? String(modelDirectory.dropLast()) : modelDirectory
        for name in Self.requiredFiles where !FileManager.default.fileExists(atPath: dir + "/" + name) {
            throw EmbeddingError.modelFile(path: dir + "/" + name, reason: "missing")
        }
        let configuration = try BertEncoder.Configuration(configFile: dir + "/config.json")
        tokenizer = try WordPieceTokenizer(vocabularyFile: dir + "/vocab.txt", maxLength: min(maxTokens, configuration.maxPositions))
        guard tokenizer.vocabularySize == configuration.vocabularySize else {
            throw EmbeddingError.modelFile(
                path: dir + "/vocab.txt",
                reason: "has \(tokenizer.vocabularySize) tokens, config.json says \(configuration.vocabularySize)")
        }
        encoder = try BertEncoder(weights: SafetensorsFile(path: dir + "/model.safetensors"), configuration: configuration)
        dimensions = configuration.hidden
        self.threads = max(1, threads)
        self.maxBatchTokens = max(maxBatchTokens, maxTokens)
    }

    /// True when every file `init(modelDirectory:)` needs exists.
    public static func filesExist(in modelDirectory: String) -> Bool {
        requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: modelDirectory + "/" + $0) }
    }

    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        try await encode(texts).map(\.embedding)
    }

    /// Embeddings with token counts and truncation flags, off the caller's executor.
    public func encode(_ texts: [String]) async throws -> [Result] {
        if texts.isEmpty { return [] }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: self.encodeSynchronously(texts))
            }
        }
    }

    /// Embeddings computed on the calling thread (plus `threads − 1` helpers).
    public func encodeSynchronously(_ texts: [String]) -> [Result] {
        let encodings = texts.map { tokenizer.encode($0) }
        // Packed batches of whole texts, at most maxBatchTokens tokens each.
        var batches: [Range<Int>] = []
        var start = 0, tokens = 0
        for (i, e) in encodings.enumerated() {
            if tokens + e.ids.count > maxBatchTokens, i > start {
                batches.append(start..<i)
                start = i
                tokens = 0
            }
            tokens += e.ids.count
        }
        batches.append(start..<encodings.count)
        // Finer batches when several threads share the work, so both get some.
        if threads > 1, batches.count < threads, encodings.count >= threads {
            let per = (encodings.count + threads - 1) / threads
            batches = stride(from: 0, to: encodings.count, by: per).map { $0..<min($0 + per, encodings.count) }
        }
        let output = ResultSlots(count: texts.count, dimensions: dimensions)
        let batchList = batches
        let run: @Sendable (Range<Int>) -> Void = { batch in
            let vectors = self.encoder.encode(batch.map { encodings[$0].ids })
            for (j, i) in batch.enumerated() { output.set(i, vectors[j]) }
        }
        if threads == 1 || batches.count == 1 {
            batchList.forEach(run)
        } else {
            let workers = min(threads, batchList.count)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for b in stride(from: w, to: batchList.count, by: workers) { run(batchList[b]) }
            }
        }
        return encodings.indices.map { i in
            Result(embedding: output.get(i), tokenCount: encodings[i].ids.count, truncated: encodings[i].truncated)
        }
    }
}

/// Result slots written by disjoint indices from several threads.
private final class ResultSlots: @unchecked Sendable {
    // @unchecked: each index is written by exactly one batch (batches are disjoint ranges) and
    // read only after concurrentPerform returns, which orders the writes before the reads.
    private var storage: UnsafeMutableBufferPointer<[Float]>

    init(count: Int, dimensions: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: [])
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ i: Int, _ v: [Float]) { storage[i] = v }
    func get(_ i: Int) -> [Float] { storage[i] }
}
