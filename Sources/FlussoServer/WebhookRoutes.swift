import FlussoCore
import Foundation
import Hummingbird

/// `POST/GET /webhooks`, `GET/DELETE /webhooks/{id}`: the subscriptions step 9's dispatcher
/// delivers to (the secret is in the answer to `POST` only; a new subscription gets a
/// `webhook.ping`); `GET /webhooks/{id}/deliveries` and `POST …/deliveries/{delivery}/retry`,
/// and the same two for a ticket's `callback_url` deliveries under `/tickets/{id}`.
struct WebhookRoutes: Sendable {
    let store: any WebhookSubscriptionStore
    let tickets: any TicketStore
    let deliveries: any WebhookDeliveryStore
    let allowPrivate: Bool
    let clock: any PipelineClock
    let maxPageSize: Int
    /// How long the previous secret keeps signing after a rotation.
    let rotationGrace: Duration

    /// `body` reads a required JSON body; `optionalBody` nil for an empty one.
    func add(
        to router: Router<BasicRequestContext>, body: @escaping @Sendable (Request, BasicRequestContext) async throws -> JSONValue,
        optionalBody: @escaping @Sendable (Request, BasicRequestContext) async throws -> JSONValue?
    ) {
        router.post("/webhooks") { request, context in
            let subscription = try WebhookSubscription.validate(try await body(request, context), allowPrivate: allowPrivate, now: clock.now())
            try await store.add(subscription)
            do {
                try await deliveries.add(try WebhookDelivery.ping(subscription, at: clock.now()))
            } catch {
                // The subscription is made and its secret must reach the caller: the ping is a courtesy.
                context.logger.error(
                    "the new subscription's ping could not be queued", metadata: ["subscription_id": "\(subscription.id)", "error": "\(error)"])
            }
            var response = JSONResponse.make(WebhookView(subscription, showSecret: true), status: .created)
            response.headers[.location] = "/webhooks/\(subscription.id)"
            return response
        }
        router.get("/webhooks") { _, _ in
            JSONResponse.make(WebhookList(webhooks: try await store.subscriptions().map { WebhookView($0, showSecret: false) }))
        }
        router.get("/webhooks/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let subscription = try await store.subscription(id: id) else { throw FlussoError.notFound("webhook subscription \(id)") }
            return JSONResponse.make(WebhookView(subscription, showSecret: false))
        }
        router.delete("/webhooks/{id}") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard try await store.remove(id: id) else { throw FlussoError.notFound("webhook subscription \(id)") }
            return Response(status: .noContent)
        }
        router.post("/webhooks/{id}/rotate-secret") { request, context in
            let id = context.parameters.get("id") ?? ""
            // No body: a generated secret.
            let next = try WebhookSubscription.validateRotation(try await optionalBody(request, context))
            guard let rotated = try await store.rotateSecret(id: id, to: next, at: clock.now(), grace: rotationGrace) else {
                throw FlussoError.notFound("webhook subscription \(id)")
            }
            return JSONResponse.make(WebhookView(rotated, showSecret: true))
        }
        router.get("/webhooks/{id}/deliveries") { request, context in
            let subscription = try await subscription(context)
            return try await list(try await deliveries.deliveries(subscriptionID: subscription.id, limit: try pageSize(request)))
        }
        router.get("/tickets/{id}/deliveries") { request, context in
            let ticketID = try await ticket(context)
            return try await list(try await deliveries.callbackDeliveries(ticketID: ticketID, limit: try pageSize(request)))
        }
        router.post("/tickets/{id}/deliveries/{delivery}/retry") { _, context in
            let ticketID = try await ticket(context)
            let deliveryID = context.parameters.get("delivery") ?? ""
            guard let delivery = try await deliveries.delivery(id: deliveryID), delivery.subscriptionID == nil, delivery.ticketID == ticketID
            else {
                throw FlussoError.notFound("callback delivery \(deliveryID) of ticket \(ticketID)")
            }
            return try await retry(delivery)
        }
        router.post("/webhooks/{id}/deliveries/{delivery}/retry") { _, context in
            let subscription = try await subscription(context)
            let deliveryID = context.parameters.get("delivery") ?? ""
            guard let delivery = try await deliveries.delivery(id: deliveryID), delivery.subscriptionID == subscription.id else {
                throw FlussoError.notFound("delivery \(deliveryID) of webhook subscription \(subscription.id)")
            }
            guard delivery.state != .pending else {
                throw FlussoError(.invalidState, "delivery \(deliveryID) is already waiting for its next attempt")
            }
            // Asking for a retry is the owner saying the receiver is back: the subscription is
            // active again.
            if subscription.disabledReason != nil { _ = try await store.setDisabledReason(id: subscription.id, nil) }
            return try await retry(delivery)
        }
    }

    private func list(_ items: [WebhookDelivery]) async throws -> Response {
        var views: [DeliveryView] = []
        for delivery in items {
            views.append(DeliveryView(delivery, history: try await deliveries.attempts(deliveryID: delivery.id)))
        }
        return JSONResponse.make(DeliveryList(deliveries: views))
    }

    /// Queues a dead or delivered delivery again (409 when it is pending).
    private func retry(_ found: WebhookDelivery) async throws -> Response {
        guard found.state != .pending else {
            throw FlussoError(.invalidState, "delivery \(found.id) is already waiting for its next attempt")
        }
        var delivery = found
        delivery.queueAgain(at: clock.now())
        try await deliveries.update(delivery, claimedUntil: nil)
        return JSONResponse.make(DeliveryView(delivery, history: try await deliveries.attempts(deliveryID: delivery.id)), status: .accepted)
    }

    private func ticket(_ context: BasicRequestContext) async throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard Ticket.isWellFormedID(id), try await tickets.ticket(id: id) != nil else { throw FlussoError.notFound("ticket \(id)") }
        return id
    }

    private func subscription(_ context: BasicRequestContext) async throws -> WebhookSubscription {
        let id = context.parameters.get("id") ?? ""
        guard let subscription = try await store.subscription(id: id) else { throw FlussoError.notFound("webhook subscription \(id)") }
        return subscription
    }

    private func pageSize(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"].map(String.init) else { return 50 }
        guard let value = Int(text), (1...maxPageSize).contains(value) else {
            throw FlussoError(.invalidParameter, "limit must be an integer from 1 to \(maxPageSize)", field: "limit")
        }
        return value
    }
}

