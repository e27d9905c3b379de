/// How text becomes features. Stored in the model file, so prediction featurises exactly as
/// training did.
///
/// Features are hashed (FNV-1a 64 with a per-kind seed, then masked to `2^bucketBits` buckets)
/// instead of kept in a string vocabulary: hashing needs no vocabulary pass or storage of n-gram
/// strings, is the same on every machine, and with 2^20 buckets collisions among the ~10^5
/// distinct n-grams of a typical corpus are rare. Training keeps only the buckets it has seen, so
/// the model stores weights for those alone (unseen buckets are dropped at prediction, as a
/// vocabulary would drop unknown n-grams).
public struct FeatureSettings: Sendable, Equatable {
    /// log2 of the number of hash buckets (10…24).
    public var bucketBits: Int
    /// Word n-grams from 1 to this (1 or 2).
    public var wordNgramMax: Int
    /// Character n-grams inside word boundaries (each word padded with a space on both sides),
    /// from `charNgramMin` to `charNgramMax`; `charNgramMax == 0` turns them off.
    public var charNgramMin: Int
    public var charNgramMax: Int
    /// `1 + log(tf)` instead of raw counts.
    public var sublinearTF: Bool

    public init(bucketBits: Int = 20, wordNgramMax: Int = 2, charNgramMin: Int = 2, charNgramMax: Int = 5, sublinearTF: Bool = true) {
        self.bucketBits = bucketBits
        self.wordNgramMax = wordNgramMax
        self.charNgramMin = charNgramMin
        self.charNgramMax = charNgramMax
        self.sublinearTF = sublinearTF
    }

    /// Throws `invalid_settings` when a value is out of range.
    public func validate() throws {
        guard (10...24).contains(bucketBits) else {
            throw ClassifierError("invalid_settings", "bucketBits must be 10…24, got \(bucketBits)")
        }
        guard (1...2).contains(wordNgramMax) else {
            throw ClassifierError("invalid_settings", "wordNgramMax must be 1 or 2, got \(wordNgramMax)")
        }
        guard charNgramMax == 0 || (1...8).contains(charNgramMin) && (charNgramMin...8).contains(charNgramMax) else {
            throw ClassifierError(
                "invalid_settings", "character n-grams must satisfy 1 ≤ min ≤ max ≤ 8 (or max 0), got \(charNgramMin)…\(charNgramMax)")
        }
    }
}

/// What the classifier reads: free text plus optional structured tags (for tickets: the
/// error-code prefix and the product type), each tag one feature of its own kind.
public struct ClassifierInput: Sendable, Equatable {
    public var text: String
    public var tags: [String]
    public init(text: String, tags: [String] = []) {
        self.text = text
        self.tags = tags
    }
}
