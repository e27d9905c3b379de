import AsyncHTTPClient
import FlussoCore
import Foundation
import NIOCore
import NIOHTTP1

/// The one retry loop of Flusso's HTTP clients (chat completions, embeddings, AWS) on
/// AsyncHTTPClient.
///
/// The sender owns the loop, the timing and the limits: attempts and exponential backoff with
/// jitter come from a `RetryPolicy` (FlussoCore's, the design's `Retry` block); a `Retry-After`
/// header (delta-seconds, up to `retryAfterCap`) replaces the backoff's wait; no attempt starts
/// with `minimumAttemptTime` or less left before the deadline, each attempt is bounded by
/// `min(attemptTimeout, what the deadline leaves)`, and no wait is started that would end past the
/// deadline; a body larger than `maxResponseBytes` is a failure; every attempt is recorded.
///
/// The client owns the judgement: `classify` says of each outcome whether it is the answer
/// (`.accept`) or a failure of some `ErrorKind`, and the policy's `retryOn` says which kinds are
/// tried again. The sender throws only `CancellationError` (the task was cancelled: the request
/// in flight or the wait is abandoned at once) and what `makeRequest` throws; everything else is
/// in the returned `HTTPSendResult`, for the client to turn into its own error.
///
/// The attempt bound covers the body too. AsyncHTTPClient's `execute(_:timeout:)` (1.37.0)
/// cancels its deadline timer as soon as the response head arrives, so a server that sends a
/// head and then trickles or stalls its body would hold the attempt for as long as the client's
/// read timeout allows (none by default). The sender therefore races each transfer against the
/// same bound and cancels it when the bound passes first.
public struct RetryingHTTPSender: Sendable {
    /// The sender's limits and timing.
    public struct Configuration: Sendable {
        /// Attempts, the backoff (`interval × backoffRate^(n-1)`, capped at `maxDelay`, spread by
        /// ± `jitter`), and the `ErrorKind`s that are retried.
        public var policy: RetryPolicy
        /// The longest one attempt may take, connect to last body byte.
        public var attemptTimeout: Duration
        /// Largest body accepted; a larger one is a `.bodyTooLarge` failure.
        public var maxResponseBytes: Int
        /// `Retry-After` (delta-seconds) of an answer that is retried replaces the backoff, cut to
        /// this; nil ignores the header. The HTTP-date form is ignored, as the clients did.
        public var retryAfterCap: Duration?
        /// With a deadline: an attempt starts only when more than this is left.
        public var minimumAttemptTime: Duration
        /// Body bytes kept in each attempt's record (for audit records); 0 keeps none.
        public var recordedBodyBytes: Int

        public init(
            policy: RetryPolicy, attemptTimeout: Duration, maxResponseBytes: Int, retryAfterCap: Duration? = nil,
            minimumAttemptTime: Duration = .zero, recordedBodyBytes: Int = 0
        ) {
            precondition(maxResponseBytes >= 0, "maxResponseBytes must not be negative")
            precondition(recordedBodyBytes >= 0, "recordedBodyBytes must not be negative")
            self.policy = policy
            self.attemptTimeout = attemptTimeout
            self.maxResponseBytes = maxResponseBytes
            self.retryAfterCap = retryAfterCap
            self.minimumAttemptTime = minimumAttemptTime
            self.recordedBodyBytes = recordedBodyBytes
        }
    }

    /// A `RetryPolicy.maxDelay` so large that only the attempts and the deadline bound the waits,
    /// as in the clients' loops before the sender (31 years; `RetryPolicy.delay` stays far from
    /// `Int64` milliseconds' overflow with it).
    public static let uncappedDelay: Duration = .seconds(1_000_000_000)

