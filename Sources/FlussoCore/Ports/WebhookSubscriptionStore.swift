import Foundation

/// Where webhook subscriptions are kept (step 9). Local: SQLite; hybrid: DynamoDB.
public protocol WebhookSubscriptionStore: Sendable {
    func add(_ subscription: WebhookSubscription) async throws
    /// Every subscription, oldest first.
    func subscriptions() async throws -> [WebhookSubscription]
    func subscription(id: String) async throws -> WebhookSubscription?
    /// Removes the subscription; false when there was none with this id.
    func remove(id: String) async throws -> Bool
    /// Sets (a receiver that keeps failing) or clears (nil: active again) why deliveries stopped;
    /// false when there is no subscription with this id.
    func setDisabledReason(id: String, _ reason: String?) async throws -> Bool
    /// Rotates the subscription's secret to `next` (see `WebhookSubscription.rotate`); nil when
    /// there is no subscription with this id.
    func rotateSecret(id: String, to next: WebhookSecret, at time: Date, grace: Duration) async throws -> WebhookSubscription?
}
