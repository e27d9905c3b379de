/// An approximate nearest-neighbour index (HNSW) over Float32 vectors with caller-supplied
/// `UInt64` ids, filtered search, incremental insert/remove/replace and atomic persistence.
///
/// Thread safety: any number of searches run in parallel (they share a read lock and each
/// borrows its own scratch memory from a pool); a mutation takes the write lock, so searches
/// wait only for the duration of one insert. Every throwing call leaves the index unchanged.
///
/// Invariants: all stored vectors have `dimensions` finite components (unit length for
/// `.cosine`); removed ids are never returned; the same `parameters.seed` and the same
/// sequence of operations build the same graph.
public final class HNSWIndex: VectorSearchIndex, @unchecked Sendable {
    // `@unchecked Sendable`: the only mutable state is `graph`, which is read only while
    // holding `lock` for reading and written only while holding it for writing; scratch
    // memory is handed out exclusively through the mutex-guarded `scratchPool`.
    public let dimensions: Int
    public let metric: Metric
    public let parameters: HNSWParameters
    let lock = ReadWriteLock()
    let graph: HNSWGraph
    private let scratchPool = ScratchPool()

    /// Creates an empty index.
    /// - Throws: `invalid_parameter` for `dimensions < 1` or out-of-range parameters.
    public init(dimensions: Int, metric: Metric, parameters: HNSWParameters = HNSWParameters()) throws {
        guard dimensions >= 1 else { throw VectorIndexError(.invalidParameter, "dimensions must be ≥ 1, got \(dimensions)") }
        try parameters.validate()
        self.dimensions = dimensions
        self.metric = metric
        self.parameters = parameters
        graph = HNSWGraph(dimensions: dimensions, metric: metric, parameters: parameters)
    }

    init(graph: HNSWGraph) {
        dimensions = graph.dimensions
        metric = graph.metric
        parameters = graph.parameters
        self.graph = graph
    }

    /// Number of live vectors.
    public var count: Int { lock.withReadLock { graph.liveCount } }

    /// Bytes held by the index's buffers (vectors, adjacency, id map), by capacity.
    public var memoryFootprintBytes: Int { lock.withReadLock { graph.memoryBytes } }

    /// Pre-allocates room for `capacity` vectors (avoids regrowth while bulk loading).
    public func reserveCapacity(_ capacity: Int) {
        lock.withWriteLock { graph.reserve(slots: capacity) }
    }

    public func contains(id: UInt64) -> Bool {
        lock.withReadLock { graph.slot(of: id) != nil }
    }

    public func insert(id: UInt64, vector: [Float]) throws {
        let v = try VectorValidation.prepared(vector, dimensions: dimensions, metric: metric)
        try lock.withWriteLock {
            guard graph.slot(of: id) == nil else { throw VectorIndexError(.duplicateID, "id \(id) is already indexed") }
            addLocked(id: id, vector: v)
        }
    }

    /// Inserts many vectors; all are validated first (including duplicates within the batch),
    /// so either all are inserted or none is.
    public func insert<S: Sequence>(contentsOf items: S) throws where S.Element == (id: UInt64, vector: [Float]) {
        var prepared: [(UInt64, [Float])] = []
        var seen = Set<UInt64>()
        for (id, vector) in items {
            guard seen.insert(id).inserted else { throw VectorIndexError(.duplicateID, "id \(id) appears twice in the batch") }
            prepared.append((id, try VectorValidation.prepared(vector, dimensions: dimensions, metric: metric)))
        }
        try lock.withWriteLock {
            for (id, _) in prepared where graph.slot(of: id) != nil {
                throw VectorIndexError(.duplicateID, "id \(id) is already indexed")
            }
            graph.reserve(slots: graph.slotCount + max(0, prepared.count - graph.freeSlots.count))
            for (id, v) in prepared { addLocked(id: id, vector: v) }
        }
    }

    private func addLocked(id: UInt64, vector v: [Float]) {
        v.withUnsafeBufferPointer { p in
            switch metric {
            case .squaredL2: graph.add(SquaredL2Kernel.self, id: id, vector: p.baseAddress!)
            case .innerProduct, .cosine: graph.add(OneMinusDotKernel.self, id: id, vector: p.baseAddress!)
            }
        }
    }

    public func remove(id: UInt64) throws {
        try lock.withWriteLock {
            guard let slot = graph.slot(of: id) else { throw VectorIndexError(.unknownID, "id \(id) is not indexed") }
            graph.remove(slot: slot)
        }
    }

