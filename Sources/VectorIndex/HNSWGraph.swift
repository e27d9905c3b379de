import Glibc

/// The single-threaded HNSW core (Malkov & Yashunin 2018). `HNSWIndex` owns one and guards it
/// with a reader-writer lock; nothing here is thread-safe on its own.
///
/// Layout (no object per node, no array-of-arrays): per slot, a contiguous `dimensions`-float
/// vector in `vectors`, a fixed-size level-0 adjacency record `[count, n1 … n(2M)]` in
/// `links0`, and for nodes with level L > 0 a block of L records `[count, n1 … nM]` in the
/// flat `upperLinks` buffer starting at `upperOffsets[slot]`.
///
/// Invariants: every link target is `< slotCount`; a record's count ≤ its capacity; a deleted
/// slot (`deleted[slot] == 1`) stays in the graph as a routing node, is never returned, and is
/// reused by the next insert (except the entry point, which is never recycled); `table` maps
/// exactly the live ids to their slots.
final class HNSWGraph {
    let dimensions: Int
    let metric: Metric
    let parameters: HNSWParameters
    let m: Int
    let m0: Int
    let levelMultiplier: Double
    var rng: SplitMix64

    private(set) var capacity = 0
    var slotCount = 0
    var liveCount = 0
    var vectors: UnsafeMutablePointer<Float>
    var links0: UnsafeMutablePointer<UInt32>
    var ids: UnsafeMutablePointer<UInt64>
    var levels: UnsafeMutablePointer<UInt8>
    var deleted: UnsafeMutablePointer<UInt8>
    var upperOffsets: UnsafeMutablePointer<UInt32>
    var upperLinks: UnsafeMutablePointer<UInt32>
    var upperCount = 0
    private(set) var upperCapacity = 0
    var entryPoint: UInt32 = .max
    var maxLevel = -1
    var freeSlots: [UInt32] = []
    var table = SlotTable()

    /// Scratch used only by the (single) writer.
    let buildScratch: SearchScratch
    private var selection: UnsafeMutablePointer<HeapEntry>
    private var shrinkBuffer: UnsafeMutablePointer<HeapEntry>
    private let selectionCapacity: Int

    var links0Stride: Int { m0 + 1 }
    /// Cache lines of each neighbour's vector requested ahead of scoring (the hardware
    /// prefetcher streams the rest of a long vector once the first lines are asked for).
    static let prefetchLines = 4
    var upperStride: Int { m + 1 }

    init(dimensions: Int, metric: Metric, parameters: HNSWParameters, rngState: UInt64? = nil) {
        self.dimensions = dimensions
        self.metric = metric
        self.parameters = parameters
        m = parameters.m
        m0 = 2 * parameters.m
        levelMultiplier = 1 / log(Double(max(parameters.m, 2)))
        rng = SplitMix64(state: rngState ?? parameters.seed)
        vectors = .allocate(capacity: 1)
        links0 = .allocate(capacity: 1)
        ids = .allocate(capacity: 1)
        levels = .allocate(capacity: 1)
        deleted = .allocate(capacity: 1)
        upperOffsets = .allocate(capacity: 1)
        upperLinks = .allocate(capacity: 1)
        buildScratch = SearchScratch(dimensions: dimensions, slots: 16)
        selectionCapacity = max(parameters.efConstruction, 2 * parameters.m) + 2
        selection = .allocate(capacity: selectionCapacity)
        shrinkBuffer = .allocate(capacity: 2 * parameters.m + 2)
    }

    deinit {
        vectors.deallocate()
        links0.deallocate()
        ids.deallocate()
        levels.deallocate()
        deleted.deallocate()
        upperOffsets.deallocate()
        upperLinks.deallocate()
        selection.deallocate()
        shrinkBuffer.deallocate()
    }

    // MARK: storage

    private static func regrow<T>(_ p: UnsafeMutablePointer<T>, used: Int, to n: Int) -> UnsafeMutablePointer<T> {
        let q = UnsafeMutablePointer<T>.allocate(capacity: n)
        if used > 0 { q.moveInitialize(from: p, count: used) }
        p.deallocate()
        return q
    }

