extension TrainedModel {
    /// A digest of the model's file contents, 16 hex digits (FNV-1a 64): two models have the same
    /// revision exactly when their files are the same bytes. Computed on each call (it serialises
    /// the model); keep it rather than asking again.
    public var revision: String {
        let hash = FNV1a.hash(serialized())
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
