import Foundation

/// A receiver of the service's events (`POST /webhooks`): where to send them, which types, and
/// the secret they are signed with (Standard Webhooks). The secret is shown once, when the
/// subscription is made; listings never carry it.
public struct WebhookSubscription: Codable, Sendable, Equatable {
    public var id: String
    public var url: String
    /// The event types delivered; every type when the request named none.
    public var eventTypes: [TicketEventType]
    public var secret: WebhookSecret
    public var description: String?
    public var createdAt: Date
    /// Why deliveries stopped (a receiver that kept failing); nil while active.
    public var disabledReason: String?
    /// The secret before the last rotation, still signing (beside `secret`) until
    /// `previousSecretExpiresAt`, so the receiver can switch without missing a delivery.
    public var previousSecret: WebhookSecret?
    public var previousSecretExpiresAt: Date?

    public init(
        id: String = "whk_" + UUID().uuidString.lowercased(), url: String, eventTypes: [TicketEventType], secret: WebhookSecret,
        description: String?, createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.eventTypes = eventTypes
        self.secret = secret
        self.description = description
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, url, secret, description
        case eventTypes = "event_types"
        case createdAt = "created_at"
        case disabledReason = "disabled_reason"
        case previousSecret = "previous_secret"
        case previousSecretExpiresAt = "previous_secret_expires_at"
    }

    /// The secrets deliveries are signed with at `time`: the current one, and the previous one
    /// during its grace period.
    public func signingSecrets(at time: Date) -> [WebhookSecret] {
        guard let previousSecret, let expiry = previousSecretExpiresAt, time < expiry else { return [secret] }
        return [secret, previousSecret]
    }

    /// Rotated to `next`: the current secret keeps signing beside it until `time + grace`.
    public mutating func rotate(to next: WebhookSecret, at time: Date, grace: Duration) {
        previousSecret = secret
        previousSecretExpiresAt = time.addingTimeInterval(grace.seconds)
        secret = next
    }

    /// Validates a `POST /webhooks/{id}/rotate-secret` body: empty, or `{"secret": "whsec_…"}`
    /// (generated when absent).
    public static func validateRotation(_ body: JSONValue?) throws -> WebhookSecret {
        guard let body else { return WebhookSecret.generate() }
        var checker = FieldChecker()
        guard case .object(let fields) = body else {
            throw FlussoError(.validationFailed, "the body must be a JSON object, not \(body.typeName)", field: "")
        }
        checker.refuseUnknown(fields, allowed: ["secret"], prefix: "")
        var secret = WebhookSecret.generate()
        if let given = checker.string(fields["secret"], field: "secret", max: 200) {
            do {
                secret = try WebhookSecret(given)
            } catch let error as FlussoError {
                checker.problem("secret", error.message)
            }
        }
        try checker.throwIfProblems()
        return secret
    }

    /// Validates a `POST /webhooks` body: `url` (http/https; public unless `allowPrivate`),
    /// `event_types` (known types; empty or absent: all), `secret` (`whsec_…`; generated when
    /// absent), `description`. Unknown fields are refused; every problem is named.
    public static func validate(_ body: JSONValue, allowPrivate: Bool, now: Date) throws -> WebhookSubscription {
        var checker = FieldChecker()
        guard case .object(let fields) = body else {
            throw FlussoError(.validationFailed, "the body must be a JSON object, not \(body.typeName)", field: "")
        }
        checker.refuseUnknown(fields, allowed: ["url", "event_types", "secret", "description"], prefix: "")
        let url = checker.string(fields["url"], field: "url", required: true, max: 2048, pattern: .httpURL)
        if let url, !allowPrivate, let problem = OutboundAddress.problem(withURL: url) {
            checker.problem("url", "\(problem); Flusso calls public addresses only unless webhooks.allow_private is true")
        }
        var types: [TicketEventType] = []
        for (index, item) in (checker.array(fields["event_types"], field: "event_types") ?? []).enumerated() {
            guard case .string(let name) = item, let type = TicketEventType(rawValue: name) else {
                checker.problem(
                    "event_types[\(index)]", "must be one of \(TicketEventType.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if !types.contains(type) { types.append(type) }
        }
        var secret = WebhookSecret.generate()
        if let given = checker.string(fields["secret"], field: "secret", max: 200) {
            do {
                secret = try WebhookSecret(given)
            } catch let error as FlussoError {
                checker.problem("secret", error.message)
            }
        }
        let description = checker.string(fields["description"], field: "description", max: 500)
        try checker.throwIfProblems()
        return WebhookSubscription(
            url: url ?? "", eventTypes: types.isEmpty ? TicketEventType.allCases : types, secret: secret, description: description,
            createdAt: now)
    }
}

extension WebhookSecret: Codable {
    public init(from decoder: Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
