/// A brute-force index with the same API as `HNSWIndex`: every search scans all (allowed)
/// vectors, so results are exact. It is the oracle in tests and a fine engine for small
/// collections or small candidate sets.
///
/// Storage is one contiguous `[Float]` (row `i` = `ids[i]`); removal moves the last row into
/// the hole, so rows stay dense. Invariants: `rowOf[ids[i]] == i` for every row; every row
/// has `dimensions` finite values (unit length for `.cosine`).
public final class ExactIndex: VectorSearchIndex, @unchecked Sendable {
    // `@unchecked Sendable`: `vectors`, `ids` and `rowOf` are read only under `lock`'s read
    // side and written only under its write side.
    public let dimensions: Int
    public let metric: Metric
    private let lock = ReadWriteLock()
    private var vectors: [Float] = []
    private var ids: [UInt64] = []
    private var rowOf: [UInt64: Int] = [:]

    /// - Throws: `invalid_parameter` for `dimensions < 1`.
    public init(dimensions: Int, metric: Metric) throws {
        guard dimensions >= 1 else { throw VectorIndexError(.invalidParameter, "dimensions must be ≥ 1, got \(dimensions)") }
        self.dimensions = dimensions
        self.metric = metric
    }

    public var count: Int { lock.withReadLock { ids.count } }

    public func contains(id: UInt64) -> Bool { lock.withReadLock { rowOf[id] != nil } }

    public func insert(id: UInt64, vector: [Float]) throws {
        let v = try VectorValidation.prepared(vector, dimensions: dimensions, metric: metric)
        try lock.withWriteLock {
            guard rowOf[id] == nil else { throw VectorIndexError(.duplicateID, "id \(id) is already indexed") }
            rowOf[id] = ids.count
            ids.append(id)
            vectors.append(contentsOf: v)
        }
    }

    public func remove(id: UInt64) throws {
        try lock.withWriteLock {
            guard let row = rowOf.removeValue(forKey: id) else { throw VectorIndexError(.unknownID, "id \(id) is not indexed") }
            let last = ids.count - 1
            if row != last {
                ids[row] = ids[last]
                rowOf[ids[row]] = row
                for j in 0..<dimensions { vectors[row * dimensions + j] = vectors[last * dimensions + j] }
            }
            ids.removeLast()
            vectors.removeLast(dimensions)
        }
    }

    public func replace(id: UInt64, vector: [Float]) throws {
        let v = try VectorValidation.prepared(vector, dimensions: dimensions, metric: metric)
        try lock.withWriteLock {
            guard let row = rowOf[id] else { throw VectorIndexError(.unknownID, "id \(id) is not indexed") }
            for j in 0..<dimensions { vectors[row * dimensions + j] = v[j] }
        }
    }

    public func search(_ query: [Float], k: Int, filter: SearchFilter?) throws -> [SearchResult] {
        guard k > 0 else { throw VectorIndexError(.invalidK, "k must be positive, got \(k)") }
        let q = try VectorValidation.prepared(query, dimensions: dimensions, metric: metric)
        return try lock.withReadLock {
            try VectorValidation.checkK(k, count: ids.count)
            var heap = EntryHeap(capacity: k + 1)
            defer { heap.deallocate() }
            let dim = dimensions
            let l2 = metric == .squaredL2
            q.withUnsafeBufferPointer { qp in
                vectors.withUnsafeBufferPointer { vp in
                    for row in 0..<ids.count {
                        if let filter, !filter.allows(ids[row]) { continue }
                        let p = vp.baseAddress! + row * dim
                        let d =
                            l2
                            ? DistanceKernels.squaredL2(qp.baseAddress!, p, count: dim)
                            : 1 - DistanceKernels.dot(qp.baseAddress!, p, count: dim)
                        if heap.count < k {
                            heap.push(d, UInt32(row))
                        } else if d < heap.top.distance {
                            heap.pop()
                            heap.push(d, UInt32(row))
                        }
                    }
                }
            }
            var out = [SearchResult](repeating: SearchResult(id: 0, distance: 0), count: heap.count)
            var i = heap.count - 1
            while i >= 0 {
                let e = heap.pop()
                out[i] = SearchResult(id: ids[Int(e.slot)], distance: e.distance)
                i -= 1
            }
            return out
        }
    }
}
