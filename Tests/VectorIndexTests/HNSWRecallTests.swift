import ANNBench
import Testing
import VectorIndex

@Suite struct HNSWRecallTests {
    @Test(arguments: [Metric.squaredL2, .innerProduct, .cosine])
    func recallAtHighEfIsAtLeast99PercentOnRandomData(metric: Metric) throws {
        let vectors = randomVectors(2_000, dimensions: 24, seed: 7)
        let (hnsw, exact) = try buildPair(vectors, metric: metric, parameters: HNSWParameters(m: 8, efConstruction: 48))
        let queries = randomVectors(50, dimensions: 24, seed: 8)
        let r = try recall(hnsw, exact, queries: queries, k: 10, ef: 200)
        #expect(r >= 0.99, "recall \(r)")
    }

    @Test func recallAtHighEfIsAtLeast99PercentOnSift5k() throws {
        let dir = sift5kDirectory
        let base = try VecsFile.readFloats("\(dir)/sift4900_base.fvecs")
        let queries = try VecsFile.readFloats("\(dir)/sift100_query.fvecs")
        let truth = try VecsFile.readInts("\(dir)/sift100_groundtruth_k100.ivecs")
        // All 4,900 vectors (the ground truth refers to them); a light build keeps debug runs fast.
        let index = try HNSWIndex(
            dimensions: base.dimensions, metric: .squaredL2,
            parameters: HNSWParameters(m: 12, efConstruction: 40))
        try index.insert(contentsOf: (0..<base.rows).map { (id: UInt64($0), vector: Array(base.row($0))) })
        let found = try (0..<50).map { try index.search(Array(queries.row($0)), k: 10, ef: 200).map(\.id) }
        let r = recallAtK(found: found, groundTruth: truth, k: 10)
        #expect(r >= 0.99, "recall \(r)")
    }

    @Test func exactIndexAgreesWithGroundTruthOnSift5k() throws {
        let dir = sift5kDirectory
        let base = try VecsFile.readFloats("\(dir)/sift4900_base.fvecs")
        let queries = try VecsFile.readFloats("\(dir)/sift100_query.fvecs")
        let truth = try VecsFile.readInts("\(dir)/sift100_groundtruth_k100.ivecs")
        let exact = try ExactIndex(dimensions: base.dimensions, metric: .squaredL2)
        for i in 0..<base.rows { try exact.insert(id: UInt64(i), vector: Array(base.row(i))) }
        let found = try (0..<20).map { try exact.search(Array(queries.row($0)), k: 10).map(\.id) }
        #expect(recallAtK(found: found, groundTruth: truth, k: 10) >= 0.99)
    }

    @Test func resultsAreSortedByAscendingDistance() throws {
        let (hnsw, _) = try buildPair(randomVectors(500, dimensions: 16, seed: 3), metric: .squaredL2)
        let results = try hnsw.search(randomVectors(1, dimensions: 16, seed: 4)[0], k: 20)
        #expect(results.count == 20)
        #expect(zip(results, results.dropFirst()).allSatisfy { $0.distance <= $1.distance })
    }

    @Test func sameSeedAndInsertionOrderGiveIdenticalResults() throws {
        let vectors = randomVectors(800, dimensions: 16, seed: 11)
        let (a, _) = try buildPair(vectors, metric: .squaredL2)
        let (b, _) = try buildPair(vectors, metric: .squaredL2)
        for q in randomVectors(20, dimensions: 16, seed: 12) {
            #expect(try a.search(q, k: 10, ef: 10) == b.search(q, k: 10, ef: 10))
        }
    }
}
