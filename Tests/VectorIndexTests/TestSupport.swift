import Foundation
import VectorIndex

/// Deterministic random vectors for tests (SplitMix64-based, no global RNG).
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomVectors(_ count: Int, dimensions: Int, seed: UInt64) -> [[Float]] {
    var rng = TestRNG(state: seed)
    return (0..<count).map { _ in (0..<dimensions).map { _ in Float.random(in: -1...1, using: &rng) } }
}

/// Builds an HNSW index and the exact oracle over the same vectors (ids 0..<count).
func buildPair(
    _ vectors: [[Float]], metric: Metric, parameters: HNSWParameters = HNSWParameters(m: 12, efConstruction: 100)
)
    throws -> (HNSWIndex, ExactIndex)
{
    let dim = vectors[0].count
    let hnsw = try HNSWIndex(dimensions: dim, metric: metric, parameters: parameters)
    let exact = try ExactIndex(dimensions: dim, metric: metric)
    for (i, v) in vectors.enumerated() {
        try hnsw.insert(id: UInt64(i), vector: v)
        try exact.insert(id: UInt64(i), vector: v)
    }
    return (hnsw, exact)
}

/// Mean recall@k of `index` against `oracle`.
func recall(
    _ index: any VectorSearchIndex, _ oracle: ExactIndex, queries: [[Float]], k: Int,
    filter: SearchFilter? = nil, ef: Int? = nil
) throws -> Double {
    var hits = 0, total = 0
    for q in queries {
        let truth = Set(try oracle.search(q, k: k, filter: filter).map(\.id))
        let found: [SearchResult]
        if let hnsw = index as? HNSWIndex, let ef {
            found = try hnsw.search(q, k: k, ef: ef, filter: filter)
        } else {
            found = try index.search(q, k: k, filter: filter)
        }
        hits += found.filter { truth.contains($0.id) }.count
        total += truth.count
    }
    return Double(hits) / Double(max(total, 1))
}

func temporaryPath(_ name: String) -> String {
    "/tmp/vindex-test-\(name)-\(UInt64.random(in: 0...UInt64.max))"
}

/// `../shared/data/vectors/sift5k` beside the repository (or `FLUSSO_SHARED_DATA/vectors/sift5k`).
let sift5kDirectory: String = {
    if let root = ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"] { return root + "/vectors/sift5k" }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repo.deletingLastPathComponent().appendingPathComponent("shared/data/vectors/sift5k").path
}()
