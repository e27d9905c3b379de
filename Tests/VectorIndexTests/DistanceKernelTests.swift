import Testing
@testable import VectorIndex

@Suite struct DistanceKernelTests {
    static func naiveDot(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test(arguments: [1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100, 128, 384, 385])
    func dotMatchesScalarReferenceForAnyDimension(dim: Int) {
        let v = randomVectors(2, dimensions: dim, seed: UInt64(dim))
        let expected = Self.naiveDot(v[0], v[1])
        #expect(abs(Double(DistanceKernels.dot(v[0], v[1])) - expected) < 1e-4 * Double(dim))
    }

    @Test(arguments: [1, 5, 8, 9, 16, 24, 32, 63, 128, 130, 384])
    func squaredL2MatchesScalarReferenceForAnyDimension(dim: Int) {
        let v = randomVectors(2, dimensions: dim, seed: 99 + UInt64(dim))
        let expected = zip(v[0], v[1]).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
        #expect(abs(Double(DistanceKernels.squaredL2(v[0], v[1])) - expected) < 1e-4 * Double(dim))
    }

    @Test func cosineDistanceOfNormalisedVectorsIsOneMinusCosine() throws {
        let index = try ExactIndex(dimensions: 3, metric: .cosine)
        try index.insert(id: 1, vector: [2, 0, 0])
        let hit = try index.search([1, 1, 0], k: 1)
        #expect(abs(hit[0].distance - (1 - 1 / Float(2).squareRoot())) < 1e-6)
    }
}
