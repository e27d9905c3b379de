import AsyncHTTPClient
import FlussoCore
import Foundation
import NIOCore
import NIOHTTP1

/// An answer read whole: its status, its headers and its body (never more than the sender's
/// `maxResponseBytes`). Any status: which ones are usable is the client's decision.
public struct HTTPResponseData: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why an attempt got no whole answer, sorted into the cases the clients decide on.
///
/// `description` is `"\(error)"` of the underlying error, which is what the clients put in their
/// messages; a timeout the sender itself enforces (on the body, see `RetryingHTTPSender`)
/// describes itself as AsyncHTTPClient's `deadlineExceeded` does, so messages do not depend on
/// which of the two clocks fired first.
public struct HTTPTransportFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// No whole answer within the attempt's time: `HTTPClientError.deadlineExceeded`,
        /// `.readTimeout` or `.connectTimeout`, or the sender's own bound on the body.
        case timeout
        /// Nothing listens on the port: the error's text holds `connectionRefused` or
        /// `Connection refused` (NIO's `NIOConnectionError` is in NIOPosix, so it is matched by text,
        /// as the clients did before the sender).
        case connectionRefused
        /// The server closed the connection before the answer was complete
        /// (`HTTPClientError.remoteConnectionClosed`).
        case connectionClosed
        /// The body is larger than the sender's `maxResponseBytes` (`NIOTooManyBytesError`, thrown
        /// by `collect(upTo:)` before reading when `Content-Length` says so, else while reading).
        case bodyTooLarge
        /// Anything else (TLS, DNS, a reset, a malformed answer, a shut-down client).
        case other
    }

    public var kind: Kind
    public var description: String
    /// The error AsyncHTTPClient or NIO threw (nil when the failure was made by hand).
    public var underlying: (any Error)?

    public init(kind: Kind, description: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.description = description
        self.underlying = underlying
    }

    /// The failure `error` is: the same tests, in the same order, as the three clients made
    /// before the sender (AsyncHTTPClient's codes first, then the text of the error).
    public init(classifying error: any Error) {
        let text = "\(error)"
        let kind: Kind
        if error is NIOTooManyBytesError {
            kind = .bodyTooLarge
        } else if let e = error as? HTTPClientError, e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
            kind = .timeout
        } else if let e = error as? HTTPClientError, e == .remoteConnectionClosed {
            kind = .connectionClosed
        } else if text.contains("connectionRefused") || text.contains("Connection refused") {
            kind = .connectionRefused
        } else {
            kind = .other
        }
        self.init(kind: kind, description: text, underlying: error)
    }

    /// The timeout the sender reports when its own bound passes first.
    static var attemptTimedOut: HTTPTransportFailure {
        HTTPTransportFailure(kind: .timeout, description: "\(HTTPClientError.deadlineExceeded)", underlying: HTTPClientError.deadlineExceeded)
    }
}

/// What one attempt gave.
public enum HTTPAttemptOutcome: Sendable {
    /// An answer, read whole (any status).
    case response(HTTPResponseData)
    /// No whole answer.
    case failure(HTTPTransportFailure)

    public var response: HTTPResponseData? {
        if case .response(let response) = self { return response }
        return nil
    }

    public var failure: HTTPTransportFailure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}

/// A client's judgement of one attempt's outcome: the client decides WHAT is retryable, the
/// sender decides WHEN (its policy's `retryOn`, attempts, deadline and waits).
public enum HTTPVerdict: Sendable, Hashable {
    /// This outcome is the answer (a usable status, or one the client maps to its own error):
    /// the sender stops and hands it back.
    case accept
    /// The attempt failed with this kind; the sender tries again when the policy's `retryOn`
    /// holds the kind and attempts and time are left, else it stops and hands the outcome back.
    case fail(ErrorKind)
}

/// One HTTP try, as the sender saw it: enough for an audit record or a metric.
public struct HTTPAttemptRecord: Sendable {
    /// 1-based.
    public var attempt: Int
    public var startedAt: ContinuousClock.Instant
    /// From the request's start to the body's end (or the failure).
    public var duration: Duration
    /// This attempt's limit: the sender's `attemptTimeout`, or what the deadline left if less.
    public var timeout: Duration
    /// The answer's status, when its head arrived (also for a body that was too large or too slow).
    public var status: Int?
    /// Body bytes read, when the body was read whole.
    public var bytes: Int?
    /// The first `recordedBodyBytes` of the body (empty when none are kept or none were read).
    public var bodyPrefix: Data
    /// Why there is no whole answer (nil when there is one, whatever its status).
    public var failure: HTTPTransportFailure?
    /// What the client's `classify` said of this attempt.
    public var verdict: HTTPVerdict
    /// The `Retry-After` the answer asked for (capped), when it set the wait after this attempt.
    public var retryAfter: Duration?
    /// The wait before the next attempt; nil when none followed.
    public var pause: Duration?

    /// `duration` in milliseconds, as the audit records store it.
    public var durationMs: Double { duration.milliseconds }
}

/// Every attempt and how the exchange ended.
public struct HTTPSendResult: Sendable {
    /// Why the sender stopped.
    public enum Stop: String, Sendable, CaseIterable {
        /// `classify` accepted the last outcome.
        case accepted
        /// The last outcome failed with a kind the policy does not retry.
        case notRetryable
        /// The last outcome was retryable but it was the policy's last attempt.
        case attemptsExhausted
        /// The deadline left no time for a (further) attempt, or the wait before it would not end
        /// before the deadline. With no attempt at all, `outcome` is nil.
        case deadline
    }

    public var attempts: [HTTPAttemptRecord]
    /// The last attempt's outcome; nil when the deadline allowed none.
    public var outcome: HTTPAttemptOutcome?
    public var stop: Stop

    public init(attempts: [HTTPAttemptRecord], outcome: HTTPAttemptOutcome?, stop: Stop) {
        self.attempts = attempts
        self.outcome = outcome
        self.stop = stop
    }

    /// The last answer, when the last attempt got one (accepted or not).
    public var response: HTTPResponseData? { outcome?.response }
    /// The last failure, when the last attempt got no whole answer.
    public var failure: HTTPTransportFailure? { outcome?.failure }
}
