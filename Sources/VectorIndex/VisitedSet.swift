/// A reusable "visited" marker over slots using generation counters: starting a new search
/// bumps the generation instead of clearing memory (a full clear happens once every 65,535
/// searches). Invariant: a slot is visited iff `tags[slot] == generation`.
struct VisitedSet {
    private(set) var tags: UnsafeMutablePointer<UInt16>
    private(set) var capacity: Int
    private(set) var generation: UInt16 = 1

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        tags = .allocate(capacity: self.capacity)
        tags.initialize(repeating: 0, count: self.capacity)
    }

    func deallocate() { tags.deallocate() }

    /// Makes room for `slots` slots (outside the hot path; only when the index grew).
    mutating func ensureCapacity(_ slots: Int) {
        guard slots > capacity else { return }
        let newCapacity = max(slots, capacity * 2)
        let t = UnsafeMutablePointer<UInt16>.allocate(capacity: newCapacity)
        t.initialize(repeating: 0, count: newCapacity)
        tags.deallocate()
        tags = t
        capacity = newCapacity
        generation = 1
    }

    /// Forgets every mark in O(1) (amortised).
    @inline(__always)
    mutating func reset() {
        if generation == UInt16.max {
            tags.update(repeating: 0, count: capacity)
            generation = 1
        } else {
            generation &+= 1
        }
    }
}
