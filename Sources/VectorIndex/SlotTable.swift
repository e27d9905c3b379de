/// Maps external `UInt64` ids to internal `UInt32` slots with a compact open-addressing table
/// (linear probing). It stores only `slot + 1` per bucket (4 bytes); the key is read back from
/// the caller's `ids` array, so the map costs ~5–11 bytes per vector instead of a Dictionary's
/// 16–32. Invariants: bucket 0 = empty, `UInt32.max` = tombstone; load (live + tombstones)
/// stays ≤ 70 %; live buckets always point at slots whose id is the probed key.
struct SlotTable {
    private static let empty: UInt32 = 0
    private static let tombstone: UInt32 = .max

    private(set) var buckets: [UInt32]
    private var mask: Int
    private(set) var liveCount = 0
    private var tombstones = 0

    init(minimumCapacity: Int = 16) {
        var cap = 16
        while cap * 7 < minimumCapacity * 10 { cap <<= 1 }
        buckets = Array(repeating: 0, count: cap)
        mask = cap - 1
    }

    var memoryBytes: Int { buckets.count * 4 }

    @inline(__always)
    private static func hash(_ id: UInt64) -> Int {
        var z = id &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31))
    }

    /// The slot of `id`, if present.
    func slot(of id: UInt64, ids: UnsafePointer<UInt64>) -> UInt32? {
        var i = SlotTable.hash(id) & mask
        while true {
            let b = buckets[i]
            if b == SlotTable.empty { return nil }
            if b != SlotTable.tombstone && ids[Int(b - 1)] == id { return b - 1 }
            i = (i + 1) & mask
        }
    }

    /// Records `ids[slot]` → `slot`. The id must not already be present.
    mutating func insert(slot: UInt32, ids: UnsafePointer<UInt64>) {
        if (liveCount + tombstones + 1) * 10 > buckets.count * 7 {
            rehash(capacity: (liveCount + 1) * 2 > buckets.count ? buckets.count * 2 : buckets.count, ids: ids)
        }
        var i = SlotTable.hash(ids[Int(slot)]) & mask
        while buckets[i] != SlotTable.empty && buckets[i] != SlotTable.tombstone { i = (i + 1) & mask }
        if buckets[i] == SlotTable.tombstone { tombstones -= 1 }
        buckets[i] = slot + 1
        liveCount += 1
    }

    /// Forgets `id` (which must currently map to some slot).
    mutating func remove(id: UInt64, ids: UnsafePointer<UInt64>) {
        var i = SlotTable.hash(id) & mask
        while true {
            let b = buckets[i]
            if b == SlotTable.empty { return }
            if b != SlotTable.tombstone && ids[Int(b - 1)] == id {
                buckets[i] = SlotTable.tombstone
                liveCount -= 1
                tombstones += 1
                return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func rehash(capacity: Int, ids: UnsafePointer<UInt64>) {
        let old = buckets
        buckets = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        tombstones = 0
        for b in old where b != SlotTable.empty && b != SlotTable.tombstone {
            var i = SlotTable.hash(ids[Int(b - 1)]) & mask
            while buckets[i] != SlotTable.empty { i = (i + 1) & mask }
            buckets[i] = b
        }
    }
}
