import FlussoCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Webhooks

/// Step 9's deliverer: plans every outbox event into deliveries (the ticket's `callback_url`,
/// and each active subscription to its type), signs them (Standard Webhooks) and POSTs them
/// through the `WebhookTransport`, retrying with backoff and jitter until the horizon, then
/// dead-letters them. At least once: receivers deduplicate by `webhook-id` (the event's id).
///
/// One dispatcher per data directory works at a time: it holds a lease in the store and renews it
/// every third of its length; the others wait and take over when it expires (a process killed
/// mid-run), and a clean shutdown gives it up at once. Deliveries are claimed in the store before
/// they are sent, so one a dead dispatcher had in flight is sent again after its claim expires.
/// The dispatcher runs beside the workers and never blocks ticket processing: a slow receiver
/// only holds one of its `concurrency` slots, for at most the transport's timeout.
public final class WebhookDispatcher: Service {
    private let settings: WebhookDispatchSettings
    private let deliveries: any WebhookDeliveryStore
    private let subscriptions: any WebhookSubscriptionStore
    private let transport: any WebhookTransport
    /// Where `detail.ticket` is read from when `settings.includeTicket`.
    private let tickets: (any TicketStore)?
    private let metrics: WebhookMetrics
    private let clock: any PipelineClock
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)
    private let inFlight = Atomic<Int>(0)
    /// Notified when an attempt ends, so the loop claims the freed slot at once.
    private let attemptEnded = WorkSignal()
    private let callbackSigner = Mutex<WebhookSigner?>(nil)
    private let jitterSource = Mutex(SystemRandomNumberGenerator())
    /// When events that go nowhere (no callback, no subscription) were last marked planned.
    private let lastIdlePlan = Mutex<ContinuousClock.Instant?>(nil)

    /// Events that go nowhere are marked planned at most this often, so a service without
    /// receivers does not add a transaction (an fsync) to the database every poll.
    static let idlePlanInterval: Duration = .seconds(1)

    /// Events read from the outbox per planning pass.
    static let planBatch = 500

    public init(
        settings: WebhookDispatchSettings, deliveries: any WebhookDeliveryStore, subscriptions: any WebhookSubscriptionStore,
        transport: any WebhookTransport, tickets: (any TicketStore)? = nil, metrics: WebhookMetrics, clock: any PipelineClock = SystemClock(),
        logger: Logger
    ) {
        precondition(!settings.includeTicket || tickets != nil, "webhooks.payload = ticket needs the ticket store")
        self.settings = settings
        self.deliveries = deliveries
        self.subscriptions = subscriptions
        self.transport = transport
        self.tickets = tickets
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    /// Asks the dispatcher to stop after the deliveries in flight (what graceful shutdown does).
    public func stop() {
        stopping.store(true, ordering: .releasing)
    }

    private var shouldStop: Bool { stopping.load(ordering: .acquiring) || Task.isCancelled }

    public func run() async throws {
        guard settings.enabled else {
            try? await gracefulShutdown()
            return
        }
        logger.info("webhook dispatcher started", metadata: ["holder": "\(settings.holder)", "concurrency": "\(settings.concurrency)"])
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                await self.loop(group: &group)
            }
        } onGracefulShutdown: {
            self.stop()
        }
        try? await deliveries.releaseDispatcherLease(holder: settings.holder)
        logger.info("webhook dispatcher stopped")
    }

    private func loop(group: inout DiscardingTaskGroup) async {
        var holding = false
        var renewAt = ContinuousClock.now
        var lastError: String?
        while !shouldStop {
            let seen = attemptEnded.current
            var morePlanned = false
            do {
                if ContinuousClock.now >= renewAt {
                    let now = clock.now()
                    let held = try await deliveries.holdDispatcherLease(
                        holder: settings.holder, until: now.addingTimeInterval(settings.lease.seconds), now: now)
                    if held != holding {
                        logger.info(held ? "webhook dispatcher lease taken: delivering" : "webhook dispatcher lease lost: another process delivers")
                    }
                    holding = held
                    renewAt = ContinuousClock.now + settings.lease / 3
                }
                if holding {
                    // Planning and claiming fail apart: a planning error does not stop retries.
                    let planning: (any Error)?
                    do {
                        morePlanned = try await planEvents() == Self.planBatch
                        planning = nil
                    } catch {
                        planning = error
                    }
                    try await claimDue(into: &group)
                    if let planning { throw planning }
                }
                lastError = nil
            } catch {
                let message = error.flussoMessage
                if message != lastError { logger.error("webhook dispatcher pass failed", metadata: ["error": "\(message)"]) }
                lastError = message
            }
            if shouldStop { break }
            if !holding {
                try? await Task.sleep(for: min(settings.lease / 3, .seconds(1)))
            } else if !morePlanned {
                // Until the next poll (or the lease's renewal, if sooner), or until an attempt ends
                // and frees a slot.
                let untilRenewal = max(.zero, renewAt - ContinuousClock.now)
                await attemptEnded.wait(after: seen, upTo: min(settings.poll, untilRenewal))
            }
        }
    }

    /// Claims as many due deliveries as there are free slots and starts their attempts.
    private func claimDue(into group: inout DiscardingTaskGroup) async throws {
        let free = settings.concurrency - inFlight.load(ordering: .acquiring)
        guard free > 0 else { return }
        let now = clock.now()
        let claimed = try await deliveries.claimDue(
            now: now, claimUntil: now.addingTimeInterval((settings.attemptTimeout + .seconds(5)).seconds), limit: free)
        for delivery in claimed {
            inFlight.add(1, ordering: .acquiringAndReleasing)
            group.addTask {
                await self.attempt(delivery)
                self.inFlight.subtract(1, ordering: .acquiringAndReleasing)
                self.attemptEnded.notify()
            }
        }
    }

    /// Turns up to `planBatch` unplanned outbox events into deliveries: one to the ticket's
    /// `callback_url`, one to each active subscription that takes the event's type. A row that
    /// cannot be read (an event type of a newer version) is marked planned and logged. Returns
    /// the rows read (`planBatch`: there may be more).
    @discardableResult
    func planEvents() async throws -> Int {
        let batch = try await deliveries.unplannedEvents(limit: Self.planBatch)
        guard batch.count > 0 else { return 0 }
        for seq in batch.unreadable {
            logger.error("an outbox event cannot be read and is not delivered", metadata: ["outbox_seq": "\(seq)"])
        }
        let active = batch.entries.isEmpty ? [] : try await subscriptions.subscriptions().filter { $0.disabledReason == nil }
        let now = clock.now()
        var planned: [WebhookDelivery] = []
        for entry in batch.entries {
            let event = entry.event
            var envelope = EventEnvelope(event)
            if settings.includeTicket, let tickets {
                envelope.detail.ticket = try await tickets.ticket(id: event.ticketID)
            }
            let body = String(decoding: try FlussoJSON.encode(envelope), as: UTF8.self)
            if let callback = event.callbackURL {
                planned.append(
                    WebhookDelivery(
                        eventID: event.eventID, eventType: event.type.rawValue, subscriptionID: nil, ticketID: event.ticketID,
                        url: callback, eventTime: event.occurredAt, body: body, createdAt: now))
            }
            for subscription in active where subscription.eventTypes.contains(event.type) {
                planned.append(
                    WebhookDelivery(
                        eventID: event.eventID, eventType: event.type.rawValue, subscriptionID: subscription.id, ticketID: event.ticketID,
                        url: subscription.url, eventTime: event.occurredAt, body: body, createdAt: now))
            }
        }
        if planned.isEmpty, batch.count < Self.planBatch {
            let due = lastIdlePlan.withLock { last in
                guard last.map({ ContinuousClock.now - $0 >= Self.idlePlanInterval }) ?? true else { return false }
                last = .now
                return true
            }
            // Read again at the next poll; written once a second, or with the next delivery.
            guard due else { return 0 }
        }
        try await deliveries.plan(planned, planned: batch.entries.map(\.seq) + batch.unreadable, at: now)
        return batch.count
    }

    /// One attempt of `delivery`, recorded with its outcome.
    func attempt(_ claimed: WebhookDelivery) async {
        var delivery = claimed
        // The claim's due time: every write of this attempt holds only while it is unchanged.
        let claim = claimed.nextAttemptAt ?? clock.now()
        var log = logger
        log[metadataKey: "delivery_id"] = "\(delivery.id)"
        log[metadataKey: "event_id"] = "\(delivery.eventID)"
        do {
            let signer: WebhookSigner
            if let subscriptionID = delivery.subscriptionID {
                guard let subscription = try await subscriptions.subscription(id: subscriptionID) else {
                    return try await deadLetter(&delivery, "the subscription \(subscriptionID) was deleted", claim: claim, log: log)
                }
                if let reason = subscription.disabledReason {
                    return try await deadLetter(&delivery, "the subscription is disabled: \(reason)", claim: claim, log: log)
                }
                signer = WebhookSigner(secrets: subscription.signingSecrets(at: clock.now()))
            } else {
                signer = try await callbackSigning()
            }
            let started = clock.now()
            let body = Data(delivery.body.utf8)
            let headers =
                signer.headers(id: delivery.eventID, timestamp: started, body: body) + [
                    ("content-type", "application/json"), ("user-agent", "Flusso-Webhooks/1"),
                ]
            let response = await transport.send(WebhookRequest(url: delivery.url, headers: headers, body: body))
            let now = clock.now()
            delivery.attempts += 1
            delivery.updatedAt = now
            delivery.lastStatus = response.status
            let record = WebhookAttempt(
                deliveryID: delivery.id, attempt: delivery.attempts, startedAt: started, durationMs: response.duration.milliseconds,
                status: response.status, error: response.isSuccess ? nil : Self.describe(response), retryAfterS: response.retryAfter?.seconds)
            if response.isSuccess {
                delivery.state = .succeeded
                delivery.deliveredAt = now
                delivery.nextAttemptAt = nil
                delivery.lastError = nil
                guard try await keep(record, delivery, claim: claim, log: log) else { return }
                metrics.recordAttempt(.succeeded)
                metrics.recordDelivered(after: max(0, now.timeIntervalSince(delivery.eventTime)))
                return
            }
            let error = record.error ?? "failed"
            delivery.lastError = error
            let permanent = response.failure == .refusedAddress || response.failure == .invalidURL || response.status == 410
            let next = now.addingTimeInterval(retryDelay(after: delivery.attemptsSinceRetry, retryAfter: response.retryAfter).seconds)
            if !permanent && next <= delivery.horizonStart.addingTimeInterval(settings.horizon.seconds) {
                delivery.nextAttemptAt = next
                guard try await keep(record, delivery, claim: claim, log: log) else { return }
                metrics.recordAttempt(.retrying)
                log.debug("webhook attempt failed; retrying", metadata: ["error": "\(error)", "next_attempt_at": "\(next)"])
                return
            }
            let reason =
                permanent
                ? error
                : "gave up after \(delivery.attempts) attempts over \(Int(now.timeIntervalSince(delivery.horizonStart))) s; last: \(error)"
            delivery.state = .dead
            delivery.nextAttemptAt = nil
            delivery.lastError = reason
            guard try await keep(record, delivery, claim: claim, log: log) else { return }
            metrics.recordAttempt(.dead)
            log.warning("webhook delivery dead-lettered", metadata: ["url": "\(delivery.url)", "reason": "\(reason)"])
            try await disableIfFailing(delivery, response: response, reason: reason, log: log)
        } catch {
            // The store failed: the claim expires and the delivery is tried again then.
            log.error("webhook delivery could not be recorded", metadata: ["error": "\(error.flussoMessage)"])
        }
    }

    /// Records the attempt under its claim; false (and logged) when the claim expired first and
    /// what came after it is kept instead.
    private func keep(_ record: WebhookAttempt, _ delivery: WebhookDelivery, claim: Date, log: Logger) async throws -> Bool {
        if try await deliveries.record(record, delivery: delivery, claimedUntil: claim) { return true }
        log.warning("a webhook attempt ended after its claim expired; its result is not recorded")
        return false
    }

    /// The wait before the next attempt: the receiver's `Retry-After` (cut to the cap, and never
    /// less than the first retry's wait) when it sent one, else the backoff.
    func retryDelay(after attempts: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return max(min(retryAfter, settings.retryAfterCap), settings.firstRetryDelay) }
        let unit = jitterSource.withLock { Double.random(in: 0..<1, using: &$0) }
        return settings.backoff.delay(afterAttempt: attempts, unit: unit)
    }

    private func deadLetter(_ delivery: inout WebhookDelivery, _ reason: String, claim: Date, log: Logger) async throws {
        delivery.state = .dead
        delivery.nextAttemptAt = nil
        delivery.lastError = reason
        delivery.updatedAt = clock.now()
        guard try await deliveries.update(delivery, claimedUntil: claim) else { return }
        metrics.recordAttempt(.dead)
        log.info("webhook delivery dead-lettered", metadata: ["reason": "\(reason)"])
    }

    /// A subscription is disabled when its receiver is gone (410), its address is refused, or a
    /// delivery died with no success since that delivery's event.
    private func disableIfFailing(_ delivery: WebhookDelivery, response: WebhookResponse, reason: String, log: Logger) async throws {
        guard settings.disableFailingSubscriptions, let subscriptionID = delivery.subscriptionID else { return }
        let lastSuccess = try await deliveries.lastSuccess(subscriptionID: subscriptionID)
        let keepsFailing = lastSuccess.map { $0 < delivery.createdAt } ?? true
        guard response.status == 410 || response.failure == .refusedAddress || keepsFailing else { return }
        let why = "disabled at \(ISO8601DateFormatter().string(from: clock.now())): delivery \(delivery.id) was dead-lettered (\(reason))"
        if try await subscriptions.setDisabledReason(id: subscriptionID, why) {
            log.warning("webhook subscription disabled", metadata: ["subscription_id": "\(subscriptionID)", "reason": "\(why)"])
        }
    }

    /// The signer of `callback_url` deliveries: the configured secrets, else the data directory's own.
    private func callbackSigning() async throws -> WebhookSigner {
        if let signer = callbackSigner.withLock({ $0 }) { return signer }
        let secrets = settings.callbackSecrets.isEmpty ? [try await deliveries.callbackSecret()] : settings.callbackSecrets
        let signer = WebhookSigner(secrets: secrets)
        callbackSigner.withLock { $0 = signer }
        return signer
    }

    /// An attempt's error, for its record.
    static func describe(_ response: WebhookResponse) -> String {
        if let message = response.message, response.failure != nil { return message }
        guard let status = response.status else { return response.message ?? "no answer" }
        if (300..<400).contains(status) { return "the receiver answered \(status) (redirects are not followed)" }
        if status == 410 { return "the receiver answered 410 Gone" }
        return "the receiver answered \(status)"
    }
}
