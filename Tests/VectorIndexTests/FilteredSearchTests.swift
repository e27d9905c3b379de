import Testing
import VectorIndex

@Suite struct FilteredSearchTests {
    /// Forces the graph path (no exact fallback) so traversal-time filtering is exercised.
    static let graphOnly = HNSWParameters(m: 12, efConstruction: 100, exactFilterThreshold: 0, exactFilterMinimum: 0)

    @Test func graphFilteredSearchNeverReturnsADisallowedId() throws {
        let (hnsw, _) = try buildPair(randomVectors(2_000, dimensions: 16, seed: 21), metric: .squaredL2, parameters: Self.graphOnly)
        let predicate: SearchFilter = .predicate { $0 % 3 == 0 }
        for q in randomVectors(30, dimensions: 16, seed: 22) {
            let results = try hnsw.search(q, k: 10, filter: predicate)
            #expect(results.count == 10)
            #expect(results.allSatisfy { $0.id % 3 == 0 })
        }
    }

    @Test func allowListFilterNeverReturnsOtherIds() throws {
        let (hnsw, _) = try buildPair(randomVectors(2_000, dimensions: 16, seed: 23), metric: .cosine, parameters: Self.graphOnly)
        let allowed = Set((0..<2_000).filter { $0 % 2 == 1 }.map { UInt64($0) })
        for q in randomVectors(30, dimensions: 16, seed: 24) {
            #expect(try hnsw.search(q, k: 10, filter: .allowList(allowed)).allSatisfy { allowed.contains($0.id) })
        }
    }

    @Test func recallStaysAbove95PercentAtOnePercentSelectivity() throws {
        let (hnsw, exact) = try buildPair(
            randomVectors(2_000, dimensions: 16, seed: 25), metric: .squaredL2,
            parameters: HNSWParameters(m: 12, efConstruction: 100, exactFilterMinimum: 0))
        let allowed = Set((0..<2_000).filter { $0 % 100 == 7 }.map { UInt64($0) })
        let queries = randomVectors(30, dimensions: 16, seed: 26)
        let viaList = try recall(hnsw, exact, queries: queries, k: 10, filter: .allowList(allowed))
        let viaPredicate = try recall(hnsw, exact, queries: queries, k: 10, filter: .predicate { $0 % 100 == 7 })
        #expect(viaList >= 0.95)
        #expect(viaPredicate >= 0.95)
    }

    @Test func filteredGraphSearchAtTwentyPercentSelectivityKeepsRecall() throws {
        let (hnsw, exact) = try buildPair(randomVectors(2_000, dimensions: 16, seed: 27), metric: .squaredL2, parameters: Self.graphOnly)
        let r = try recall(
            hnsw, exact, queries: randomVectors(30, dimensions: 16, seed: 28), k: 10,
            filter: .predicate { $0 % 5 == 0 }, ef: 100)
        #expect(r >= 0.95, "recall \(r)")
    }

    @Test func filterKeepingFewerThanKReturnsOnlyThoseItems() throws {
        let (hnsw, _) = try buildPair(randomVectors(300, dimensions: 8, seed: 29), metric: .squaredL2)
        let results = try hnsw.search(randomVectors(1, dimensions: 8, seed: 30)[0], k: 10, filter: .allowList([5, 6, 7]))
        #expect(Set(results.map(\.id)) == [5, 6, 7])
    }
}
