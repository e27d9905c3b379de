import Testing
import VectorIndex

@Suite struct BadInputTests {
    func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let e as VectorIndexError { return e.code.rawValue } catch { return "other" }
    }

    func makeIndexes() throws -> [any VectorSearchIndex] {
        var out: [any VectorSearchIndex] = []
        for index in [try HNSWIndex(dimensions: 4, metric: .cosine) as any VectorSearchIndex, try ExactIndex(dimensions: 4, metric: .cosine)] {
            for i in 0..<20 { try index.insert(id: UInt64(i), vector: [Float(i) + 1, 1, 2, 3]) }
            out.append(index)
        }
        return out
    }

    func snapshot(_ index: any VectorSearchIndex) throws -> [SearchResult] {
        try index.search([1, 1, 1, 1], k: 20)
    }

    @Test func dimensionMismatchIsRejectedAndIndexUnchanged() throws {
        for index in try makeIndexes() {
            let before = try snapshot(index)
            #expect(code { try index.insert(id: 100, vector: [1, 2, 3]) } == "dimension_mismatch")
            #expect(code { try index.replace(id: 1, vector: [1, 2, 3, 4, 5]) } == "dimension_mismatch")
            #expect(code { _ = try index.search([1, 2], k: 1) } == "dimension_mismatch")
            #expect(try snapshot(index) == before)
            #expect(!index.contains(id: 100))
        }
    }

    @Test func nanAndInfiniteValuesAreRejected() throws {
        for index in try makeIndexes() {
            let before = try snapshot(index)
            #expect(code { try index.insert(id: 100, vector: [1, .nan, 0, 0]) } == "non_finite_value")
            #expect(code { try index.insert(id: 101, vector: [1, .infinity, 0, 0]) } == "non_finite_value")
            #expect(code { try index.replace(id: 3, vector: [-.infinity, 0, 0, 0]) } == "non_finite_value")
            #expect(code { _ = try index.search([.nan, 0, 0, 0], k: 1) } == "non_finite_value")
            #expect(try snapshot(index) == before)
            #expect(index.count == 20)
        }
    }

    @Test func invalidKIsRejected() throws {
        for index in try makeIndexes() {
            #expect(code { _ = try index.search([1, 0, 0, 0], k: 0) } == "invalid_k")
            #expect(code { _ = try index.search([1, 0, 0, 0], k: -3) } == "invalid_k")
            #expect(code { _ = try index.search([1, 0, 0, 0], k: 21) } == "invalid_k")
        }
    }

    @Test func duplicateIdsAreRejectedAndIndexUnchanged() throws {
        for index in try makeIndexes() {
            let before = try snapshot(index)
            #expect(code { try index.insert(id: 5, vector: [9, 9, 9, 9]) } == "duplicate_id")
            #expect(try snapshot(index) == before)
        }
    }

    @Test func batchWithDuplicateIsRejectedWhole() throws {
        let index = try HNSWIndex(dimensions: 2, metric: .squaredL2)
        try index.insert(id: 1, vector: [0, 0])
        typealias Item = (id: UInt64, vector: [Float])
        let dupInBatch: [Item] = [(id: 2, vector: [1, 1]), (id: 2, vector: [2, 2])]
        let dupWithIndex: [Item] = [(id: 3, vector: [1, 1]), (id: 1, vector: [2, 2])]
        let nanInBatch: [Item] = [(id: 4, vector: [1, 1]), (id: 5, vector: [.nan, 2])]
        #expect(code { try index.insert(contentsOf: dupInBatch) } == "duplicate_id")
        #expect(code { try index.insert(contentsOf: dupWithIndex) } == "duplicate_id")
        #expect(code { try index.insert(contentsOf: nanInBatch) } == "non_finite_value")
        #expect(index.count == 1)
        #expect(!index.contains(id: 3) && !index.contains(id: 4))
    }

    @Test func unknownIdsAreRejected() throws {
        for index in try makeIndexes() {
            #expect(code { try index.remove(id: 999) } == "unknown_id")
            #expect(code { try index.replace(id: 999, vector: [1, 1, 1, 1]) } == "unknown_id")
            #expect(index.count == 20)
        }
    }

    @Test func zeroVectorIsRejectedForCosine() throws {
        for index in try makeIndexes() {
            #expect(code { try index.insert(id: 100, vector: [0, 0, 0, 0]) } == "zero_vector")
        }
    }

    @Test func unknownMetricNameIsRejectedWithStableCode() throws {
        #expect(code { _ = try Metric(parsing: "manhattan") } == "unknown_metric")
        #expect(try Metric(parsing: "L2") == .squaredL2)
        #expect(try Metric(parsing: "cos") == .cosine)
        #expect(try Metric(parsing: "dot") == .innerProduct)
    }

    @Test func invalidParametersAreRejected() {
        #expect(code { _ = try HNSWIndex(dimensions: 0, metric: .squaredL2) } == "invalid_parameter")
        #expect(code { _ = try HNSWIndex(dimensions: 4, metric: .squaredL2, parameters: HNSWParameters(m: 1)) } == "invalid_parameter")
        #expect(code { _ = try HNSWIndex(dimensions: 4, metric: .squaredL2, parameters: HNSWParameters(efConstruction: 0)) } == "invalid_parameter")
    }
}
