import FlussoCore
import VectorIndex

/// A problem with one input of an ingestion batch or with a search request, with a stable code
/// and, where it applies, the 1-based line of the file it was found on.
public struct KnowledgeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var line: Int?

    public init(_ code: String, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }

    /// Every code the knowledge base throws (each is also a `FlussoErrorCode`).
    public static let codes = [
        "embedding_failed", "empty_document", "invalid_catalogue", "invalid_csv", "invalid_encoding", "invalid_front_matter", "invalid_json",
        "invalid_html", "invalid_label", "invalid_sidecar",
        "invalid_mapping", "invalid_pattern", "invalid_query", "invalid_yaml", "io_error", "missing_field", "no_catalogue_mapping",
        "no_embedder", "unreadable_file", "unsupported_type",
    ]
}

extension KnowledgeError: FlussoErrorConvertible {
    /// The same problem as the service's error (a code outside the closed set would surface as
    /// `internal_error` with this code as the detail; a test checks `codes`).
    public var flussoError: FlussoError {
        guard let known = FlussoErrorCode.named(code) else { return FlussoError(.internalError, description, detail: code) }
        return FlussoError(known, description)
    }
}

extension VectorIndexError: FlussoErrorConvertible {
    /// The index's codes are all in the closed set (a test checks `VectorIndexError.Code.allCases`).
    public var flussoError: FlussoError {
        guard let known = FlussoErrorCode.named(code.rawValue) else { return FlussoError(.internalError, message, detail: code.rawValue) }
        return FlussoError(known, message)
    }
}