    public func replace(id: UInt64, vector: [Float]) throws {
        let v = try VectorValidation.prepared(vector, dimensions: dimensions, metric: metric)
        try lock.withWriteLock {
            guard let slot = graph.slot(of: id) else { throw VectorIndexError(.unknownID, "id \(id) is not indexed") }
            v.withUnsafeBufferPointer { p in
                switch metric {
                case .squaredL2: graph.replace(SquaredL2Kernel.self, slot: slot, vector: p.baseAddress!)
                case .innerProduct, .cosine: graph.replace(OneMinusDotKernel.self, slot: slot, vector: p.baseAddress!)
                }
            }
        }
    }

    public func search(_ query: [Float], k: Int, filter: SearchFilter?) throws -> [SearchResult] {
        try search(query, k: k, ef: nil, filter: filter)
    }

    /// k-NN search with an explicit candidate-list size (`ef`, default `parameters.efSearch`;
    /// raised to `k` when smaller). Larger `ef` = higher recall, slower.
    public func search(_ query: [Float], k: Int, ef: Int?, filter: SearchFilter? = nil) throws -> [SearchResult] {
        guard query.count == dimensions else {
            throw VectorIndexError(.dimensionMismatch, "expected \(dimensions) dimensions, got \(query.count)")
        }
        if let ef, ef < 1 { throw VectorIndexError(.invalidParameter, "ef must be ≥ 1, got \(ef)") }
        guard k > 0 else { throw VectorIndexError(.invalidK, "k must be positive, got \(k)") }
        let scratch = scratchPool.take() ?? SearchScratch(dimensions: dimensions, slots: 16)
        defer { scratchPool.give(scratch) }
        try loadQuery(query, into: scratch.query)
        return try lock.withReadLock {
            try VectorValidation.checkK(k, count: graph.liveCount)
            scratch.visited.ensureCapacity(graph.slotCount)
            let efValue = ef ?? parameters.efSearch
            switch metric {
            case .squaredL2: return run(SquaredL2Kernel.self, k: k, ef: efValue, filter: filter, scratch: scratch)
            case .innerProduct, .cosine: return run(OneMinusDotKernel.self, k: k, ef: efValue, filter: filter, scratch: scratch)
            }
        }
    }

    /// Copies (and for cosine normalises) the query without allocating.
    private func loadQuery(_ query: [Float], into out: UnsafeMutablePointer<Float>) throws {
        try query.withUnsafeBufferPointer { q in
            for i in 0..<q.count where !q[i].isFinite {
                throw VectorIndexError(.nonFiniteValue, "query component \(i) is \(q[i]); only finite values are allowed")
            }
            guard metric == .cosine else {
                out.update(from: q.baseAddress!, count: q.count)
                return
            }
            let norm = DistanceKernels.dot(q.baseAddress!, q.baseAddress!, count: q.count).squareRoot()
            guard norm > 0, norm.isFinite else {
                throw VectorIndexError(.zeroVector, "a zero (or overflowing) query has no direction for cosine")
            }
            let inv = 1 / norm
            for i in 0..<q.count { out[i] = q[i] * inv }
        }
    }

    private func run<D: DistanceKernel>(_: D.Type, k: Int, ef: Int, filter: SearchFilter?, scratch: SearchScratch) -> [SearchResult] {
        guard let filter else {
            return graph.search(D.self, k: k, ef: ef, scratch: scratch, accept: AcceptLive(deleted: graph.deleted))
        }
        let accept = AcceptLiveFiltered(deleted: graph.deleted, ids: graph.ids, filter: filter)
        let limit = max(
            parameters.exactFilterMinimum,
            Int(parameters.exactFilterThreshold * Double(graph.liveCount)))
        switch filter {
        case .allowList(let allowed):
            if allowed.count <= limit { return graph.exactScan(D.self, ids: allowed, k: k, scratch: scratch) }
        case .predicate:
            if estimatedAllowed(accept) <= limit { return graph.exactScan(D.self, k: k, scratch: scratch, accept: accept) }
        }
        return graph.search(D.self, k: k, ef: ef, scratch: scratch, accept: accept)
    }

    /// Estimates how many live items a predicate keeps from an evenly strided sample of
    /// up to 256 slots.
    private func estimatedAllowed(_ accept: AcceptLiveFiltered) -> Int {
        let slots = graph.slotCount
        let samples = min(256, slots)
        guard samples > 0 else { return 0 }
        var live = 0, allowed = 0
        for i in 0..<samples {
            let s = UInt32(i * slots / samples)
            if graph.deleted[Int(s)] == 0 {
                live += 1
                if accept.accepts(s) { allowed += 1 }
            }
        }
        guard live > 0 else { return 0 }
        return Int((Double(allowed) / Double(live) * Double(graph.liveCount)).rounded(.up))
    }
}
