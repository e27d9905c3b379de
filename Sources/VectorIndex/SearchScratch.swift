/// Per-search working memory (visited set, two heaps, normalised query copy, allow-marks, the
/// batch of unvisited neighbours waiting to be scored),
/// kept in a pool and reused so that steady-state searches do not allocate.
///
/// `@unchecked Sendable`: an instance is only ever used by one thread at a time — it is
/// checked out of the index's mutex-guarded `ScratchPool` for the duration of one call and returned
/// afterwards; nothing else holds a reference to it meanwhile.
final class SearchScratch: @unchecked Sendable {
    var visited: VisitedSet
    var allowed: VisitedSet
    var candidates: EntryHeap
    var results: EntryHeap
    let query: UnsafeMutablePointer<Float>
    let dimensions: Int
    /// Unvisited neighbours of the node being expanded; room for the largest adjacency list
    /// (2M, M ≤ 255).
    let pending: UnsafeMutablePointer<UInt32>
    static let pendingCapacity = 512

    init(dimensions: Int, slots: Int) {
        self.dimensions = dimensions
        visited = VisitedSet(capacity: slots)
        allowed = VisitedSet(capacity: slots)
        candidates = EntryHeap(capacity: 256)
        results = EntryHeap(capacity: 256)
        query = .allocate(capacity: max(dimensions, 1))
        pending = .allocate(capacity: Self.pendingCapacity)
    }

    deinit {
        visited.deallocate()
        allowed.deallocate()
        candidates.deallocate()
        results.deallocate()
        query.deallocate()
        pending.deallocate()
    }
}
