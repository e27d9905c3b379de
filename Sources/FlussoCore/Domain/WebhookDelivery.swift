import Foundation

/// One event on its way to one receiver (a subscription's URL or a ticket's `callback_url`):
/// the signed body, where it goes, and how far it got. The dispatcher tries it until the receiver
/// answers 2xx or the retry horizon passes (then it is dead-lettered and stays visible).
public struct WebhookDelivery: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for its next attempt (`nextAttemptAt`).
        case pending
        /// The receiver answered 2xx.
        case succeeded
        /// Given up: the retry horizon passed, the receiver is gone, or the address is refused.
        case dead
    }

    /// `dlv_…`.
    public var id: String
    /// The event's id, sent as `webhook-id`: the same for every attempt and every receiver, so
    /// receivers deduplicate by it.
    public var eventID: String
    /// `ticket.completed`, …, or `webhook.ping`.
    public var eventType: String
    /// The subscription it goes to; nil for a ticket's `callback_url`.
    public var subscriptionID: String?
    /// The ticket the event is about (nil for `webhook.ping`).
    public var ticketID: String?
    public var url: String
    /// When the event happened (the delivery delay is measured from it).
    public var eventTime: Date
    /// The JSON body, exactly as it is signed and sent.
    public var body: String
    public var state: State
    public var attempts: Int
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// When the receiver answered 2xx.
    public var deliveredAt: Date?
    /// When it was last queued again by hand (`POST …/retry`): the retry horizon counts from
    /// here, else from `createdAt`.
    public var retriedAt: Date?
    /// `attempts` when it was queued again by hand: the backoff starts over from there.
    public var attemptsBeforeRetry: Int?

    public init(
        id: String = "dlv_" + UUID().uuidString.lowercased(), eventID: String, eventType: String, subscriptionID: String?,
        ticketID: String? = nil, url: String, eventTime: Date, body: String, createdAt: Date
    ) {
        self.id = id
        self.eventID = eventID
        self.eventType = eventType
        self.subscriptionID = subscriptionID
        self.ticketID = ticketID
        self.url = url
        self.eventTime = eventTime
        self.body = body
        self.state = .pending
        self.attempts = 0
        self.nextAttemptAt = createdAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, url, body, state, attempts
        case eventID = "event_id"
        case eventType = "event_type"
        case subscriptionID = "subscription_id"
        case ticketID = "ticket_id"
        case eventTime = "event_time"
        case nextAttemptAt = "next_attempt_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case deliveredAt = "delivered_at"
        case retriedAt = "retried_at"
        case attemptsBeforeRetry = "attempts_before_retry"
    }

    /// When the retry horizon started.
    public var horizonStart: Date { retriedAt ?? createdAt }

    /// Attempts since it was last queued by hand (all of them when never): the backoff's exponent.
    public var attemptsSinceRetry: Int { attempts - (attemptsBeforeRetry ?? 0) }

    /// Queued again by hand: due at `time`, with a new horizon and the backoff from its start (a
    /// dead or delivered one too).
    public mutating func queueAgain(at time: Date) {
        state = .pending
        nextAttemptAt = time
        retriedAt = time
        attemptsBeforeRetry = attempts
        updatedAt = time
    }

    /// The `webhook.ping` a new subscription gets, so its owner sees at once that the URL and the
    /// secret work.
    public static func ping(_ subscription: WebhookSubscription, at time: Date) throws -> WebhookDelivery {
        let eventID = "evt_ping_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let body = PingEnvelope(
            id: eventID, source: EventEnvelope.source, detailType: pingType, time: time,
            detail: .init(subscriptionID: subscription.id))
        return WebhookDelivery(
            eventID: eventID, eventType: pingType, subscriptionID: subscription.id, url: subscription.url, eventTime: time,
            body: String(decoding: try FlussoJSON.encode(body), as: UTF8.self), createdAt: time)
    }

    public static let pingType = "webhook.ping"
}

/// `webhook.ping`'s body, in the events' envelope.
struct PingEnvelope: Encodable {
    struct Detail: Encodable {
        var subscriptionID: String
        enum CodingKeys: String, CodingKey { case subscriptionID = "subscription_id" }
    }

    var id: String
    var source: String
    var detailType: String
    var time: Date
    var detail: Detail

    enum CodingKeys: String, CodingKey {
        case id, source, time, detail
        case detailType = "detail-type"
    }
}

/// One try of a delivery, as `GET /webhooks/{id}/deliveries` shows it.
public struct WebhookAttempt: Codable, Sendable, Equatable {
    public var deliveryID: String
    /// 1-based.
    public var attempt: Int
    public var startedAt: Date
    public var durationMs: Double
    /// The receiver's status, when an answer's head arrived.
    public var status: Int?
    /// Why the attempt failed (nil when it succeeded).
    public var error: String?
    /// The wait the receiver asked for with `Retry-After`, in seconds.
    public var retryAfterS: Double?

    public init(
        deliveryID: String, attempt: Int, startedAt: Date, durationMs: Double, status: Int?, error: String?, retryAfterS: Double? = nil
    ) {
        self.deliveryID = deliveryID
        self.attempt = attempt
        self.startedAt = startedAt
        self.durationMs = durationMs
        self.status = status
        self.error = error
        self.retryAfterS = retryAfterS
    }

    enum CodingKeys: String, CodingKey {
        case attempt, status, error
        case deliveryID = "delivery_id"
        case startedAt = "started_at"
        case durationMs = "duration_ms"
        case retryAfterS = "retry_after_s"
    }
}

/// Outbox rows read in order: the events, and the positions of rows that could not be read (an
/// event type from a newer version): the dispatcher marks those planned, streams skip them.
public struct OutboxBatch: Sendable, Equatable {
    public var entries: [OutboxEntry]
    public var unreadable: [Int64]

    public init(entries: [OutboxEntry], unreadable: [Int64]) {
        self.entries = entries
        self.unreadable = unreadable
    }

    /// Rows read, readable or not.
    public var count: Int { entries.count + unreadable.count }
    /// The last position read (nil when none was).
    public var lastSeq: Int64? { [entries.last?.seq, unreadable.max()].compactMap { $0 }.max() }
}

/// An outbox event with its position (the SSE stream's event id and the dispatcher's cursor).
public struct OutboxEntry: Sendable, Equatable {
    public var seq: Int64
    public var event: TicketEvent

    public init(seq: Int64, event: TicketEvent) {
        self.seq = seq
        self.event = event
    }
}

/// What is still to be delivered: events not yet fanned out to receivers, deliveries waiting
/// for an attempt, and dead-lettered ones (the `flusso_webhook_*` gauges).
public struct WebhookBacklog: Sendable, Equatable {
    public var unplannedEvents: Int
    public var pendingDeliveries: Int
    public var deadDeliveries: Int

    public init(unplannedEvents: Int, pendingDeliveries: Int, deadDeliveries: Int) {
        self.unplannedEvents = unplannedEvents
        self.pendingDeliveries = pendingDeliveries
        self.deadDeliveries = deadDeliveries
    }
}
