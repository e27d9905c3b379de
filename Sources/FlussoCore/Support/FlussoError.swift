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
/// `code` is stable (clients and tests match on it); `message` is for people; `field` names the
/// offending input field (dotted path) for validation errors. The HTTP layer renders it as
/// `{"error": {"code", "message", "field"?}}`.
public struct FlussoError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var field: String?
    public var kind: ErrorKind
    /// Further field errors when validation found more than one problem.
    public var details: [FieldProblem]

    public init(_ code: String, _ message: String, field: String? = nil, kind: ErrorKind = .permanent, details: [FieldProblem] = []) {
        self.code = code
        self.message = message
        self.field = field
        self.kind = kind
        self.details = details
    }

    public var description: String {
        if let field { return "\(code): \(message) (field \(field))" }
        return "\(code): \(message)"
    }

    public static func notFound(_ what: String) -> FlussoError {
        FlussoError("not_found", "\(what) was not found")
    }

    public static func storage(_ message: String) -> FlussoError {
        FlussoError("storage_error", message, kind: .transient)
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

extension Error {
    /// The retry kind of any error: `FlussoError` says so itself, cancellation is permanent, the
    /// rest (I/O and the like) is treated as transient.
    public var flussoKind: ErrorKind {
        if let error = self as? FlussoError { return error.kind }
        if self is CancellationError { return .permanent }
        return .transient
    }

    /// A stable code for any error.
    public var flussoCode: String {
        (self as? FlussoError)?.code ?? "internal_error"
    }

    /// A one-line description for logs and step records.
    public var flussoMessage: String {
        (self as? FlussoError)?.message ?? String(describing: self)
    }
}
