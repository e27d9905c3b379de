import FlussoCore

/// Settings of the webhook dispatcher; defaults are documented in docs/configuration.md
/// (`webhooks.*`).
public struct WebhookDispatchSettings: Sendable {
    /// false: this process runs no dispatcher (events wait in the outbox for one that does).
    public var enabled = true
    /// How often the outbox and the due deliveries are looked at (the floor of the delay from a
    /// state change to its delivery).
    public var poll: Duration = .milliseconds(50)
    /// How long the dispatcher lease lasts without renewal (renewed every third of it); a second
    /// process on the data directory takes over this long after the first one dies.
    public var lease: Duration = .seconds(15)
    /// Deliveries in flight at once.
    public var concurrency = 32
    /// The wait after a first failed attempt; doubles per attempt up to `maxRetryDelay`, spread by
    /// ± `jitter`.
    public var firstRetryDelay: Duration = .seconds(1)
    public var maxRetryDelay: Duration = .seconds(3600)
    public var jitter = 0.2
    /// How long after it was planned (or queued again by hand) a delivery is retried before it is
    /// dead-lettered.
    public var horizon: Duration = .seconds(86_400)
    /// The longest wait a receiver's `Retry-After` sets (a longer one is cut to this).
    public var retryAfterCap: Duration = .seconds(3600)
    /// The longest one attempt may take (the transport's DNS bound plus its total timeout), used
    /// to claim a delivery: a dispatcher that dies mid-attempt leaves it due again after this and
    /// 5 s more.
    public var attemptTimeout: Duration = .seconds(10)
    /// The secrets `callback_url` deliveries are signed with (two during a rotation); empty: the
    /// data directory's own, made once (`flusso webhooks callback-secret`).
    public var callbackSecrets: [WebhookSecret] = []
    /// Disable a subscription whose delivery is dead-lettered with no success since that
    /// delivery's event, or whose receiver answered 410 Gone.
    public var disableFailingSubscriptions = true
    /// Put the whole ticket in each delivery's `detail.ticket` (`webhooks.payload = ticket`);
    /// false: ids and statuses only, never the ticket's text.
    public var includeTicket = false
    /// This process's name in the lease and the logs.
    public var holder = "dispatcher"

    public init() {}

    /// The backoff schedule as a `RetryPolicy` (attempts are bounded by `horizon`, not counted).
    var backoff: RetryPolicy {
        RetryPolicy(maxAttempts: Int.max, interval: firstRetryDelay, backoffRate: 2, maxDelay: maxRetryDelay, jitter: jitter)
    }
}
