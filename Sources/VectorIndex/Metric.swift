/// The distance used to compare vectors. Smaller distances always mean "more similar".
///
/// - `squaredL2`: sum of squared differences (not square-rooted, ordering is the same).
/// - `innerProduct`: `1 - dot(a, b)` (same convention as hnswlib's "ip" space).
/// - `cosine`: vectors and queries are normalised to unit length on the way in, then
///   `1 - dot(a, b)`; a zero vector is rejected because it has no direction.
public enum Metric: String, Sendable, CaseIterable, Codable {
    case squaredL2 = "l2"
    case innerProduct = "ip"
    case cosine = "cosine"

    /// Parses a metric name. Accepted (case-insensitive): `l2`, `euclidean`, `sql2`;
    /// `ip`, `inner_product`, `dot`; `cosine`, `cos`.
    /// - Throws: `VectorIndexError` with code `unknown_metric` for any other name.
    public init(parsing name: String) throws {
        switch name.lowercased() {
        case "l2", "euclidean", "sql2", "squared_l2": self = .squaredL2
        case "ip", "inner_product", "dot", "innerproduct": self = .innerProduct
        case "cosine", "cos": self = .cosine
        default:
            throw VectorIndexError(.unknownMetric, "unknown metric '\(name)'; expected one of l2, ip, cosine")
        }
    }

    /// Stable numeric tag used by the binary file format.
    var fileTag: UInt32 {
        switch self {
        case .squaredL2: 0
        case .innerProduct: 1
        case .cosine: 2
        }
    }

    init?(fileTag: UInt32) {
        switch fileTag {
        case 0: self = .squaredL2
        case 1: self = .innerProduct
        case 2: self = .cosine
        default: return nil
        }
    }
}