    /// The process-wide client of the HTTP adapters: never shut down (it lives as long as the
    /// process, like `HTTPClient.shared`), but a refused connection fails the attempt at once
    /// instead of being retried inside the pool until the deadline, so the sender's policy
    /// (attempts × backoff) is what decides how long a down server is tried. Connect: 5 s.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public let client: HTTPClient
    public let configuration: Configuration
    /// The jitter's draw for the wait after attempt `n`, in 0...1 (0.5 is no spread).
    private let jitterUnit: @Sendable (_ attempt: Int) -> Double

    /// `jitterUnit` draws the jitter of the wait after each attempt (default: uniform in 0..<1);
    /// tests pass a fixed function of the attempt number to make the waits exact.
    public init(
        client: HTTPClient = RetryingHTTPSender.sharedClient, configuration: Configuration,
        jitterUnit: @escaping @Sendable (_ attempt: Int) -> Double = { _ in Double.random(in: 0..<1) }
    ) {
        self.client = client
        self.configuration = configuration
        self.jitterUnit = jitterUnit
    }

    /// Sends `request` (the same value each attempt: its body must be replayable, as `.bytes` is)
    /// until `classify` accepts an outcome or the policy, the attempts or `deadline` end the loop.
    public func send(
        _ request: HTTPClientRequest, deadline: ContinuousClock.Instant? = nil,
        classify: @Sendable (HTTPAttemptOutcome) -> HTTPVerdict
    ) async throws -> HTTPSendResult {
        try await send(deadline: deadline, classify: classify) { _ in request }
    }

    /// As `send(_:deadline:classify:)`, with the request made afresh for each attempt (1-based):
    /// for requests that must change each time, like a SigV4 signature over the current date.
    public func send(
        deadline: ContinuousClock.Instant? = nil,
        classify: @Sendable (HTTPAttemptOutcome) -> HTTPVerdict,
        makeRequest: @Sendable (_ attempt: Int) throws -> HTTPClientRequest
    ) async throws -> HTTPSendResult {
        let policy = configuration.policy
        var records: [HTTPAttemptRecord] = []
        var outcome: HTTPAttemptOutcome?
        for attempt in 1...max(1, policy.maxAttempts) {
            try Task.checkCancellation()
            var timeout = configuration.attemptTimeout
            if let deadline {
                let left = deadline - ContinuousClock.now
                guard left > configuration.minimumAttemptTime else {
                    return HTTPSendResult(attempts: records, outcome: outcome, stop: .deadline)
                }
                timeout = min(timeout, left)
            }
            let request = try makeRequest(attempt)
            let started = ContinuousClock.now
            let transfer = try await perform(request, timeout: timeout)
            let verdict = classify(transfer.outcome)
            var record = HTTPAttemptRecord(
                attempt: attempt, startedAt: started, duration: ContinuousClock.now - started, timeout: timeout,
                status: transfer.status, bytes: transfer.outcome.response?.body.count,
                bodyPrefix: transfer.outcome.response.map { Data($0.body.prefix(configuration.recordedBodyBytes)) } ?? Data(),
                failure: transfer.outcome.failure, verdict: verdict, retryAfter: nil, pause: nil)
            outcome = transfer.outcome
            guard case .fail(let kind) = verdict else {
                records.append(record)
                return HTTPSendResult(attempts: records, outcome: outcome, stop: .accepted)
            }
            guard policy.retryOn.contains(kind) else {
                records.append(record)
                return HTTPSendResult(attempts: records, outcome: outcome, stop: .notRetryable)
            }
            guard attempt < policy.maxAttempts else {
                records.append(record)
                return HTTPSendResult(attempts: records, outcome: outcome, stop: .attemptsExhausted)
            }
            let wait = pause(afterAttempt: attempt, outcome: transfer.outcome)
            record.retryAfter = wait.retryAfter
            if let deadline, ContinuousClock.now + wait.pause >= deadline {
                records.append(record)
                return HTTPSendResult(attempts: records, outcome: outcome, stop: .deadline)
            }
            record.pause = wait.pause
            records.append(record)
            try await Task.sleep(for: wait.pause)
        }
        // Not reached: the last attempt returns above (`attempt < policy.maxAttempts` fails).
        return HTTPSendResult(attempts: records, outcome: outcome, stop: .attemptsExhausted)
    }

