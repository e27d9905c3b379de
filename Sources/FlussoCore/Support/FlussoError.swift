/// How an error should be treated by a retry policy.
public enum ErrorKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Bad input or a broken invariant: retrying cannot help.
    case permanent
    /// A dependency failed in a way that may pass (I/O error, 5xx, connection reset).
    case transient
    /// The work did not finish within its time limit.
    case timeout
    /// A dependency asked us to slow down (HTTP 429/503, throttling).
    case throttled
}

/// The one error type that crosses module boundaries.
///
/// `code` is one of the closed set in `FlussoErrorCode`, and carries the retry kind and the HTTP
/// status; `message` is for people; `field` names the offending input field (dotted path) for
/// validation errors; `detail` holds a value that belongs to the code (an upstream HTTP status,
/// say) so the code itself never varies. The HTTP layer renders it as
/// `{"error": {"code", "message", "field"?, "detail"?, "details"?}}`.
public struct FlussoError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: FlussoErrorCode
    public var message: String
    public var field: String?
    public var detail: String?
    /// Further field errors when validation found more than one problem.
    public var details: [FieldProblem]

    public init(_ code: FlussoErrorCode, _ message: String, field: String? = nil, detail: String? = nil, details: [FieldProblem] = []) {
        self.code = code
        self.message = message
        self.field = field
        self.detail = detail
        self.details = details
    }

    /// The retry kind, from the code.
    public var kind: ErrorKind { code.kind }

    public var description: String {
        if let field { return "\(code.name): \(message) (field \(field))" }
        return "\(code.name): \(message)"
    }

    public static func notFound(_ what: String) -> FlussoError {
        FlussoError(.notFound, "\(what) was not found")
    }

    public static func storage(_ message: String) -> FlussoError {
        FlussoError(.storageError, message)
    }
}

/// One problem with one input field.
public struct FieldProblem: Codable, Sendable, Equatable {
    public var field: String
    public var message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A module's own error type that knows its `FlussoError` (its code in the closed set).
public protocol FlussoErrorConvertible: Error {
    var flussoError: FlussoError { get }
}

extension FlussoError {
    /// The one mapping from any error to a `FlussoError`: itself; a module error through its
    /// `FlussoErrorConvertible` conformance; cancellation as `cancelled` (permanent); anything
    /// else (I/O and the like) as `internal_error`, which is retried as transient.
    public init(_ error: any Error) {
        switch error {
        case let error as FlussoError: self = error
        case let error as any FlussoErrorConvertible: self = error.flussoError
        case is CancellationError: self = FlussoError(.cancelled, "the work was cancelled")
        default: self = FlussoError(.internalError, String(describing: error))
        }
    }
}

extension Error {
    /// The retry kind of any error (see `FlussoError.init(_:)`).
    public var flussoKind: ErrorKind { FlussoError(self).kind }

    /// The stable code of any error.
    public var flussoCode: FlussoErrorCode { FlussoError(self).code }

    /// A one-line description for logs and step records.
    public var flussoMessage: String { FlussoError(self).message }
}
