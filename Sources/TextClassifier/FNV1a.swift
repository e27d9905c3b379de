/// 64-bit FNV-1a, used for feature hashing and for the model file's checksum.
///
/// Stable across runs, platforms and Swift versions (unlike `Hasher`, which is seeded per
/// process), so a model trained on one machine hashes features the same way on another.
enum FNV1a {
    static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    @inline(__always)
    static func mix(_ hash: UInt64, _ value: UInt32) -> UInt64 {
        var h = hash
        h = (h ^ UInt64(value & 0xff)) &* prime
        h = (h ^ UInt64((value >> 8) & 0xff)) &* prime
        h = (h ^ UInt64((value >> 16) & 0xff)) &* prime
        h = (h ^ UInt64(value >> 24)) &* prime
        return h
    }

    static func hash<S: Sequence>(_ bytes: S, seed: UInt64 = offset) -> UInt64 where S.Element == UInt8 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// A final avalanche so that low bits (used as the bucket) depend on every input bit.
    @inline(__always)
    static func finalize(_ hash: UInt64) -> UInt64 {
        var z = hash
        z = (z ^ (z >> 33)) &* 0xff51_afd7_ed55_8ccd
        z = (z ^ (z >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return z ^ (z >> 33)
    }
}

/// SplitMix64: the seeded generator behind every random choice in training (shuffles, the
/// validation split), so the same seed gives the same model bytes.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
