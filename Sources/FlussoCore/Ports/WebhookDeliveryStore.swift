import Foundation

/// Where step 9's deliveries are kept, with the outbox they are planned from and the lease that
/// lets one dispatcher per data directory run. Local: SQLite.
public protocol WebhookDeliveryStore: Sendable {
    /// Takes or renews the dispatcher lease for `holder` until `until`; false while another
    /// holder's lease has not expired at `now`.
    func holdDispatcherLease(holder: String, until: Date, now: Date) async throws -> Bool
    /// Gives the lease up (a clean shutdown), so another process takes over at once.
    func releaseDispatcherLease(holder: String) async throws
    /// Outbox events not yet planned into deliveries, oldest first.
    func unplannedEvents(limit: Int) async throws -> OutboxBatch
    /// Adds `deliveries` and marks the outbox events `planned` as planned, in one transaction.
    func plan(_ deliveries: [WebhookDelivery], planned: [Int64], at time: Date) async throws
    /// Adds one delivery that comes from no outbox event (`webhook.ping`).
    func add(_ delivery: WebhookDelivery) async throws
    /// Claims up to `limit` pending deliveries due by `now`, oldest due first: their next attempt
    /// moves to `claimUntil`, so a dispatcher that dies mid-attempt leaves them due again then.
    func claimDue(now: Date, claimUntil: Date, limit: Int) async throws -> [WebhookDelivery]
    /// Stores `delivery` as it stands after `attempt`, with the attempt, in one transaction —
    /// only while the claim (`claimedUntil`, its due time when claimed) still holds; false when it
    /// does not (the claim expired and another attempt, or a retry by hand, came in between).
    func record(_ attempt: WebhookAttempt, delivery: WebhookDelivery, claimedUntil: Date) async throws -> Bool
    /// Stores `delivery` without an attempt: dead-lettered before sending (under the claim
    /// `claimedUntil`; false when it no longer holds), or queued again by hand (nil: always).
    @discardableResult
    func update(_ delivery: WebhookDelivery, claimedUntil: Date?) async throws -> Bool
    func delivery(id: String) async throws -> WebhookDelivery?
    /// A subscription's deliveries, newest first.
    func deliveries(subscriptionID: String, limit: Int) async throws -> [WebhookDelivery]
    /// A ticket's `callback_url` deliveries, newest first.
    func callbackDeliveries(ticketID: String, limit: Int) async throws -> [WebhookDelivery]
    /// A delivery's attempts, first first.
    func attempts(deliveryID: String) async throws -> [WebhookAttempt]
    /// When a delivery to the subscription last succeeded.
    func lastSuccess(subscriptionID: String) async throws -> Date?
    func backlog() async throws -> WebhookBacklog
    /// Outbox events after `seq`, oldest first (`GET /events`).
    func events(after seq: Int64, limit: Int) async throws -> OutboxBatch
    /// The newest outbox event's position (0 when there is none): where a new stream starts.
    func latestEventSeq() async throws -> Int64
    /// The secret `callback_url` deliveries are signed with when none is configured: made once
    /// per data directory and kept.
    func callbackSecret() async throws -> WebhookSecret
}
