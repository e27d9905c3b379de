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

    @Test(arguments: [1, 3, 7, 8, 9, 15, 16, 17, 24, 31, 33, 128, 384, 385])
    func fourWayKernelsMatchTheSingleVectorKernels(dim: Int) {
        let v = randomVectors(5, dimensions: dim, seed: 500 + UInt64(dim))
        let (dots, l2s) = v[0].withUnsafeBufferPointer { q in
            v[1].withUnsafeBufferPointer { b0 in
                v[2].withUnsafeBufferPointer { b1 in
                    v[3].withUnsafeBufferPointer { b2 in
                        v[4].withUnsafeBufferPointer { b3 in
                            (
                                DistanceKernels.dot4(
                                    q.baseAddress!, b0.baseAddress!, b1.baseAddress!, b2.baseAddress!,
                                    b3.baseAddress!, count: dim),
                                DistanceKernels.squaredL2x4(
                                    q.baseAddress!, b0.baseAddress!, b1.baseAddress!,
                                    b2.baseAddress!, b3.baseAddress!, count: dim)
                            )
                        }
                    }
                }
            }
        }
        for lane in 0..<4 {
            let expectedDot = Self.naiveDot(v[0], v[lane + 1])
            let expectedL2 = zip(v[0], v[lane + 1]).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            #expect(abs(Double(dots[lane]) - expectedDot) < 1e-4 * Double(dim), "dot lane \(lane)")
            #expect(abs(Double(l2s[lane]) - expectedL2) < 1e-4 * Double(dim), "l2 lane \(lane)")
        }
    }

    @Test func prefetchIsAHintThatChangesNothing() {
        var values: [Float] = [1, 2, 3]
        values.withUnsafeBufferPointer { p in
            Prefetch.read(UnsafeRawPointer(p.baseAddress!), bytes: 12)
            Prefetch.read(UnsafeRawPointer(p.baseAddress!), bytes: 4096, maxLines: 64)  // past the end: still only a hint
        }
        values[0] += 1
        #expect(values == [2, 2, 3])
    }

    @Test func cosineDistanceOfNormalisedVectorsIsOneMinusCosine() throws {
        let index = try ExactIndex(dimensions: 3, metric: .cosine)
        try index.insert(id: 1, vector: [2, 0, 0])
        let hit = try index.search([1, 1, 0], k: 1)
        #expect(abs(hit[0].distance - (1 - 1 / Float(2).squareRoot())) < 1e-6)
    }
}
