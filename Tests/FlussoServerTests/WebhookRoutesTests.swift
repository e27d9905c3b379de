import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

/// `POST/GET /webhooks` and `GET/DELETE /webhooks/{id}`: the secret is shown once; bad bodies are
/// 422 naming every field; private targets are refused; each answer matches the OpenAPI document.
@Suite struct WebhookRoutesTests {
    @Test func subscribeListShowAndRemove() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let made = try await client.send(
                .post, "/webhooks", body: #"{"url": "https://portal.example.com/hooks", "event_types": ["ticket.completed", "ticket.failed"]}"#)
            #expect(made.status == 201)
            let id = try #require(made.json["id"] as? String)
            #expect((made.json["secret"] as? String)?.hasPrefix("whsec_") == true)
            #expect(made.json["event_types"] as? [String] == ["ticket.completed", "ticket.failed"])
            #expect(made.headers[.location] == "/webhooks/\(id)")
            let given = try await client.send(
                .post, "/webhooks",
                body: #"{"url": "https://b.example.com/h", "secret": "whsec_\#(Data(repeating: 7, count: 32).base64EncodedString())"}"#)
            #expect(given.status == 201 && given.json["secret"] as? String == "whsec_\(Data(repeating: 7, count: 32).base64EncodedString())")
            #expect((given.json["event_types"] as? [String])?.count == TicketEventType.allCases.count)
            // Listings and lookups never show the secret.
            let list = try await client.send(.get, "/webhooks")
            let items = try #require(list.json["webhooks"] as? [[String: Any]])
            #expect(items.compactMap { $0["id"] as? String }.first == id && items.allSatisfy { $0["secret"] == nil })
            let shown = try await client.send(.get, "/webhooks/\(id)", template: "/webhooks/{id}")
            #expect(shown.status == 200 && shown.json["secret"] == nil && shown.json["url"] as? String == "https://portal.example.com/hooks")
            let removed = try await client.send(.delete, "/webhooks/\(id)", template: "/webhooks/{id}")
            #expect(removed.status == 204)
            #expect(try await client.send(.get, "/webhooks/\(id)", template: "/webhooks/{id}").status == 404)
            #expect(try await client.send(.delete, "/webhooks/\(id)", template: "/webhooks/{id}").status == 404)
        }
    }

