import FlussoCore
import Foundation
import Hummingbird

/// `POST/GET /webhooks`, `GET/DELETE /webhooks/{id}`: the subscriptions step 9's dispatcher
/// delivers to. The secret is in the answer to `POST` only.
struct WebhookRoutes: Sendable {
    let store: any WebhookSubscriptionStore
    let allowPrivate: Bool
    let clock: any PipelineClock

    func add(to router: Router<BasicRequestContext>, body: @escaping @Sendable (Request, BasicRequestContext) async throws -> JSONValue) {
        router.post("/webhooks") { request, context in
            let subscription = try WebhookSubscription.validate(try await body(request, context), allowPrivate: allowPrivate, now: clock.now())
            try await store.add(subscription)
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
    }
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

    init(_ subscription: WebhookSubscription, showSecret: Bool) {
        id = subscription.id
        url = subscription.url
        eventTypes = subscription.eventTypes
        secret = showSecret ? subscription.secret.text : nil
        description = subscription.description
        createdAt = subscription.createdAt
        disabledReason = subscription.disabledReason
    }

    enum CodingKeys: String, CodingKey {
        case id, url, secret, description
        case eventTypes = "event_types"
        case createdAt = "created_at"
        case disabledReason = "disabled_reason"
    }
}

struct WebhookList: Encodable {
    var webhooks: [WebhookView]
}
