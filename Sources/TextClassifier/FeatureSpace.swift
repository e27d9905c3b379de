/// A sparse, TF-IDF weighted, L2-normalised feature vector over a model's rows.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]
    public init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }
    public var isEmpty: Bool { indices.isEmpty }
}

/// The buckets a model knows (one weight row each) and their inverse document frequencies.
///
/// Invariant: `rowOf[bucket]` is the row of `bucket` or -1; `idf.count == buckets.count`.
struct FeatureSpace: Sendable {
    let featurizer: Featurizer
    /// Row → bucket.
    let buckets: [UInt32]
    /// Row → smoothed IDF, `ln((1 + n) / (1 + df)) + 1` as in scikit-learn.
    let idf: [Float]
    /// Bucket → row, or -1 for a bucket never seen in training.
    let rowOf: [Int32]

    init(featurizer: Featurizer, buckets: [UInt32], idf: [Float]) {
        self.featurizer = featurizer
        self.buckets = buckets
        self.idf = idf
        var rowOf = [Int32](repeating: -1, count: 1 << featurizer.settings.bucketBits)
        for (row, b) in buckets.enumerated() { rowOf[Int(b)] = Int32(row) }
        self.rowOf = rowOf
    }

    /// The vector of `input`: per block (words, characters, tags) sublinear TF × IDF, each block
    /// L2-normalised, then scaled by 1/√(non-empty blocks) so the whole vector has norm 1.
    /// Buckets unknown to the model are dropped.
    func vector(_ input: ClassifierInput) -> SparseVector {
        vector(featurizer.blocks(input))
    }

    /// The vector of already hashed blocks (see `Featurizer.blocks`).
    func vector(_ blocks: HashedBlocks) -> SparseVector {
        let words = blocks.words, chars = blocks.chars, tags = blocks.tags
        var out = SparseVector()
        out.indices.reserveCapacity(words.count + chars.count + tags.count)
        out.values.reserveCapacity(words.count + chars.count + tags.count)
        var starts: [Int] = []
        for block in [words, chars, tags] {
            let start = out.indices.count
            appendBlock(block, to: &out)
            if out.indices.count > start { starts.append(start) }
        }
        guard !starts.isEmpty else { return out }
        starts.append(out.indices.count)
        let blockScale = 1 / Float(starts.count - 1).squareRoot()
        for b in 0..<(starts.count - 1) {
            var norm: Float = 0
            for i in starts[b]..<starts[b + 1] { norm += out.values[i] * out.values[i] }
            let scale = blockScale / norm.squareRoot()
            for i in starts[b]..<starts[b + 1] { out.values[i] *= scale }
        }
        return out
    }

    private func appendBlock(_ block: [UInt32], to out: inout SparseVector) {
        guard !block.isEmpty else { return }
        var rows: [Int32] = []
        rows.reserveCapacity(block.count)
        for b in block {
            let r = rowOf[Int(b)]
            if r >= 0 { rows.append(r) }
        }
        guard !rows.isEmpty else { return }
        rows.sort()
        let sublinear = featurizer.settings.sublinearTF
        var i = 0
        while i < rows.count {
            var j = i + 1
            while j < rows.count && rows[j] == rows[i] { j += 1 }
            let count = Float(j - i)
            let tf = sublinear ? 1 + cLogf(count) : count
            out.indices.append(rows[i])
            out.values.append(tf * idf[Int(rows[i])])
            i = j
        }
    }
}
