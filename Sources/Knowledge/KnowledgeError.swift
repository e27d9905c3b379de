import FlussoCore

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

    /// The same problem as the service's error type.
    public var flussoError: FlussoError { FlussoError(code, description) }
}
