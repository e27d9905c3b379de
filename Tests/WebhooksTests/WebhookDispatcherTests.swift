import FlussoCore
import FlussoTestSupport
import Foundation
import Logging
import Testing
import WebhookHTTP

@testable import LocalStore
@testable import Pipeline

/// The dispatcher against a real receiver on 127.0.0.1 that verifies every signature with the
/// reference implementation, over the SQLite outbox and delivery tables.
@Suite(.serialized) struct WebhookDispatcherTests {
    let directory = TemporaryDirectory("flusso-dispatch")
    let database: SQLiteDatabase
    let deliveries: SQLiteWebhookDeliveryStore
    let subscriptions: SQLiteWebhookSubscriptionStore
    let outbox: SQLiteOutbox
    let secret = WebhookSecret.generate()

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        deliveries = SQLiteWebhookDeliveryStore(database: database)
        subscriptions = SQLiteWebhookSubscriptionStore(database: database)
        outbox = SQLiteOutbox(database: database)
    }

    /// Fast settings: retries after 50 ms, a 3 s horizon, receivers on loopback allowed.
    static func fast(_ change: (inout WebhookDispatchSettings) -> Void = { _ in }) -> WebhookDispatchSettings {
        var settings = WebhookDispatchSettings()
        settings.poll = .milliseconds(20)
        settings.lease = .seconds(3)
        settings.firstRetryDelay = .milliseconds(50)
        settings.maxRetryDelay = .milliseconds(400)
        settings.horizon = .seconds(3)
        settings.attemptTimeout = .seconds(2)
        change(&settings)
        return settings
    }

    static func transport(allowPrivate: Bool = true, totalTimeout: Duration = .seconds(2)) -> HTTPWebhookTransport {
        var settings = HTTPWebhookTransport.Settings()
        settings.allowPrivate = allowPrivate
        settings.totalTimeout = totalTimeout
        return HTTPWebhookTransport(settings: settings)
    }

    func dispatcher(
        _ settings: WebhookDispatchSettings = fast(), transport: HTTPWebhookTransport = transport(), metrics: WebhookMetrics = WebhookMetrics()
    ) -> WebhookDispatcher {
        var settings = settings
        if settings.callbackSecrets.isEmpty { settings.callbackSecrets = [secret] }
        return WebhookDispatcher(
            settings: settings, deliveries: deliveries, subscriptions: subscriptions, transport: transport, metrics: metrics,
            logger: Logger(label: "test.dispatch"))
    }

    /// Runs `dispatcher` while `body` runs, then stops it and waits for it.
    func running<T>(_ dispatcher: WebhookDispatcher, _ body: () async throws -> T) async throws -> T {
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        let result = try await body()
        dispatcher.stop()
        try await task.value
        return result
    }

    @discardableResult
    func subscribe(_ url: String, types: [TicketEventType] = TicketEventType.allCases) async throws -> WebhookSubscription {
        let subscription = WebhookSubscription(url: url, eventTypes: types, secret: secret, description: nil, createdAt: Date())
        try await subscriptions.add(subscription)
        return subscription
    }

    /// Writes `types` of one new ticket (with `callback`) to the outbox.
    @discardableResult
    func publish(_ types: [TicketEventType], callback: String? = nil) async throws -> Ticket {
        var ticket = SampleTickets.ticket()
        ticket.callbackURL = callback
        for type in types { try await outbox.publish(TicketEvent(type: type, ticket: ticket, at: Date())) }
        return ticket
    }

    /// Waits (up to `seconds`) until `condition` holds.
    func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    func expectEventually(
        _ seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
    ) async throws {
        let met = try await eventually(seconds, condition)
        #expect(met, "not met within \(seconds) s", sourceLocation: sourceLocation)
    }

    func onlyDelivery(_ subscription: WebhookSubscription) async throws -> WebhookDelivery? {
        let all = try await deliveries.deliveries(subscriptionID: subscription.id, limit: 10)
        return all.count == 1 ? all[0] : nil
    }

    @Test func signedEventsReachSubscriptionsByTypeAndTheTicketsCallback() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let completedOnly = try await subscribe(receiver.url("/ok/completed"), types: [.completed])
        try await subscribe(receiver.url("/ok/all"))
        let metrics = WebhookMetrics()
        let ticket = try await publish([.created, .processing, .completed], callback: receiver.url("/ok/callback"))
        try await running(dispatcher(metrics: metrics)) {
            try await expectEventually { receiver.requests().count == 7 }
            try await Task.sleep(for: .milliseconds(200))
        }
        let received = receiver.requests()
        #expect(received.count == 7, "each event once per receiver: \(received.map(\.path))")
        #expect(received.allSatisfy { $0.verified == "ok" }, "\(received.map(\.verified))")
        #expect(receiver.requests(path: "/ok/completed").map(\.id) == ["evt_\(ticket.ticketID.dropFirst(4))_ticket_completed"])
        #expect(receiver.requests(path: "/ok/callback").count == 3)
        #expect(receiver.requests(path: "/ok/all").count == 3)
        // The body is the EventBridge-shaped envelope: ids and statuses, never the ticket's text.
        let body = try #require(receiver.requests(path: "/ok/completed").first?.body)
        let envelope = try FlussoJSON.decode(EventEnvelope.self, from: Data(body.utf8))
        #expect(envelope.source == "ai-support" && envelope.detailType == "ticket.completed" && envelope.detail.ticketID == ticket.ticketID)
        #expect(!body.contains(ticket.symptomText.prefix(10)))
        let delivery = try #require(try await onlyDelivery(completedOnly))
        #expect(delivery.state == .succeeded && delivery.attempts == 1 && delivery.lastStatus == 200 && delivery.deliveredAt != nil)
        let attempts = try await deliveries.attempts(deliveryID: delivery.id)
        #expect(attempts.count == 1 && attempts[0].status == 200 && attempts[0].error == nil && attempts[0].durationMs > 0)
        let snapshot = metrics.snapshot()
        #expect(snapshot.attempts[.succeeded] == 7 && snapshot.latencyCount == 7)
        #expect(try await deliveries.backlog() == WebhookBacklog(unplannedEvents: 0, pendingDeliveries: 0, deadDeliveries: 0))
    }

    @Test func aFailingReceiverIsRetriedWithBackoffUntilItAnswers() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/fail/3/x"))
        try await publish([.completed])
        try await running(dispatcher()) {
            try await expectEventually { try await onlyDelivery(subscription)?.state == .succeeded }
        }
        let delivery = try #require(try await onlyDelivery(subscription))
        let attempts = try await deliveries.attempts(deliveryID: delivery.id)
        #expect(attempts.map(\.status) == [500, 500, 500, 200])
        #expect(attempts.dropLast().allSatisfy { $0.error == "the receiver answered 500" })
        // Every attempt carries the same webhook-id: receivers deduplicate by it.
        #expect(Set(receiver.requests().map(\.id)).count == 1)
        // The waits grow (50 ms doubling, ± 20 %).
        let gaps = zip(attempts.dropFirst(), attempts).map { $0.startedAt.timeIntervalSince($1.startedAt) }
        #expect(gaps.count == 3 && gaps[0] >= 0.035 && gaps[2] >= 0.14, "\(gaps)")
    }

    @Test func retryAfterSetsTheWait() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/retry-after/1/x"))
        try await publish([.completed])
        try await running(dispatcher()) {
            try await expectEventually { try await onlyDelivery(subscription)?.state == .succeeded }
        }
        let attempts = try await deliveries.attempts(deliveryID: try #require(try await onlyDelivery(subscription)).id)
        #expect(attempts.map(\.status) == [503, 200] && attempts[0].retryAfterS == 1)
        #expect(attempts[1].startedAt.timeIntervalSince(attempts[0].startedAt) >= 0.95)
    }

    @Test func redirectsAreNotFollowedAndAReceiverThatKeepsFailingIsDisabled() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/redirect/x"))
        try await publish([.completed])
        try await running(dispatcher(Self.fast { $0.horizon = .milliseconds(300) })) {
            try await expectEventually { try await onlyDelivery(subscription)?.state == .dead }
        }
        #expect(receiver.requests(path: "/ok/followed").isEmpty)
        let delivery = try #require(try await onlyDelivery(subscription))
        #expect(delivery.lastError?.contains("gave up after") == true)
        #expect(delivery.lastError?.contains("the receiver answered 302 (redirects are not followed)") == true)
        let disabled = try #require(try await subscriptions.subscription(id: subscription.id))
        #expect(disabled.disabledReason?.contains(delivery.id) == true, "\(disabled.disabledReason ?? "nil")")
        #expect(try await deliveries.backlog().deadDeliveries == 1)
    }

    @Test func goneDisablesTheSubscriptionAtOnceAndLaterEventsSkipIt() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/gone/x"))
        try await publish([.completed])
        try await running(dispatcher()) {
            try await expectEventually { try await onlyDelivery(subscription)?.state == .dead }
            #expect(try await subscriptions.subscription(id: subscription.id)?.disabledReason?.contains("410 Gone") == true)
            try await publish([.completed])
            try await expectEventually { try await deliveries.backlog().unplannedEvents == 0 }
        }
        #expect(try await deliveries.deliveries(subscriptionID: subscription.id, limit: 10).count == 1)
        #expect(receiver.requests().count == 1)
    }

    @Test func aHangingReceiverTimesOutAndAHugeAnswerIsReadOnlyInPart() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let hang = try await subscribe(receiver.url("/hang/x"))
        let huge = try await subscribe(receiver.url("/huge/x"))
        try await publish([.completed])
        let started = Date()
        try await running(dispatcher(Self.fast { $0.horizon = .milliseconds(100) }, transport: Self.transport(totalTimeout: .milliseconds(500)))) {
            try await expectEventually { try await onlyDelivery(hang)?.state == .dead }
            try await expectEventually { try await onlyDelivery(huge)?.state == .succeeded }
        }
        #expect(Date().timeIntervalSince(started) < 8)
        let hung = try await deliveries.attempts(deliveryID: try #require(try await onlyDelivery(hang)).id)
        #expect(hung.count == 1 && hung[0].status == nil && hung[0].error?.contains("no whole answer within 0.5 s") == true, "\(hung)")
        #expect(hung[0].durationMs < 1500)
        let big = try await deliveries.attempts(deliveryID: try #require(try await onlyDelivery(huge)).id)
        #expect(big.count == 1 && big[0].status == 200 && big[0].durationMs < 1500, "\(big)")
    }

    @Test func aNameThatResolvesToThisMachineIsRefusedAtDelivery() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        // A host name the URL check lets through (not localhost, not an IP) that resolves to loopback.
        var hosts = [ProcessInfo.processInfo.hostName]
        hosts += ["vm", "runsc"]
        var found: String?
        for host in hosts where OutboundAddress.problem(withHost: host) == nil {
            let resolved = try? await deliveriesResolve(host)
            if resolved?.hasPrefix("127.") == true { found = host }
        }
        let host = try #require(found, "this test needs a host name that resolves to 127.x (/etc/hosts names the machine)")
        let subscription = try await subscribe("http://\(host):\(receiver.server.port)/ok/x")
        try await publish([.completed])
        try await running(dispatcher(transport: Self.transport(allowPrivate: false))) {
            try await expectEventually { try await onlyDelivery(subscription)?.state == .dead }
        }
        #expect(receiver.requests().isEmpty)
        let delivery = try #require(try await onlyDelivery(subscription))
        #expect(delivery.attempts == 1 && delivery.lastError?.contains("resolves to 127.") == true, "\(delivery.lastError ?? "")")
        #expect(try await subscriptions.subscription(id: subscription.id)?.disabledReason != nil)
    }

    /// The first address `host` resolves to (through the same resolver the transport uses).
    func deliveriesResolve(_ host: String) async throws -> String? {
        let transport = Self.transport(allowPrivate: false)
        let answer = await transport.send(WebhookRequest(url: "http://\(host):9/", headers: [], body: Data()))
        guard let message = answer.message, let range = message.range(of: "resolves to ") else { return nil }
        return String(message[range.upperBound...].prefix { $0 != ":" })
    }

    @Test func aDeletedSubscriptionsDeliveriesAreDeadLettered() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/status/503/x"))
        try await publish([.completed])
        try await running(dispatcher(Self.fast { $0.firstRetryDelay = .milliseconds(300) })) {
            try await expectEventually { try await onlyDelivery(subscription)?.attempts == 1 }
            #expect(try await subscriptions.remove(id: subscription.id))
            try await expectEventually { try await onlyDelivery(subscription)?.state == .dead }
        }
        #expect(try await onlyDelivery(subscription)?.lastError == "the subscription \(subscription.id) was deleted")
        #expect(receiver.requests().count == 1)
    }

    @Test func oneDispatcherWorksAtATimeAndAnotherTakesOverWhenItsLeaseExpires() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/ok/x"))
        // A process that died holding the lease for 1.5 s more.
        let now = Date()
        #expect(try await deliveries.holdDispatcherLease(holder: "dead-process", until: now.addingTimeInterval(1.5), now: now))
        let metrics = WebhookMetrics()
        try await publish([.completed])
        let started = Date()
        try await running(
            dispatcher(
                Self.fast {
                    $0.holder = "second"
                    $0.lease = .milliseconds(600)
                }, metrics: metrics)
        ) {
            try await Task.sleep(for: .milliseconds(900))
            #expect(receiver.requests().isEmpty, "nothing is delivered while the other lease is live")
            try await expectEventually { try await onlyDelivery(subscription)?.state == .succeeded }
        }
        #expect(Date().timeIntervalSince(started) >= 1.4)
        #expect(metrics.snapshot().attempts[.succeeded] == 1)
        // A clean stop gave the lease up: another holder takes it at once.
        #expect(try await deliveries.holdDispatcherLease(holder: "third", until: Date().addingTimeInterval(5), now: Date()))
        #expect(!(try await deliveries.holdDispatcherLease(holder: "second", until: Date().addingTimeInterval(5), now: Date())))
    }

    @Test func aClaimedDeliveryIsNotClaimedAgainUntilTheClaimExpires() async throws {
        let subscription = try await subscribe("http://127.0.0.1:9/x")
        try await publish([.completed])
        let dispatcher = dispatcher()
        try await dispatcher.planEvents()
        let now = Date()
        let first = try await deliveries.claimDue(now: now, claimUntil: now.addingTimeInterval(10), limit: 5)
        #expect(first.count == 1 && first[0].subscriptionID == subscription.id)
        #expect(try await deliveries.claimDue(now: now.addingTimeInterval(9), claimUntil: now.addingTimeInterval(20), limit: 5).isEmpty)
        #expect(try await deliveries.claimDue(now: now.addingTimeInterval(11), claimUntil: now.addingTimeInterval(30), limit: 5).count == 1)
        // Planning the same events again (a second dispatcher during a takeover) adds nothing.
        try await deliveries.plan(
            [
                WebhookDelivery(
                    eventID: first[0].eventID, eventType: "ticket.completed", subscriptionID: subscription.id, url: first[0].url, eventTime: now,
                    body: "{}", createdAt: now)
            ],
            planned: [], at: now)
        #expect(try await deliveries.deliveries(subscriptionID: subscription.id, limit: 10).count == 1)
    }

    @Test func aLateAttemptNeverOverwritesWhatCameAfterItsClaim() async throws {
        let subscription = try await subscribe("http://127.0.0.1:9/x")
        try await publish([.completed])
        try await dispatcher().planEvents()
        let now = Date()
        let claimed = try #require(try await deliveries.claimDue(now: now, claimUntil: now.addingTimeInterval(10), limit: 1).first)
        // A retry by hand (or another dispatcher after the claim expired) came in between.
        var retried = claimed
        retried.queueAgain(at: now.addingTimeInterval(1))
        try await deliveries.update(retried, claimedUntil: nil)
        var late = claimed
        late.state = .dead
        late.attempts = 1
        let attempt = WebhookAttempt(deliveryID: claimed.id, attempt: 1, startedAt: now, durationMs: 1, status: 500, error: "late")
        #expect(!(try await deliveries.record(attempt, delivery: late, claimedUntil: try #require(claimed.nextAttemptAt))))
        let stored = try #require(try await deliveries.delivery(id: claimed.id))
        #expect(stored.state == .pending && stored.retriedAt != nil && subscription.id == stored.subscriptionID)
        #expect(try await deliveries.attempts(deliveryID: claimed.id).isEmpty)
    }

    @Test func aRetryAfterOfZeroStillWaitsTheFirstRetryDelay() {
        let dispatcher = dispatcher(
            Self.fast {
                $0.firstRetryDelay = .seconds(1)
                $0.retryAfterCap = .seconds(30)
            })
        #expect(dispatcher.retryDelay(after: 3, retryAfter: .zero) == .seconds(1))
        #expect(dispatcher.retryDelay(after: 3, retryAfter: .seconds(7)) == .seconds(7))
        #expect(dispatcher.retryDelay(after: 3, retryAfter: .seconds(600)) == .seconds(30))
    }

    @Test func anUnreadableOutboxRowIsSkippedAndTheRestDelivered() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/ok/x"))
        try await database.pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO outbox (event_id, ticket_id, type, doc, created_at) VALUES ('evt_future', 'tkt_x', 'ticket.future', '{\"type\":\"ticket.future\"}', 0)"
            )
        }
        try await publish([.completed])
        try await running(dispatcher()) {
            try await expectEventually { try await onlyDelivery(subscription)?.state == .succeeded }
        }
        #expect(try await deliveries.backlog().unplannedEvents == 0)
        #expect(receiver.requests().count == 1)
        let events = try await deliveries.events(after: 0, limit: 10)
        #expect(events.entries.count == 1 && events.unreadable.count == 1 && events.lastSeq == 2)
    }

    @Test func duringARotationBothSecretsSignSoAReceiverWithTheOldOneStillVerifies() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let subscription = try await subscribe(receiver.url("/ok/rotating"))
        // Rotated with a grace period: the receiver, still on the old secret, verifies.
        _ = try await subscriptions.rotateSecret(id: subscription.id, to: WebhookSecret.generate(), at: Date(), grace: .seconds(60))
        try await publish([.completed])
        try await running(dispatcher()) {
            try await expectEventually { receiver.requests(path: "/ok/rotating").count == 1 }
        }
        #expect(receiver.requests(path: "/ok/rotating").first?.verified == "ok")
        // Rotated again with no grace: only the newest secret signs, and the old one no longer verifies.
        _ = try await subscriptions.rotateSecret(id: subscription.id, to: WebhookSecret.generate(), at: Date(), grace: .zero)
        try await publish([.completed])
        try await running(dispatcher()) {
            try await expectEventually { receiver.requests(path: "/ok/rotating").count == 2 }
        }
        #expect(receiver.requests(path: "/ok/rotating").last?.verified.hasPrefix("refused") == true)
    }

    @Test func theWholeTicketTravelsOnlyWhenConfigured() async throws {
        let receiver = try await WebhookReceiver(directory: directory, secret: secret)
        let tickets = SQLiteTicketStore(database: database)
        var ticket = SampleTickets.ticket(symptom: "Mario Rossi, via Roma 1: the printer stops with MINTEMP")
        ticket.callbackURL = receiver.url("/ok/full")
        try await tickets.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        let dispatcher = WebhookDispatcher(
            settings: Self.fast {
                $0.includeTicket = true
                $0.callbackSecrets = [secret]
            }, deliveries: deliveries, subscriptions: subscriptions, transport: Self.transport(), tickets: tickets,
            metrics: WebhookMetrics(), logger: Logger(label: "test.dispatch"))
        try await running(dispatcher) {
            try await expectEventually { receiver.requests(path: "/ok/full").count == 1 }
        }
        let body = try #require(receiver.requests(path: "/ok/full").first?.body)
        let envelope = try FlussoJSON.decode(EventEnvelope.self, from: Data(body.utf8))
        #expect(envelope.detail.ticket?.symptomText == ticket.symptomText && envelope.detail.ticket?.ticketID == ticket.ticketID)
    }

    @Test func aReceiverThatIsDownIsRetriedUntilItIsBack() async throws {
        let port = freePort()
        let subscription = try await subscribe("http://127.0.0.1:\(port)/ok/back")
        try await publish([.completed])
        let dispatcher = dispatcher(Self.fast { $0.horizon = .seconds(30) })
        let receiver = try await running(dispatcher) { () -> WebhookReceiver in
            // Nothing listens: each attempt is refused and retried.
            try await expectEventually { try await onlyDelivery(subscription)?.attempts ?? 0 >= 2 }
            let receiver = try await WebhookReceiver(directory: directory, secret: secret, port: port)
            try await expectEventually { try await onlyDelivery(subscription)?.state == .succeeded }
            return receiver
        }
        let attempts = try await deliveries.attempts(deliveryID: try #require(try await onlyDelivery(subscription)).id)
        #expect(attempts.count >= 3 && attempts.last?.status == 200)
        #expect(attempts.dropLast().allSatisfy { $0.status == nil && $0.error?.hasPrefix("connection refused") == true }, "\(attempts)")
        #expect(receiver.requests(path: "/ok/back").count == 1 && receiver.requests().first?.verified == "ok")
    }
}
