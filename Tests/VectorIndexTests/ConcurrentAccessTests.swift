import Testing
import VectorIndex

@Suite struct ConcurrentAccessTests {
    @Test func concurrentSearchesWhileOneWriterInsertsAndRemoves() async throws {
        let vectors = randomVectors(1_200, dimensions: 16, seed: 61)
        let index = try HNSWIndex(dimensions: 16, metric: .squaredL2, parameters: HNSWParameters(m: 8, efConstruction: 40))
        for i in 0..<400 { try index.insert(id: UInt64(i), vector: vectors[i]) }
        let queries = randomVectors(40, dimensions: 16, seed: 62)
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for i in 400..<1_200 {
                    try index.insert(id: UInt64(i), vector: vectors[i])
                    if i % 10 == 0 { try index.remove(id: UInt64(i - 400)) }
                }
                return 0
            }
            for r in 0..<4 {
                group.addTask {
                    var bad = 0
                    for round in 0..<15 {
                        for q in queries {
                            let results = try index.search(q, k: 5, ef: 32, filter: round % 2 == 0 ? nil : .predicate { $0 % 2 == UInt64(r % 2) })
                            if results.isEmpty || results.contains(where: { $0.id >= 1_200 }) { bad += 1 }
                        }
                    }
                    return bad
                }
            }
            var bad = 0
            for try await b in group { bad += b }
            #expect(bad == 0)
        }
        #expect(index.count == 1_200 - 80)
        for i in stride(from: 0, to: 800, by: 10) { #expect(!index.contains(id: UInt64(i))) }
    }

    @Test func concurrentExactSearchesWhileWriting() async throws {
        let index = try ExactIndex(dimensions: 8, metric: .innerProduct)
        let vectors = randomVectors(600, dimensions: 8, seed: 63)
        for i in 0..<100 { try index.insert(id: UInt64(i), vector: vectors[i]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { for i in 100..<600 { try index.insert(id: UInt64(i), vector: vectors[i]) } }
            for _ in 0..<3 {
                group.addTask {
                    for q in vectors.prefix(100) {
                        let n = try index.search(q, k: 10).count
                        #expect(n == 10)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(index.count == 600)
    }
}