    @Test func badBodiesAndPrivateTargetsAreRefusedNamingTheField() async throws {
        let harness = try APIHarness()
        try await harness.run { client in
            let cases: [(String, String)] = [
                (#"{"url": "http://127.0.0.1:9000/hook"}"#, "url"),
                (#"{"url": "http://169.254.169.254/latest"}"#, "url"),
                (#"{"url": "ftp://example.com/x"}"#, "url"),
                (#"{"event_types": ["ticket.completed"]}"#, "url"),
                (#"{"url": "https://a.example.com/", "event_types": ["ticket.exploded"]}"#, "event_types[0]"),
                (#"{"url": "https://a.example.com/", "secret": "hunter2"}"#, "secret"),
                (#"{"url": "https://a.example.com/", "colour": "red"}"#, "colour"),
            ]
            for (body, field) in cases {
                let answer = try await client.send(.post, "/webhooks", body: body)
                #expect(answer.status == 422 && answer.errorField == field, "\(body): \(answer.status) \(answer.json)")
            }
            #expect(try await client.send(.post, "/webhooks", body: "not json").status == 400)
            // Nothing was stored by the refused requests.
            #expect((try await client.send(.get, "/webhooks").json["webhooks"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aNewSubscriptionIsPingedAndItsDeliveriesCanBeListedAndRetried() async throws {
        let harness = try APIHarness()
        let deliveries = SQLiteWebhookDeliveryStore(database: harness.database)
        let subscriptions = SQLiteWebhookSubscriptionStore(database: harness.database)
        try await harness.run { client in
            let made = try await client.send(.post, "/webhooks", body: #"{"url": "https://portal.example.com/hooks"}"#)
            let id = try #require(made.json["id"] as? String)
            let template = "/webhooks/{id}/deliveries"
            let listed = try await client.send(.get, "/webhooks/\(id)/deliveries", template: template)
            let items = try #require(listed.json["deliveries"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["event_type"] as? String == "webhook.ping" && items[0]["state"] as? String == "pending")
            let deliveryID = try #require(items[0]["id"] as? String)
            let retry = "/webhooks/{id}/deliveries/{delivery}/retry"
            // A pending delivery is already queued.
            let pending = try await client.send(.post, "/webhooks/\(id)/deliveries/\(deliveryID)/retry", template: retry)
            #expect(pending.status == 409 && pending.errorCode == "invalid_state")
            // A dead-lettered one, on a subscription that was disabled, is queued again and the
            // subscription enabled.
            var dead = try #require(try await deliveries.delivery(id: deliveryID))
            dead.state = .dead
            dead.lastError = "gave up"
            try await deliveries.update(dead, claimedUntil: nil)
            #expect(try await subscriptions.setDisabledReason(id: id, "kept failing"))
            let queued = try await client.send(.post, "/webhooks/\(id)/deliveries/\(deliveryID)/retry", template: retry)
            #expect(queued.status == 202 && queued.json["state"] as? String == "pending" && queued.json["retried_at"] != nil)
            #expect(try await subscriptions.subscription(id: id)?.disabledReason == nil)
            #expect(try await deliveries.delivery(id: deliveryID)?.state == .pending)
            // Unknown subscriptions and deliveries, and bad limits.
            #expect(try await client.send(.get, "/webhooks/whk_none/deliveries", template: template).status == 404)
            #expect(try await client.send(.post, "/webhooks/\(id)/deliveries/dlv_none/retry", template: retry).status == 404)
            let other = try await client.send(.post, "/webhooks", body: #"{"url": "https://other.example.com/hooks"}"#)
            let otherID = try #require(other.json["id"] as? String)
            #expect(try await client.send(.post, "/webhooks/\(otherID)/deliveries/\(deliveryID)/retry", template: retry).status == 404)
            let badLimit = try await client.send(.get, "/webhooks/\(id)/deliveries?limit=0", template: template)
            #expect(badLimit.status == 400 && badLimit.errorField == "limit")
            // The backlog is in the metrics.
            let metrics = try await client.send(.get, "/metrics")
            let text = String(decoding: metrics.body, as: UTF8.self)
            #expect(text.contains("flusso_webhook_deliveries{state=\"pending\"} 2"), "\(text)")
            #expect(text.contains("flusso_outbox_unplanned 0") && text.contains("flusso_webhook_attempts_total{outcome=\"succeeded\"} 0"))
        }
    }

    @Test func aTicketsCallbackDeliveriesCanBeListedAndRetried() async throws {
        let harness = try APIHarness()
        let deliveries = SQLiteWebhookDeliveryStore(database: harness.database)
        try await harness.run { client in
            let body = SampleTickets.validJSON.replacingOccurrences(
                of: "{\"customer\"", with: "{\"callback_url\":\"https://portal.example.com/cb\",\"customer\"")
            let posted = try await client.send(.post, "/tickets", body: body)
            let ticketID = try #require(posted.json["ticket_id"] as? String)
            let now = Date()
            let delivery = WebhookDelivery(
                eventID: "evt_x_ticket_created", eventType: "ticket.created", subscriptionID: nil, ticketID: ticketID,
                url: "https://portal.example.com/cb", eventTime: now, body: "{}", createdAt: now)
            try await deliveries.plan([delivery], planned: [], at: now)
            let template = "/tickets/{id}/deliveries"
            let listed = try await client.send(.get, "/tickets/\(ticketID)/deliveries", template: template)
            let items = try #require(listed.json["deliveries"] as? [[String: Any]])
            #expect(items.count == 1 && items[0]["id"] as? String == delivery.id && items[0]["url"] as? String == "https://portal.example.com/cb")
            let retry = "/tickets/{id}/deliveries/{delivery}/retry"
            #expect(try await client.send(.post, "/tickets/\(ticketID)/deliveries/\(delivery.id)/retry", template: retry).status == 409)
            var dead = delivery
            dead.state = .dead
            dead.attempts = 9
            try await deliveries.update(dead, claimedUntil: nil)
            let queued = try await client.send(.post, "/tickets/\(ticketID)/deliveries/\(delivery.id)/retry", template: retry)
            #expect(queued.status == 202 && queued.json["state"] as? String == "pending")
            // The backoff starts over from the retry.
            #expect(try await deliveries.delivery(id: delivery.id)?.attemptsSinceRetry == 0)
            let unknown = "tkt_" + UUID().uuidString.lowercased()
            #expect(try await client.send(.get, "/tickets/\(unknown)/deliveries", template: template).status == 404)
            #expect(try await client.send(.get, "/tickets/nonsense/deliveries", template: template).status == 404)
        }
    }

    @Test func aSecretIsRotatedWithTheOldOneKeptForTheGracePeriod() async throws {
        let harness = try APIHarness { $0.secretRotationGrace = .seconds(3600) }
        let subscriptions = SQLiteWebhookSubscriptionStore(database: harness.database)
        try await harness.run { client in
            let made = try await client.send(.post, "/webhooks", body: #"{"url": "https://portal.example.com/hooks"}"#)
            let id = try #require(made.json["id"] as? String)
            let first = try #require(made.json["secret"] as? String)
            let template = "/webhooks/{id}/rotate-secret"
            let rotated = try await client.send(.post, "/webhooks/\(id)/rotate-secret", template: template)
            #expect(rotated.status == 200 && rotated.json["previous_secret_expires_at"] != nil, "\(rotated.json)")
            let second = try #require(rotated.json["secret"] as? String)
            #expect(second.hasPrefix("whsec_") && second != first)
            let stored = try #require(try await subscriptions.subscription(id: id))
            #expect(stored.signingSecrets(at: Date()).map(\.text) == [second, first])
            #expect(stored.signingSecrets(at: Date().addingTimeInterval(3601)).map(\.text) == [second])
            // A given secret; listings never show a secret, only until when the old one signs.
            let given = "whsec_" + Data(repeating: 9, count: 32).base64EncodedString()
            let third = try await client.send(.post, "/webhooks/\(id)/rotate-secret", template: template, body: #"{"secret": "\#(given)"}"#)
            #expect(third.status == 200 && third.json["secret"] as? String == given)
            let shown = try await client.send(.get, "/webhooks/\(id)", template: "/webhooks/{id}")
            #expect(shown.json["secret"] == nil && shown.json["previous_secret_expires_at"] != nil)
            let bad = try await client.send(.post, "/webhooks/\(id)/rotate-secret", template: template, body: #"{"secret": "hunter2"}"#)
            #expect(bad.status == 422 && bad.errorField == "secret")
            let unknownField = try await client.send(.post, "/webhooks/\(id)/rotate-secret", template: template, body: #"{"colour": 1}"#)
            #expect(unknownField.status == 422 && unknownField.errorField == "colour")
            #expect(try await client.send(.post, "/webhooks/whk_none/rotate-secret", template: template).status == 404)
            // The refused rotations changed nothing.
            #expect(try await subscriptions.subscription(id: id)?.secret.text == given)
        }
    }
}