    /// The wait after failed attempt `attempt`: the answer's `Retry-After` (capped) when the
    /// configuration honours it and the answer has one, else the policy's backoff with jitter
    /// (the jitter never applies to a `Retry-After`: the server said when).
    func pause(afterAttempt attempt: Int, outcome: HTTPAttemptOutcome) -> (pause: Duration, retryAfter: Duration?) {
        if let cap = configuration.retryAfterCap, let response = outcome.response,
            let retryAfter = Self.retryAfter(in: response.headers, cap: cap)
        {
            return (retryAfter, retryAfter)
        }
        let policy = configuration.policy
        let unit = policy.jitter == 0 ? 0.5 : min(max(jitterUnit(attempt), 0), 1)
        return (policy.delay(afterAttempt: attempt, unit: unit), nil)
    }

    /// `Retry-After` as delta-seconds (fractions allowed), at least 0, cut to `cap`, to the
    /// millisecond (truncated, as the clients did); nil when absent, negative or an HTTP-date.
    public static func retryAfter(in headers: HTTPHeaders, cap: Duration) -> Duration? {
        guard let seconds = headers.first(name: "Retry-After").flatMap(Double.init), seconds >= 0 else { return nil }
        return .milliseconds(Int64(min(seconds, cap.seconds) * 1000))
    }

    // MARK: One attempt

    /// What one transfer learnt: the status once the head arrived, and the outcome.
    private struct Transfer: Sendable {
        var status: Int?
        var outcome: HTTPAttemptOutcome
    }

    /// One attempt, head and body, bounded by `timeout`. Throws only `CancellationError`.
    private func perform(_ request: HTTPClientRequest, timeout: Duration) async throws -> Transfer {
        let client = self.client
        let limit = configuration.maxResponseBytes
        let bound = max(timeout, .zero)
        let transfer = try await withThrowingTaskGroup(of: Transfer?.self, returning: Transfer.self) { group in
            group.addTask {
                await Self.transfer(request, client: client, timeout: bound, limit: limit)
            }
            group.addTask {
                // Throws CancellationError when the transfer finished first (ignored: never
                // collected) or when the sending task is cancelled (rethrown by `next()`).
                try await Task.sleep(for: bound)
                return nil
            }
            let first = try await group.next()
            group.cancelAll()
            if case .some(.some(let finished)) = first { return finished }
            // The bound passed first. The cancelled transfer ends promptly (AsyncHTTPClient
            // cancels the request, its body stream throws); keep the status it had seen.
            var status: Int?
            while let late = try await group.next() {
                if let late { status = late.status }
            }
            return Transfer(status: status, outcome: .failure(.attemptTimedOut))
        }
        // A transfer that ended because the sending task was cancelled is no outcome.
        try Task.checkCancellation()
        return transfer
    }

    /// `execute` then `collect(upTo:)`, as the clients did; never throws (a failure is an outcome).
    private static func transfer(_ request: HTTPClientRequest, client: HTTPClient, timeout: Duration, limit: Int) async -> Transfer {
        var status: Int?
        do {
            let response = try await client.execute(request, timeout: timeAmount(timeout))
            status = Int(response.status.code)
            let bytes = try await response.body.collect(upTo: limit)
            let answer = HTTPResponseData(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
            return Transfer(status: status, outcome: .response(answer))
        } catch {
            return Transfer(status: status, outcome: .failure(HTTPTransportFailure(classifying: error)))
        }
    }

    /// `duration` as NIO's `TimeAmount` (nanoseconds; seconds clamped far below `Int64` overflow).
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let clamped = min(max(seconds, 0), 9_000_000_000)
        return .nanoseconds(clamped * 1_000_000_000 + max(attoseconds, 0) / 1_000_000_000)
    }
}
