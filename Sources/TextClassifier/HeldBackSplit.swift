/// The examples set aside to judge models, never trained on: of each label, the share whose
/// seeded hash of text and tags is smallest. The choice depends on the examples themselves, not
/// on their order or on what else is in the file, so the same example is held back every time —
/// the model in use and a retrained one are judged on examples neither saw.
public enum HeldBackSplit {
    /// `kept` and `heldBack`, each in the input's order. A label with fewer than two examples
    /// keeps them all; otherwise `round(share × count)` are held back (at least one when `share`
    /// is positive), leaving at least one to train on.
    public static func split(_ examples: [LabelledExample], share: Double, seed: UInt64) -> (kept: [LabelledExample], heldBack: [LabelledExample]) {
        guard share > 0 else { return (examples, []) }
        var byLabel: [String: [(index: Int, key: UInt64)]] = [:]
        for (index, example) in examples.enumerated() {
            byLabel[example.label, default: []].append((index, key(example, seed: seed)))
        }
        var held = Set<Int>()
        for members in byLabel.values where members.count >= 2 {
            let count = min(members.count - 1, max(1, Int((Double(members.count) * share).rounded())))
            let chosen = members.sorted { ($0.key, $0.index) < ($1.key, $1.index) }.prefix(count)
            held.formUnion(chosen.map(\.index))
        }
        var kept: [LabelledExample] = []
        var heldBack: [LabelledExample] = []
        for (index, example) in examples.enumerated() {
            if held.contains(index) { heldBack.append(example) } else { kept.append(example) }
        }
        return (kept, heldBack)
    }

    static func key(_ example: LabelledExample, seed: UInt64) -> UInt64 {
        var bytes = Array(example.input.text.utf8)
        for tag in example.input.tags {
            bytes.append(0)
            bytes += Array(tag.utf8)
        }
        return FNV1a.finalize(FNV1a.hash(bytes, seed: FNV1a.offset ^ seed))
    }
}
