import FlussoCore

extension ClassifierError: FlussoErrorConvertible {
    /// The same problem as the service's error: the engine's codes are all in the closed set
    /// (a test checks `ClassifierError.codes`); one that is not would surface as `internal_error`
    /// with the engine's code as the detail, never silently as another code.
    public var flussoError: FlussoError {
        guard let known = FlussoErrorCode.named(code) else { return FlussoError(.internalError, message, detail: code) }
        return FlussoError(known, message)
    }
}
