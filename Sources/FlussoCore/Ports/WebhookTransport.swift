import Foundation

/// One signed webhook POST, as the dispatcher hands it to the transport.
public struct WebhookRequest: Sendable {
    public var url: String
    /// Header name and value pairs, in order (`webhook-id`, `webhook-timestamp`, `webhook-signature`, …).
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(url: String, headers: [(name: String, value: String)], body: Data) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What one POST gave: the status when an answer's head arrived, else why not.
public struct WebhookResponse: Sendable, Equatable {
    public enum Failure: String, Sendable, CaseIterable {
        /// The URL's address (as written or as resolved) is not one Flusso may call; never retried.
        case refusedAddress = "refused_address"
        /// The URL cannot be called at all (bad scheme, no host); never retried.
        case invalidURL = "invalid_url"
        /// The host name does not resolve.
        case unresolved
        case connectionRefused = "connection_refused"
        case timeout
        case other
    }

    public var status: Int?
    public var duration: Duration
    public var failure: Failure?
    /// What went wrong, for the attempt's record.
    public var message: String?
    /// The receiver's `Retry-After`, in seconds (delta-seconds or an HTTP date), when it sent one.
    public var retryAfter: Duration?

    public init(status: Int?, duration: Duration, failure: Failure? = nil, message: String? = nil, retryAfter: Duration? = nil) {
        self.status = status
        self.duration = duration
        self.failure = failure
        self.message = message
        self.retryAfter = retryAfter
    }

    /// 2xx: delivered.
    public var isSuccess: Bool { failure == nil && (200..<300).contains(status ?? 0) }
}

/// Sends webhook POSTs (step 9). Local and hybrid: HTTP with outbound-address checks, no
/// redirects, connect and total timeouts and a bounded read of the answer.
public protocol WebhookTransport: Sendable {
    /// Never throws: every way a POST can fail is a `WebhookResponse` (cancellation ends it as `.other`).
    func send(_ request: WebhookRequest) async -> WebhookResponse
}
