import COpenBLAS
import FlussoCore
import Foundation

/// The all-MiniLM-L6-v2 encoder (BERT: 6 layers, 384 hidden, 12 heads, 1536 intermediate,
/// exact-erf GELU, post-layer-norm) over float32 weights memory-mapped from a safetensors file.
///
/// A batch is packed: the tokens of all its sequences are the rows of one matrix, so every linear
/// layer is one `cblas_sgemm` (tokens×384 · 384×384, tokens×384 · 384×1536, …) with no padding,
/// and attention runs per sequence and head over that sequence's own keys only — exactly what
/// a padded batch with an attention mask computes, without the wasted rows.
///
/// Invariants: weights are read-only; `encode` uses only its own buffers, so one encoder may
/// serve several threads at once.
public final class BertEncoder: @unchecked Sendable {
    // @unchecked: holds read-only pointers into a read-only mapping owned by `file` (kept
    // alive here); nothing is mutated after init.

    public struct Configuration: Sendable, Equatable {
        public var hidden = 384
        public var layers = 6
        public var heads = 12
        public var intermediate = 1536
        public var vocabularySize = 30522
        public var maxPositions = 512
        public var typeVocabularySize = 2
        public var layerNormEpsilon: Float = 1e-12
        public init() {}

        /// Reads the fields that matter from a Hugging Face `config.json`.
        public init(configFile path: String) throws {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EmbeddingError.modelFile(path: path, reason: "cannot read the model configuration")
            }
            guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw EmbeddingError.modelFile(path: path, reason: "not a JSON object")
            }
            func int(_ key: String) throws -> Int {
                guard let v = json[key] as? Int, v > 0 else {
                    throw EmbeddingError.modelFile(path: path, reason: "missing or invalid \(key)")
                }
                return v
            }
            self.init()
            hidden = try int("hidden_size")
            layers = try int("num_hidden_layers")
            heads = try int("num_attention_heads")
            intermediate = try int("intermediate_size")
            vocabularySize = try int("vocab_size")
            maxPositions = try int("max_position_embeddings")
            typeVocabularySize = try int("type_vocab_size")
            if let eps = json["layer_norm_eps"] as? Double { layerNormEpsilon = Float(eps) }
            if let act = json["hidden_act"] as? String, act != "gelu" {
                throw EmbeddingError.modelFile(path: path, reason: "hidden_act \(act) is not supported (gelu only)")
            }
            guard hidden % heads == 0 else {
                throw EmbeddingError.modelFile(path: path, reason: "hidden_size is not a multiple of num_attention_heads")
            }
        }
    }

    struct Linear {
        var weight: UnsafePointer<Float>  // [out, in], row-major (PyTorch layout)
        var bias: UnsafePointer<Float>
        var inputs: Int
        var outputs: Int
    }

    struct Norm {
        var gamma: UnsafePointer<Float>
        var beta: UnsafePointer<Float>
    }

    struct Layer {
        var query, key, value, attentionOutput, intermediate, output: Linear
        var attentionNorm, outputNorm: Norm
    }

    public let configuration: Configuration
    private let file: SafetensorsFile
    private let wordEmbeddings: UnsafePointer<Float>
    private let positionEmbeddings: UnsafePointer<Float>
    private let typeEmbeddings: UnsafePointer<Float>
    private let embeddingNorm: Norm
    private let layers: [Layer]

    public init(weights file: SafetensorsFile, configuration c: Configuration) throws {
        self.file = file
        self.configuration = c
        let h = c.hidden
        func vec(_ name: String, _ n: Int) throws -> UnsafePointer<Float> {
            try file.floats(name, shape: [n]).baseAddress!
        }
        func mat(_ name: String, _ rows: Int, _ cols: Int) throws -> UnsafePointer<Float> {
            try file.floats(name, shape: [rows, cols]).baseAddress!
        }
        func linear(_ prefix: String, _ inputs: Int, _ outputs: Int) throws -> Linear {
            Linear(
                weight: try mat(prefix + ".weight", outputs, inputs), bias: try vec(prefix + ".bias", outputs),
                inputs: inputs, outputs: outputs)
        }
        func norm(_ prefix: String) throws -> Norm {
            Norm(gamma: try vec(prefix + ".weight", h), beta: try vec(prefix + ".bias", h))
        }
        wordEmbeddings = try mat("embeddings.word_embeddings.weight", c.vocabularySize, h)
        positionEmbeddings = try mat("embeddings.position_embeddings.weight", c.maxPositions, h)
        typeEmbeddings = try mat("embeddings.token_type_embeddings.weight", c.typeVocabularySize, h)
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<c.layers).map { i in
            let p = "encoder.layer.\(i)."
            return Layer(
                query: try linear(p + "attention.self.query", h, h),
                key: try linear(p + "attention.self.key", h, h),
                value: try linear(p + "attention.self.value", h, h),
                attentionOutput: try linear(p + "attention.output.dense", h, h),
                intermediate: try linear(p + "intermediate.dense", h, c.intermediate),
                output: try linear(p + "output.dense", c.intermediate, h),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                outputNorm: try norm(p + "output.LayerNorm"))
        }
        // One thread per GEMM: parallelism comes from splitting the batch across threads.
        openblas_set_num_threads(1)
    }

    /// Mean-pooled, L2-normalised sentence embeddings for a packed batch of token-id sequences
    /// (each non-empty, at most `maxPositions` long, ids below the vocabulary size).
    public func encode(_ sequences: [[Int32]]) -> [[Float]] {
        let c = configuration
        let h = c.hidden
        let total = sequences.reduce(0) { $0 + $1.count }
        if total == 0 { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var offsets: [Int] = []
        offsets.reserveCapacity(sequences.count)
        var o = 0
        for s in sequences {
            offsets.append(o)
            o += s.count
        }

        var x = [Float](repeating: 0, count: total * h)
        var q = [Float](repeating: 0, count: total * h)
        var k = [Float](repeating: 0, count: total * h)
        var v = [Float](repeating: 0, count: total * h)
        var ctx = [Float](repeating: 0, count: total * h)
        var inter = [Float](repeating: 0, count: total * c.intermediate)
        let maxLen = sequences.map(\.count).max() ?? 0
        var scores = [Float](repeating: 0, count: maxLen * maxLen)

        // Embeddings: word + position + token type 0, then layer norm.
        x.withUnsafeMutableBufferPointer { xb in
            let xp = xb.baseAddress!
            for (si, seq) in sequences.enumerated() {
                for (pos, id) in seq.enumerated() {
                    let row = xp + (offsets[si] + pos) * h
                    let w = wordEmbeddings + Int(id) * h
                    let p = positionEmbeddings + pos * h
                    for j in 0..<h { row[j] = w[j] + p[j] + typeEmbeddings[j] }
                }
            }
            Kernels.layerNorm(xp, rows: total, width: h, gamma: embeddingNorm.gamma, beta: embeddingNorm.beta, epsilon: c.layerNormEpsilon)
        }

        let headDim = h / c.heads
        let scale = 1 / Float(headDim).squareRoot()
        for layer in layers {
            Self.linear(x, layer.query, rows: total, into: &q)
            Self.linear(x, layer.key, rows: total, into: &k)
            Self.linear(x, layer.value, rows: total, into: &v)
            // Attention, per sequence and head, over that sequence's own tokens only.
            q.withUnsafeBufferPointer { qb in
                k.withUnsafeBufferPointer { kb in
                    v.withUnsafeBufferPointer { vb in
                        ctx.withUnsafeMutableBufferPointer { cb in
                            scores.withUnsafeMutableBufferPointer { sb in
                                for (si, seq) in sequences.enumerated() {
                                    let n = seq.count
                                    let base = offsets[si] * h
                                    for head in 0..<c.heads {
                                        let off = base + head * headDim
                                        // scores = scale · Q_h K_hᵀ   (n×d · d×n)
                                        cblas_sgemm(
                                            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(headDim),
                                            scale, qb.baseAddress! + off, Int32(h), kb.baseAddress! + off, Int32(h),
                                            0, sb.baseAddress!, Int32(n))
                                        Kernels.softmaxRows(sb.baseAddress!, rows: n, width: n)
                                        // ctx_h = P · V_h   (n×n · n×d)
                                        cblas_sgemm(
                                            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(headDim), Int32(n),
                                            1, sb.baseAddress!, Int32(n), vb.baseAddress! + off, Int32(h),
                                            0, cb.baseAddress! + off, Int32(h))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // Output projection, residual, layer norm.
            Self.linear(ctx, layer.attentionOutput, rows: total, into: &q)
            Kernels.addLayerNorm(&x, q, rows: total, width: h, norm: layer.attentionNorm, epsilon: c.layerNormEpsilon)
            // Feed-forward.
            Self.linear(x, layer.intermediate, rows: total, into: &inter)
            Kernels.gelu(&inter)
            Self.linear(inter, layer.output, rows: total, into: &q)
            Kernels.addLayerNorm(&x, q, rows: total, width: h, norm: layer.outputNorm, epsilon: c.layerNormEpsilon)
        }

        // Mean pooling over each sequence's tokens, then L2 normalisation.
        return sequences.indices.map { si in
            var out = [Float](repeating: 0, count: h)
            let n = sequences[si].count
            x.withUnsafeBufferPointer { xb in
                for t in 0..<n {
                    let row = xb.baseAddress! + (offsets[si] + t) * h
                    for j in 0..<h { out[j] += row[j] }
                }
            }
            var norm: Float = 0
            for j in 0..<h {
                out[j] /= Float(n)
                norm += out[j] * out[j]
            }
            let inv = norm > 0 ? 1 / norm.squareRoot() : 0
            for j in 0..<h { out[j] *= inv }
            return out
        }
    }

    /// out[rows × outputs] = input[rows × inputs] · Wᵀ + b.
    private static func linear(_ input: [Float], _ l: Linear, rows: Int, into out: inout [Float]) {
        out.withUnsafeMutableBufferPointer { ob in
            let op = ob.baseAddress!
            for r in 0..<rows { (op + r * l.outputs).update(from: l.bias, count: l.outputs) }
            input.withUnsafeBufferPointer { ib in
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(l.outputs), Int32(l.inputs),
                    1, ib.baseAddress!, Int32(l.inputs), l.weight, Int32(l.inputs), 1, op, Int32(l.outputs))
            }
        }
    }
}

extension Kernels {
    static func addLayerNorm(_ x: inout [Float], _ delta: [Float], rows: Int, width: Int, norm: BertEncoder.Norm, epsilon: Float) {
        x.withUnsafeMutableBufferPointer { xb in
            delta.withUnsafeBufferPointer { db in
                let xp = xb.baseAddress!, dp = db.baseAddress!
                Kernels.add(xp, dp, count: rows * width)
                Kernels.layerNorm(xp, rows: rows, width: width, gamma: norm.gamma, beta: norm.beta, epsilon: epsilon)
            }
        }
    }
}
