import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// A real `flusso serve` delivers a ticket's events to its `callback_url` and to subscriptions,
/// signed so that the Standard Webhooks reference implementation verifies them. (The suite's
/// name ends in WebhooksTests: scripts/test runs it with the other suites that start Python
/// servers.)
@Suite(.serialized) struct ServeDeliversWebhooksTests {
    let directory = TemporaryDirectory("flusso-serve-webhooks")
    var dataDir: String { directory.path + "/data" }

    func eventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    @Test func aTicketsEventsReachItsCallbackAndTheSubscriptionsVerified() async throws {
        let secret = WebhookSecret.generate()
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let server = ServerProcess(
            dataDir: dataDir,
            environment: [
                "FLUSSO_WORKERS_COUNT": "1", "FLUSSO_WEBHOOKS_ALLOW_PRIVATE": "true", "FLUSSO_WEBHOOKS_CALLBACK_SECRETS": secret.text,
            ])
        try await server.start()
        let client = HTTPJSONClient()
        defer { client.close() }
        let http = client.http(server.baseURL)
        let subscribed = try await http.post(
            "/webhooks",
            #"{"url": "\#(receiver.url("/ok/sub"))", "event_types": ["ticket.completed", "ticket.needs_review", "ticket.failed"], "secret": "\#(secret.text)"}"#
        )
        #expect(subscribed.status == 201)
        let subscription = try #require(subscribed.json["id"] as? String)
        let body = SampleTickets.validJSON.replacingOccurrences(
            of: "{\"customer\"", with: "{\"callback_url\":\"\(receiver.url("/ok/cb"))\",\"customer\"")
        let posted = try await http.post("/tickets", body)
        #expect(posted.status == 202)
        let id = try #require(posted.json["ticket_id"] as? String)
        let arrived = try await eventually { receiver.requests(path: "/ok/cb").count >= 3 && receiver.requests(path: "/ok/sub").count >= 2 }
        #expect(arrived, "received: \(receiver.requests().map(\.path)); log: \(server.log().suffix(2000))")
        let received = receiver.requests()
        #expect(received.allSatisfy { $0.verified == "ok" }, "\(received.map(\.verified))")
        let types = receiver.requests(path: "/ok/cb").compactMap { request -> String? in
            let json = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
            return json?["detail-type"] as? String
        }
        // Deliveries run in parallel: the order of arrival is not the order of the events.
        #expect(Set(types.prefix(3)).isSuperset(of: ["ticket.created", "ticket.processing"]) && types.count == 3, "\(types)")
        let final = types.first { $0 != "ticket.created" && $0 != "ticket.processing" }
        #expect(receiver.requests(path: "/ok/cb").allSatisfy { $0.body.contains(id) && !$0.body.contains("Thermal runaway") })
        let subscribedTypes = receiver.requests(path: "/ok/sub").compactMap { request -> String? in
            let json = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
            return json?["detail-type"] as? String
        }
        #expect(subscribedTypes.first == "webhook.ping" && subscribedTypes.count == 2 && subscribedTypes[1] == final)
        // The receiver has them; the dispatcher records the answers just after.
        var items: [[String: Any]] = []
        let recorded = try await eventually(10) {
            items = try await http.get("/webhooks/\(subscription)/deliveries").json["deliveries"] as? [[String: Any]] ?? []
            return items.count == 2 && items.allSatisfy { $0["state"] as? String == "succeeded" && $0["last_status"] as? Int == 200 }
        }
        #expect(recorded, "\(items)")
        var metrics = ""
        let counted = try await eventually(10) {
            metrics = try await client.text(server.baseURL + "/metrics")
            return metrics.contains("flusso_webhook_attempts_total{outcome=\"succeeded\"} 5")
        }
        #expect(counted, "\(metrics)")
        #expect(server.terminate() == 0)
        // The configured secret is what `callback-secret` prints.
        let shown = try FlussoBinary.run(
            ["webhooks", "callback-secret", "--data-dir", dataDir], environment: ["FLUSSO_WEBHOOKS_CALLBACK_SECRETS": secret.text])
        #expect(shown.status == 0 && shown.out == secret.text + "\n", "\(shown)")
    }

    @Test func withoutAConfiguredSecretTheDataDirectoryMakesOneAndKeepsIt() throws {
        let first = try FlussoBinary.run(["webhooks", "callback-secret", "--data-dir", dataDir])
        #expect(first.status == 0 && first.out.hasPrefix("whsec_"), "\(first)")
        let second = try FlussoBinary.run(["webhooks", "callback-secret", "--data-dir", dataDir])
        #expect(second.out == first.out)
        let bad = try FlussoBinary.run(
            ["webhooks", "callback-secret", "--data-dir", dataDir], environment: ["FLUSSO_WEBHOOKS_CALLBACK_SECRETS": "hunter2"])
        #expect(bad.status != 0 && bad.err.contains("webhooks.callback_secrets must hold whsec_ secrets"), "\(bad)")
        #expect(bad.err.split(separator: "\n").count == 1)
    }
}
