import Testing
import VectorIndex

@Suite struct UpdateTests {
    @Test func deletedIdsNeverComeBack() throws {
        let vectors = randomVectors(1_500, dimensions: 16, seed: 31)
        let (hnsw, exact) = try buildPair(vectors, metric: .squaredL2)
        let removed = Set((0..<1_500).filter { $0 % 4 == 0 }.map { UInt64($0) })
        for id in removed {
            try hnsw.remove(id: id)
            try exact.remove(id: id)
        }
        #expect(hnsw.count == 1_500 - removed.count)
        for q in randomVectors(30, dimensions: 16, seed: 32) + vectors.prefix(20) {
            #expect(try hnsw.search(q, k: 10, ef: 100).allSatisfy { !removed.contains($0.id) })
        }
        #expect(try recall(hnsw, exact, queries: randomVectors(30, dimensions: 16, seed: 33), k: 10, ef: 200) >= 0.97)
    }

    @Test func deletedSlotsAreReusedByLaterInserts() throws {
        let (hnsw, _) = try buildPair(randomVectors(500, dimensions: 8, seed: 34), metric: .squaredL2)
        let before = hnsw.memoryFootprintBytes
        for id in 100..<300 { try hnsw.remove(id: UInt64(id)) }
        for (i, v) in randomVectors(200, dimensions: 8, seed: 35).enumerated() { try hnsw.insert(id: UInt64(10_000 + i), vector: v) }
        #expect(hnsw.count == 500)
        #expect(hnsw.memoryFootprintBytes <= before + 4 * 1024)
    }

    @Test func reinsertedVectorsAreFoundAfterChurn() throws {
        let vectors = randomVectors(1_000, dimensions: 16, seed: 36)
        let (hnsw, exact) = try buildPair(vectors, metric: .cosine)
        for id in 0..<300 {
            try hnsw.remove(id: UInt64(id))
            try exact.remove(id: UInt64(id))
        }
        let fresh = randomVectors(300, dimensions: 16, seed: 37)
        for (i, v) in fresh.enumerated() {
            try hnsw.insert(id: UInt64(5_000 + i), vector: v)
            try exact.insert(id: UInt64(5_000 + i), vector: v)
        }
        for (i, v) in fresh.prefix(50).enumerated() {
            #expect(try hnsw.search(v, k: 1, ef: 100).first?.id == UInt64(5_000 + i))
        }
        #expect(try recall(hnsw, exact, queries: randomVectors(30, dimensions: 16, seed: 38), k: 10, ef: 200) >= 0.97)
    }

    @Test func replaceMovesAVectorToItsNewPosition() throws {
        let vectors = randomVectors(1_000, dimensions: 16, seed: 39)
        let (hnsw, _) = try buildPair(vectors, metric: .squaredL2)
        let target = vectors[777]
        try hnsw.replace(id: 5, vector: target.map { $0 + 0.0001 })
        let hits = try hnsw.search(target, k: 2, ef: 100).map(\.id)
        #expect(Set(hits) == [5, 777])
        #expect(try hnsw.search(vectors[5], k: 1, ef: 100).first?.id != 5)
        #expect(hnsw.count == 1_000)
    }

    @Test func replacingTheEntryPointKeepsTheGraphSearchable() throws {
        let vectors = randomVectors(400, dimensions: 8, seed: 40)
        let (hnsw, exact) = try buildPair(vectors, metric: .squaredL2)
        for id in 0..<400 where id % 2 == 0 {
            let v = randomVectors(1, dimensions: 8, seed: 1_000 + UInt64(id))[0]
            try hnsw.replace(id: UInt64(id), vector: v)
            try exact.replace(id: UInt64(id), vector: v)
        }
        #expect(try recall(hnsw, exact, queries: randomVectors(30, dimensions: 8, seed: 41), k: 10, ef: 200) >= 0.97)
    }

    @Test func removingEverythingLeavesAnEmptySearchableIndex() throws {
        let (hnsw, _) = try buildPair(randomVectors(50, dimensions: 4, seed: 42), metric: .squaredL2)
        for id in 0..<50 { try hnsw.remove(id: UInt64(id)) }
        #expect(hnsw.count == 0)
        try hnsw.insert(id: 99, vector: [1, 2, 3, 4])
        #expect(try hnsw.search([1, 2, 3, 4], k: 1).map(\.id) == [99])
    }

    @Test func exactIndexRemoveCompactsAndKeepsOtherIds() throws {
        let exact = try ExactIndex(dimensions: 2, metric: .squaredL2)
        try exact.insert(id: 1, vector: [0, 0])
        try exact.insert(id: 2, vector: [1, 0])
        try exact.insert(id: 3, vector: [5, 5])
        try exact.remove(id: 1)
        #expect(try exact.search([0, 0], k: 2).map(\.id) == [2, 3])
    }
}
