/// A tiny seeded PRNG (SplitMix64). Its whole state is one `UInt64`, stored in index files so
/// that a loaded index continues the same level sequence as the one that was saved. Public so the
/// benchmarks draw from the same generator instead of keeping a copy (the TextClassifier engine,
/// standard library only like this module, keeps its own).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) {
        self.state = state
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    @inline(__always)
    mutating func nextUnitInterval() -> Double {
        Double((next() >> 11) &+ 1) * (1.0 / 9_007_199_254_740_992.0)
    }
}