/// A delivery as the API shows it: where it stands and every attempt.
struct DeliveryView: Encodable {
    var delivery: WebhookDelivery
    var history: [WebhookAttempt]

    init(_ delivery: WebhookDelivery, history: [WebhookAttempt]) {
        self.delivery = delivery
        self.history = history
    }

    enum CodingKeys: String, CodingKey {
        case id, url, state, attempts, history
        case eventID = "event_id"
        case eventType = "event_type"
        case nextAttemptAt = "next_attempt_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
        case retriedAt = "retried_at"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(delivery.id, forKey: .id)
        try container.encode(delivery.eventID, forKey: .eventID)
        try container.encode(delivery.eventType, forKey: .eventType)
        try container.encode(delivery.url, forKey: .url)
        try container.encode(delivery.state, forKey: .state)
        try container.encode(delivery.attempts, forKey: .attempts)
        try container.encodeIfPresent(delivery.nextAttemptAt, forKey: .nextAttemptAt)
        try container.encodeIfPresent(delivery.lastStatus, forKey: .lastStatus)
        try container.encodeIfPresent(delivery.lastError, forKey: .lastError)
        try container.encode(delivery.createdAt, forKey: .createdAt)
        try container.encodeIfPresent(delivery.deliveredAt, forKey: .deliveredAt)
        try container.encodeIfPresent(delivery.retriedAt, forKey: .retriedAt)
        try container.encode(history, forKey: .history)
    }
}

struct DeliveryList: Encodable {
    var deliveries: [DeliveryView]
}

/// A subscription as the API shows it (the secret only when it was just made).
struct WebhookView: Encodable {
    var id: String
    var url: String
    var eventTypes: [TicketEventType]
    var secret: String?
    var description: String?
    var createdAt: Date
    var disabledReason: String?
    var previousSecretExpiresAt: Date?

    init(_ subscription: WebhookSubscription, showSecret: Bool) {
        id = subscription.id
        url = subscription.url
        eventTypes = subscription.eventTypes
        secret = showSecret ? subscription.secret.text : nil
        description = subscription.description
        createdAt = subscription.createdAt
        disabledReason = subscription.disabledReason
        previousSecretExpiresAt = subscription.previousSecretExpiresAt.flatMap { $0 > Date() ? $0 : nil }
    }

    enum CodingKeys: String, CodingKey {
        case id, url, secret, description
        case eventTypes = "event_types"
        case createdAt = "created_at"
        case disabledReason = "disabled_reason"
        case previousSecretExpiresAt = "previous_secret_expires_at"
    }
}

struct WebhookList: Encodable {
    var webhooks: [WebhookView]
}
