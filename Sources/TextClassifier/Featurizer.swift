/// Turns a `ClassifierInput` into hashed feature buckets.
///
/// Text is normalised (lower case, common Latin accents folded, anything that is not a letter or
/// digit is a separator); words give unigrams and bigrams, and each word padded with spaces
/// gives character n-grams (like scikit-learn's `char_wb`). Each kind is its own block:
/// `words`, `chars`, `tags`. The caller weights (TF-IDF) and normalises.
public struct Featurizer: Sendable {
    public let settings: FeatureSettings
    let mask: UInt64

    static let wordSeed: UInt64 = 0x9ae1_6a3b_2f90_404f
    static let bigramSeed: UInt64 = 0x5851_f42d_4c95_7f2d
    static let charSeed: UInt64 = 0x1405_7b7e_f767_814f
    static let tagSeed: UInt64 = 0x2545_f491_4f6c_dd1d

    public init(settings: FeatureSettings) {
        self.settings = settings
        self.mask = (UInt64(1) << UInt64(settings.bucketBits)) - 1
    }

    /// Normalised words of `text`, each as an array of Unicode scalar values.
    public static func words(_ text: String) -> [[UInt32]] {
        var words: [[UInt32]] = []
        var current: [UInt32] = []
        current.reserveCapacity(24)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 128 {
                if v >= 97 && v <= 122 || v >= 48 && v <= 57 {
                    current.append(v)
                } else if v >= 65 && v <= 90 {
                    current.append(v + 32)
                } else if !current.isEmpty {
                    words.append(current)
                    current.removeAll(keepingCapacity: true)
                }
            } else if let folded = foldLatin(v) {
                current.append(folded)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { current.append(lower.value) }
            } else if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Folds the accented letters of Latin-1 (both cases) to their base letter, so "più" and
    /// "piu", "perché" and "perche" are one word.
    @inline(__always)
    static func foldLatin(_ v: UInt32) -> UInt32? {
        switch v {
        case 0xC0...0xC5, 0xE0...0xE5: return 97  // a
        case 0xC7, 0xE7: return 99  // c
        case 0xC8...0xCB, 0xE8...0xEB: return 101  // e
        case 0xCC...0xCF, 0xEC...0xEF: return 105  // i
        case 0xD1, 0xF1: return 110  // n
        case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8: return 111  // o
        case 0xD9...0xDC, 0xF9...0xFC: return 117  // u
        case 0xDD, 0xFD, 0xFF: return 121  // y
        default: return nil
        }
    }

    @inline(__always)
    func bucket(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: FNV1a.finalize(hash) & mask) }

    /// The hashed blocks of `input`.
    public func blocks(_ input: ClassifierInput) -> HashedBlocks {
        var blocks = HashedBlocks()
        blocks.words.reserveCapacity(64)
        blocks.chars.reserveCapacity(512)
        buckets(input, words: &blocks.words, chars: &blocks.chars, tags: &blocks.tags)
        return blocks
    }

    /// Appends the buckets of every feature of `input` to the three blocks (duplicates kept:
    /// they are term counts).
    public func buckets(_ input: ClassifierInput, words wordOut: inout [UInt32], chars charOut: inout [UInt32], tags tagOut: inout [UInt32]) {
        let words = Self.words(input.text)
        var previous: UInt64? = nil
        let charMin = settings.charNgramMin, charMax = settings.charNgramMax
        var padded: [UInt32] = []
        padded.reserveCapacity(32)
        for word in words {
            var h = Self.wordSeed
            for v in word { h = FNV1a.mix(h, v) }
            wordOut.append(bucket(h))
            if settings.wordNgramMax >= 2, let p = previous {
                var b = Self.bigramSeed
                b = (b ^ p) &* FNV1a.prime
                b = (b ^ h) &* FNV1a.prime
                wordOut.append(bucket(b))
            }
            previous = h
            if charMax > 0 {
                padded.removeAll(keepingCapacity: true)
                padded.append(32)
                padded.append(contentsOf: word)
                padded.append(32)
                let count = padded.count
                for start in 0..<count {
                    var g = Self.charSeed
                    let limit = min(charMax, count - start)
                    if limit < charMin { break }
                    for n in 1...limit {
                        g = FNV1a.mix(g, padded[start + n - 1])
                        if n >= charMin { charOut.append(bucket(g)) }
                    }
                }
            }
        }
        for tag in input.tags where !tag.isEmpty {
            tagOut.append(bucket(FNV1a.hash(tag.utf8, seed: Self.tagSeed)))
        }
    }
}

/// The feature buckets of one input, by kind, with repeats (term counts).
public struct HashedBlocks: Sendable, Equatable {
    public var words: [UInt32] = []
    public var chars: [UInt32] = []
    public var tags: [UInt32] = []
    public init() {}
    /// Every bucket once.
    var distinct: Set<UInt32> { Set(words).union(chars).union(tags) }
}
