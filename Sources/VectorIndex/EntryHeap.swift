/// A (distance, slot) pair kept in search heaps.
struct HeapEntry {
    var distance: Float
    var slot: UInt32
}

/// A binary max-heap on `distance` over manually managed storage; grows only when full and
/// keeps its storage between searches, so steady-state searches never allocate.
/// A min-heap is obtained by pushing negated distances. The owner must call `deallocate()`.
struct EntryHeap {
    private(set) var storage: UnsafeMutablePointer<HeapEntry>
    private(set) var capacity: Int
    var count: Int = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    @inline(__always) var isEmpty: Bool { count == 0 }
    @inline(__always) var top: HeapEntry { storage[0] }
    @inline(__always) mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let s = UnsafeMutablePointer<HeapEntry>.allocate(capacity: newCapacity)
        s.update(from: storage, count: count)
        storage.deallocate()
        storage = s
        capacity = newCapacity
    }

    @inline(__always)
    mutating func push(_ distance: Float, _ slot: UInt32) {
        if count == capacity { grow() }
        let s = storage
        var i = count
        count &+= 1
        while i > 0 {
            let parent = (i &- 1) >> 1
            let p = s[parent]
            if p.distance >= distance { break }
            s[i] = p
            i = parent
        }
        s[i] = HeapEntry(distance: distance, slot: slot)
    }

    @inline(__always)
    @discardableResult
    mutating func pop() -> HeapEntry {
        let s = storage
        let result = s[0]
        count &-= 1
        let n = count
        if n == 0 { return result }
        let last = s[n]
        var i = 0
        while true {
            var child = 2 &* i &+ 1
            if child >= n { break }
            if child &+ 1 < n && s[child &+ 1].distance > s[child].distance { child &+= 1 }
            if s[child].distance <= last.distance { break }
            s[i] = s[child]
            i = child
        }
        s[i] = last
        return result
    }
}
