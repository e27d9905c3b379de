/// The single error type thrown by every `VectorIndex` API.
///
/// `code` is a stable, machine-readable string (safe to match on and to expose over an API);
/// `message` is a human-readable explanation. Whenever an operation throws, the index it was
/// called on is left exactly as it was before the call.
public struct VectorIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Stable error codes. The raw values never change between versions.
    public enum Code: String, Sendable, CaseIterable {
        case dimensionMismatch = "dimension_mismatch"
        case nonFiniteValue = "non_finite_value"
        case zeroVector = "zero_vector"
        case invalidK = "invalid_k"
        case invalidParameter = "invalid_parameter"
        case duplicateID = "duplicate_id"
        case unknownID = "unknown_id"
        case unknownMetric = "unknown_metric"
        case io = "io_error"
        case badMagic = "bad_magic"
        case unsupportedVersion = "unsupported_version"
        case truncatedFile = "truncated_file"
        case corruptedFile = "corrupted_file"
    }

    /// The stable code of this error.
    public let code: Code
    /// A human-readable description of what went wrong.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