    /// Makes room for at least `slots` slots.
    func reserve(slots: Int) {
        guard slots > capacity else { return }
        let n = slots
        vectors = Self.regrow(vectors, used: slotCount * dimensions, to: n * dimensions)
        links0 = Self.regrow(links0, used: slotCount * links0Stride, to: n * links0Stride)
        ids = Self.regrow(ids, used: slotCount, to: n)
        levels = Self.regrow(levels, used: slotCount, to: n)
        deleted = Self.regrow(deleted, used: slotCount, to: n)
        upperOffsets = Self.regrow(upperOffsets, used: slotCount, to: n)
        capacity = n
        buildScratch.visited.ensureCapacity(n)
    }

    func reserveUpper(_ n: Int) {
        guard n > upperCapacity else { return }
        let newCapacity = max(n, upperCapacity * 2, 64)
        upperLinks = Self.regrow(upperLinks, used: upperCount, to: newCapacity)
        upperCapacity = newCapacity
    }

    /// Bytes held by this graph's buffers (capacity, not just used).
    var memoryBytes: Int {
        capacity * (dimensions * 4 + links0Stride * 4 + 8 + 1 + 1 + 4)
            + upperCapacity * 4 + table.memoryBytes + freeSlots.capacity * 4
    }

    @inline(__always)
    func vector(_ slot: UInt32) -> UnsafeMutablePointer<Float> {
        vectors + Int(slot) &* dimensions
    }

    @inline(__always)
    func linkList(_ slot: UInt32, _ level: Int) -> UnsafeMutablePointer<UInt32> {
        if level == 0 { return links0 + Int(slot) &* links0Stride }
        return upperLinks + (Int(upperOffsets[Int(slot)]) &+ (level &- 1) &* upperStride)
    }

    func slot(of id: UInt64) -> UInt32? { table.slot(of: id, ids: ids) }

    private func randomLevel() -> Int {
        let l = -log(rng.nextUnitInterval()) * levelMultiplier
        return min(Int(l), 30)
    }

    // MARK: mutation (caller holds the write lock and has validated the input)

