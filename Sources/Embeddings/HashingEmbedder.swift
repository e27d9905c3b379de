import FlussoCore
import Foundation

/// The fallback embedder when no model is installed: hashed word unigrams, word bigrams and
/// character trigrams (inside `#word#`), each weighted by sublinear term frequency
/// (1 + ln tf) times a per-kind weight and a length-based rarity proxy (longer words are rarer),
/// signed-hashed into `dimensions` buckets (FNV-1a, stable across processes) and L2-normalised.
///
/// It finds texts that share words or word fragments (so "pressione"/"pressure" score a little
/// via shared trigrams), nothing more: no synonyms, no translation. Deterministic, no files.
///
/// Invariants: every vector is `dimensions` long and has norm 1, or is all zeros for a text with
/// no letters or digits.
public struct HashingEmbedder: Embedder {
    public let dimensions: Int
    public var modelID: String { "hashing-v1-\(dimensions)" }

    public init(dimensions: Int = 384) {
        precondition(dimensions > 0, "dimensions must be positive")
        self.dimensions = dimensions
    }

    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        texts.map(vector)
    }

    /// The embedding of one text.
    public func vector(_ text: String) -> [Float] {
        let words = Self.words(text)
        var counts: [UInt64: (weight: Float, tf: Int)] = [:]
        func add(_ feature: Substring, kind: UInt64, weight: Float) {
            let h = Self.fnv1a(feature, seed: kind)
            counts[h, default: (weight, 0)].tf += 1
        }
        for (i, w) in words.enumerated() {
            let rarity = min(Float(w.count), 8) / 4  // 0.25 … 2: short function words count less
            add(Substring(w), kind: 1, weight: 1.0 * rarity)
            if i + 1 < words.count { add(Substring(w + " " + words[i + 1]), kind: 2, weight: 0.5 * rarity) }
            let padded = Array("#" + w + "#")
            if padded.count > 3 {
                for j in 0...(padded.count - 3) { add(Substring(String(padded[j..<j + 3])), kind: 3, weight: 0.25) }
            }
        }
        var v = [Float](repeating: 0, count: dimensions)
        for (h, entry) in counts {
            let value = entry.weight * (1 + log(Float(entry.tf)))
            let bucket = Int(h % UInt64(dimensions))
            v[bucket] += (h >> 63) == 0 ? value : -value
        }
        var norm: Float = 0
        for x in v { norm += x * x }
        guard norm > 0 else { return v }
        let inv = 1 / norm.squareRoot()
        return v.map { $0 * inv }
    }

    /// Lower-cased, accent-stripped runs of letters and digits.
    static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for s in folded.unicodeScalars {
            if s.properties.isAlphabetic || s.properties.numericType != nil {
                current.append(s)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// 64-bit FNV-1a over the UTF-8 bytes, seeded by the feature kind.
    static func fnv1a(_ s: Substring, seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ (seed &* 0x100_0000_01B3)
        for b in s.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01B3
        }
        // Final avalanche so the modulo and the sign bit are well mixed.
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}
