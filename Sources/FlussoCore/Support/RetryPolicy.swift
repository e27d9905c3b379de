/// How a step retries: the design's Step Functions `Retry` block.
///
/// Attempt `n` (1-based) that fails with a retryable kind waits
/// `min(interval × backoffRate^(n-1), maxDelay)`, spread by ± `jitter` (a fraction, 0 = none),
/// before attempt `n + 1`; after `maxAttempts` the step fails.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var interval: Duration
    public var backoffRate: Double
    public var maxDelay: Duration
    public var jitter: Double
    public var retryOn: Set<ErrorKind>

    public init(
        maxAttempts: Int, interval: Duration, backoffRate: Double, maxDelay: Duration = .seconds(60),
        jitter: Double = 0, retryOn: Set<ErrorKind> = [.transient, .timeout, .throttled]
    ) {
        precondition(maxAttempts >= 1, "maxAttempts must be at least 1")
        precondition(backoffRate >= 1, "backoffRate must be at least 1")
        precondition((0...1).contains(jitter), "jitter is a fraction in 0...1")
        self.maxAttempts = maxAttempts
        self.interval = interval
        self.backoffRate = backoffRate
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.retryOn = retryOn
    }

    /// Whether an error of `kind` after attempt `attempt` leads to another attempt.
    public func shouldRetry(_ kind: ErrorKind, afterAttempt attempt: Int) -> Bool {
        attempt < maxAttempts && retryOn.contains(kind)
    }

    /// The wait after failed attempt `attempt` (1-based). `unit` in 0..<1 picks the jitter.
    public func delay(afterAttempt attempt: Int, unit: Double = 0.5) -> Duration {
        let base = interval.seconds * pow(backoffRate, attempt - 1)
        let capped = min(base, maxDelay.seconds)
        let spread = capped * jitter * (unit * 2 - 1)
        return .milliseconds(Int64(((capped + spread) * 1000).rounded()))
    }

    /// Classification: 3 attempts, 2 s, ×2.0 on failure or timeout (the design).
    public static let classification = RetryPolicy(maxAttempts: 3, interval: .seconds(2), backoffRate: 2.0)
    /// Retrieval: 2 attempts, 1 s, ×1.5 (the design).
    public static let retrieval = RetryPolicy(maxAttempts: 2, interval: .seconds(1), backoffRate: 1.5)
    /// Generation: 3 attempts, 5 s, ×2.0 on throttling or timeout (the design).
    public static let generation = RetryPolicy(
        maxAttempts: 3, interval: .seconds(5), backoffRate: 2.0,
        retryOn: [.throttled, .timeout])
    /// Enrich, OCR, guard, store, notify: 3 attempts, 1 s, ×2.0 on transient errors, throttling or timeout.
    public static let standard = RetryPolicy(maxAttempts: 3, interval: .seconds(1), backoffRate: 2.0)
    /// Validation is deterministic: one attempt.
    public static let once = RetryPolicy(maxAttempts: 1, interval: .zero, backoffRate: 1.0, retryOn: [])
}

private func pow(_ base: Double, _ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(0, exponent) { result *= base }
    return result
}
