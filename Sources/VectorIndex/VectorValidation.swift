/// Input checks shared by every index: dimension, finiteness, and (for cosine) normalisation.
enum VectorValidation {
    /// Checks `vector` and returns the form that is stored/searched (unit length for cosine).
    static func prepared(_ vector: [Float], dimensions: Int, metric: Metric) throws -> [Float] {
        guard vector.count == dimensions else {
            throw VectorIndexError(.dimensionMismatch, "expected \(dimensions) dimensions, got \(vector.count)")
        }
        for (i, x) in vector.enumerated() where !x.isFinite {
            throw VectorIndexError(.nonFiniteValue, "component \(i) is \(x); only finite values are allowed")
        }
        guard metric == .cosine else { return vector }
        let norm = DistanceKernels.dot(vector, vector).squareRoot()
        guard norm > 0, norm.isFinite else {
            throw VectorIndexError(.zeroVector, "a zero (or overflowing) vector has no direction for cosine")
        }
        let inv = 1 / norm
        return vector.map { $0 * inv }
    }

    static func checkK(_ k: Int, count: Int) throws {
        guard k > 0 else { throw VectorIndexError(.invalidK, "k must be positive, got \(k)") }
        guard k <= count else {
            throw VectorIndexError(.invalidK, "k (\(k)) is larger than the number of indexed vectors (\(count))")
        }
    }
}