    /// Adds a vector (already validated / normalised) under a new id.
    func add<D: DistanceKernel>(_: D.Type, id: UInt64, vector v: UnsafePointer<Float>) {
        let slot: UInt32
        let level: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            level = Int(levels[Int(slot)])
        } else {
            if slotCount == capacity { reserve(slots: max(16, capacity * 2)) }
            slot = UInt32(slotCount)
            level = randomLevel()
            levels[Int(slot)] = UInt8(level)
            links0[Int(slot) * links0Stride] = 0
            if level > 0 {
                reserveUpper(upperCount + level * upperStride)
                upperOffsets[Int(slot)] = UInt32(upperCount)
                for l in 0..<level { upperLinks[upperCount + l * upperStride] = 0 }
                upperCount += level * upperStride
            } else {
                upperOffsets[Int(slot)] = 0
            }
            slotCount += 1
        }
        ids[Int(slot)] = id
        vector(slot).update(from: v, count: dimensions)
        deleted[Int(slot)] = 1  // not returnable while being linked
        link(D.self, slot: slot, level: level)
        deleted[Int(slot)] = 0
        liveCount += 1
        table.insert(slot: slot, ids: ids)
    }

    /// Overwrites the vector of a live slot and re-links it.
    func replace<D: DistanceKernel>(_: D.Type, slot: UInt32, vector v: UnsafePointer<Float>) {
        vector(slot).update(from: v, count: dimensions)
        deleted[Int(slot)] = 1
        link(D.self, slot: slot, level: Int(levels[Int(slot)]))
        deleted[Int(slot)] = 0
    }

    /// Tombstones a live slot: it keeps routing searches but is never returned again, and its
    /// slot is recycled by a later insert.
    func remove(slot: UInt32) {
        table.remove(id: ids[Int(slot)], ids: ids)
        deleted[Int(slot)] = 1
        liveCount -= 1
        if slot != entryPoint { freeSlots.append(slot) }
    }

    /// Connects `slot` (whose vector is in place) into every layer up to `level`.
    /// Its old adjacency (if the slot is recycled) is used for routing and then overwritten.
    private func link<D: DistanceKernel>(_: D.Type, slot: UInt32, level: Int) {
        if entryPoint == .max {
            entryPoint = slot
            maxLevel = level
            for l in 0...level { linkList(slot, l)[0] = 0 }
            return
        }
        let q = UnsafePointer(vector(slot))
        var ep = entryPoint
        var epDistance = D.distance(q, vector(ep), dimensions)
        if maxLevel > level {
            greedy(D.self, query: q, entry: &ep, distance: &epDistance, fromLevel: maxLevel, downToAbove: level)
        }
        let exclude = AcceptAllExcept(excluded: slot)
        var lc = min(level, maxLevel)
        while lc >= 0 {
            searchLayer(
                D.self, query: q, entry: ep, entryDistance: epDistance, level: lc,
                ef: parameters.efConstruction, scratch: buildScratch, accept: exclude)
            let n = drainSorted(&buildScratch.results, into: selection)
            if n > 0 {
                ep = selection[0].slot
                epDistance = selection[0].distance
            }
            let chosen = n <= m ? n : selectNeighbours(D.self, selection, count: n, keep: m)
            let own = linkList(slot, lc)
            own[0] = UInt32(chosen)
            for j in 0..<chosen { own[j + 1] = selection[j].slot }
            for j in 0..<chosen {
                addLink(D.self, from: selection[j].slot, to: slot, distance: selection[j].distance, level: lc)
            }
            lc -= 1
        }
        // Levels above the old top had no other node: start empty.
        if level > maxLevel {
            for l in (maxLevel + 1)...level { linkList(slot, l)[0] = 0 }
            maxLevel = level
            entryPoint = slot
        }
    }

    /// Adds the back-link `from → to`, shrinking `from`'s list with the heuristic when full.
    private func addLink<D: DistanceKernel>(_: D.Type, from: UInt32, to: UInt32, distance: Float, level: Int) {
        let list = linkList(from, level)
        let maxCount = level == 0 ? m0 : m
        let count = Int(list[0])
        for j in 0..<count where list[j + 1] == to { return }
        if count < maxCount {
            list[count + 1] = to
            list[0] = UInt32(count + 1)
            return
        }
        // Gather existing neighbours plus the new one, sorted by distance to `from`.
        let buf = shrinkBuffer
        let base = UnsafePointer(vector(from))
        var j = 0
        while j + 4 <= count {
            let a = list[j + 1], b = list[j + 2], c = list[j + 3], e = list[j + 4]
            let d4 = D.distance4(base, vector(a), vector(b), vector(c), vector(e), dimensions)
            buf[j] = HeapEntry(distance: d4[0], slot: a)
            buf[j + 1] = HeapEntry(distance: d4[1], slot: b)
            buf[j + 2] = HeapEntry(distance: d4[2], slot: c)
            buf[j + 3] = HeapEntry(distance: d4[3], slot: e)
            j += 4
        }
        while j < count {
            let nb = list[j + 1]
            buf[j] = HeapEntry(distance: D.distance(base, vector(nb), dimensions), slot: nb)
            j += 1
        }
        buf[count] = HeapEntry(distance: distance, slot: to)
        let total = count + 1
        var i = 1
        while i < total {  // insertion sort: at most 2M + 1 entries
            let e = buf[i]
            var j = i - 1
            while j >= 0 && buf[j].distance > e.distance {
                buf[j + 1] = buf[j]
                j -= 1
            }
            buf[j + 1] = e
            i += 1
        }
        let kept = selectNeighbours(D.self, buf, count: total, keep: maxCount)
        list[0] = UInt32(kept)
        for j in 0..<kept { list[j + 1] = buf[j].slot }
    }

    /// The HNSW neighbour-selection heuristic (Algorithm 4, without extension or pruned
    /// refill): walk candidates by ascending distance and keep one only if it is closer to the
    /// base than to every neighbour already kept. Kept entries are compacted to the front.
    private func selectNeighbours<D: DistanceKernel>(_: D.Type, _ c: UnsafeMutablePointer<HeapEntry>, count: Int, keep: Int) -> Int {
        var kept = 0
        var i = 0
        while i < count && kept < keep {
            let candidate = c[i]
            let cv = UnsafePointer(vector(candidate.slot))
            var good = true
            var j = 0
            while j < kept {
                if D.distance(cv, vector(c[j].slot), dimensions) < candidate.distance {
                    good = false
                    break
                }
                j += 1
            }
            if good {
                c[kept] = candidate
                kept += 1
            }
            i += 1
        }
        return kept
    }

    /// Pops a max-heap into `out` in ascending order; returns the number of entries.
    @inline(__always)
    func drainSorted(_ heap: inout EntryHeap, into out: UnsafeMutablePointer<HeapEntry>) -> Int {
        let n = heap.count
        var i = n - 1
        while i >= 0 {
            out[i] = heap.pop()
            i -= 1
        }
        return n
    }

    // MARK: search (caller holds at least the read lock)

    /// Greedy descent (ef = 1) from `fromLevel` down to `downToAbove + 1`. Neighbours are scored
    /// four at a time (see `DistanceKernels.dot4`).
    @inline(__always)
    func greedy<D: DistanceKernel>(
        _: D.Type, query q: UnsafePointer<Float>, entry: inout UInt32,
        distance: inout Float, fromLevel: Int, downToAbove: Int
    ) {
        var level = fromLevel
        let vecs = vectors
        let dim = dimensions
        while level > downToAbove {
            var changed = true
            while changed {
                changed = false
                let list = linkList(entry, level)
                let n = Int(list[0])
                var best = entry
                var bestDistance = distance
                var j = 1
                while j &+ 3 <= n {
                    let a = list[j], b = list[j &+ 1], c = list[j &+ 2], e = list[j &+ 3]
                    let d4 = D.distance4(
                        q, vecs + Int(a) &* dim, vecs + Int(b) &* dim,
                        vecs + Int(c) &* dim, vecs + Int(e) &* dim, dim)
                    if d4[0] < bestDistance {
                        bestDistance = d4[0]
                        best = a
                    }
                    if d4[1] < bestDistance {
                        bestDistance = d4[1]
                        best = b
                    }
                    if d4[2] < bestDistance {
                        bestDistance = d4[2]
                        best = c
                    }
                    if d4[3] < bestDistance {
                        bestDistance = d4[3]
                        best = e
                    }
                    j &+= 4
                }
                while j <= n {
                    let nb = list[j]
                    let d = D.distance(q, vecs + Int(nb) &* dim, dim)
                    if d < bestDistance {
                        bestDistance = d
                        best = nb
                    }
                    j &+= 1
                }
                if best != entry {
                    entry = best
                    distance = bestDistance
                    changed = true
                }
            }
            level -= 1
        }
    }

    /// Best-first search of one layer (Algorithm 2). On return `scratch.results` is a max-heap
    /// holding at most `ef` accepted slots; rejected slots are still expanded.
    @inline(__always)
    func searchLayer<D: DistanceKernel, A: SlotAcceptor>(
        _: D.Type, query q: UnsafePointer<Float>, entry: UInt32,
        entryDistance: Float, level: Int, ef: Int,
        scratch: SearchScratch, accept: A
    ) {
        scratch.visited.reset()
        let tags = scratch.visited.tags
        let generation = scratch.visited.generation
        var candidates = scratch.candidates
        var results = scratch.results
        candidates.removeAll()
        results.removeAll()
        let vecs = vectors
        let dim = dimensions
        let pending = scratch.pending
        let vectorBytes = dim &* 4
        let prefetchLines = Self.prefetchLines
        tags[Int(entry)] = generation
        candidates.push(-entryDistance, entry)
        if accept.accepts(entry) { results.push(entryDistance, entry) }
        while !candidates.isEmpty {
            let current = candidates.top
            if results.count >= ef && -current.distance > results.top.distance { break }
            candidates.pop()
            // Gather the unvisited neighbours, then score them four at a time: the four
            // independent vector loads overlap their cache misses.
            let list = linkList(current.slot, level)
            if !candidates.isEmpty {  // the adjacency list most likely read next
                Prefetch.read(UnsafeRawPointer(linkList(candidates.top.slot, level)), bytes: 64, maxLines: 1)
            }
            let n = Int(list[0])
            var pendingCount = 0
            var j = 1
            while j <= n {
                let nb = list[j]
                j &+= 1
                if tags[Int(nb)] == generation { continue }
                tags[Int(nb)] = generation
                Prefetch.read(UnsafeRawPointer(vecs + Int(nb) &* dim), bytes: vectorBytes, maxLines: prefetchLines)
                pending[pendingCount] = nb
                pendingCount &+= 1
            }
            var i = 0
            while i &+ 4 <= pendingCount {
                let a = pending[i], b = pending[i &+ 1], c = pending[i &+ 2], e = pending[i &+ 3]
                let d4 = D.distance4(
                    q, vecs + Int(a) &* dim, vecs + Int(b) &* dim,
                    vecs + Int(c) &* dim, vecs + Int(e) &* dim, dim)
                offer(d4[0], a, ef: ef, &candidates, &results, accept)
                offer(d4[1], b, ef: ef, &candidates, &results, accept)
                offer(d4[2], c, ef: ef, &candidates, &results, accept)
                offer(d4[3], e, ef: ef, &candidates, &results, accept)
                i &+= 4
            }
            while i < pendingCount {
                let nb = pending[i]
                offer(D.distance(q, vecs + Int(nb) &* dim, dim), nb, ef: ef, &candidates, &results, accept)
                i &+= 1
            }
        }
        scratch.candidates = candidates
        scratch.results = results
    }

    /// One scored neighbour of `searchLayer`: kept as a candidate if it can still improve the
    /// results, and as a result if the acceptor allows it.
    @inline(__always)
    private func offer<A: SlotAcceptor>(
        _ d: Float, _ nb: UInt32, ef: Int, _ candidates: inout EntryHeap,
        _ results: inout EntryHeap, _ accept: A
    ) {
        if results.count < ef || d < results.top.distance {
            candidates.push(-d, nb)
            if accept.accepts(nb) {
                results.push(d, nb)
                if results.count > ef { results.pop() }
            }
        }
    }

    /// k-NN query over the graph; the query is in `scratch.query` (already normalised).
    func search<D: DistanceKernel, A: SlotAcceptor>(_: D.Type, k: Int, ef: Int, scratch: SearchScratch, accept: A) -> [SearchResult] {
        guard entryPoint != .max else { return [] }
        let q = UnsafePointer(scratch.query)
        var ep = entryPoint
        var epDistance = D.distance(q, vector(ep), dimensions)
        greedy(D.self, query: q, entry: &ep, distance: &epDistance, fromLevel: maxLevel, downToAbove: 0)
        searchLayer(
            D.self, query: q, entry: ep, entryDistance: epDistance, level: 0,
            ef: max(ef, k), scratch: scratch, accept: accept)
        return collect(&scratch.results, k: k)
    }

    /// Exact scan over the slots an acceptor allows (used for selective filters).
    func exactScan<D: DistanceKernel, A: SlotAcceptor>(_: D.Type, k: Int, scratch: SearchScratch, accept: A) -> [SearchResult] {
        let q = UnsafePointer(scratch.query)
        var results = scratch.results
        results.removeAll()
        for s in 0..<slotCount where accept.accepts(UInt32(s)) {
            consider(D.self, q, UInt32(s), k: k, &results)
        }
        scratch.results = results
        return collect(&scratch.results, k: k)
    }

    /// Exact scan over the given ids (allow-list fallback).
    func exactScan<D: DistanceKernel>(_: D.Type, ids allowed: Set<UInt64>, k: Int, scratch: SearchScratch) -> [SearchResult] {
        let q = UnsafePointer(scratch.query)
        var results = scratch.results
        results.removeAll()
        for id in allowed {
            if let s = slot(of: id) { consider(D.self, q, s, k: k, &results) }
        }
        scratch.results = results
        return collect(&scratch.results, k: k)
    }

    @inline(__always)
    private func consider<D: DistanceKernel>(_: D.Type, _ q: UnsafePointer<Float>, _ s: UInt32, k: Int, _ results: inout EntryHeap) {
        let d = D.distance(q, vector(s), dimensions)
        if results.count < k {
            results.push(d, s)
        } else if d < results.top.distance {
            results.pop()
            results.push(d, s)
        }
    }

    /// Turns the result max-heap into the `k` best results, ascending.
    private func collect(_ heap: inout EntryHeap, k: Int) -> [SearchResult] {
        while heap.count > k { heap.pop() }
        let n = heap.count
        let idsPtr = ids
        return [SearchResult](unsafeUninitializedCapacity: n) { buffer, initialized in
            var i = n - 1
            while i >= 0 {
                let e = heap.pop()
                buffer[i] = SearchResult(id: idsPtr[Int(e.slot)], distance: e.distance)
                i -= 1
            }
            initialized = n
        }
    }
}
