import Crypto
import FlussoCore
import Foundation

/// Signs a webhook the Standard Webhooks way: the headers `webhook-id`, `webhook-timestamp`
/// (Unix seconds) and `webhook-signature` = `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one
/// signature per secret, separated by spaces (two while a secret is being rotated).
public struct WebhookSigner: Sendable {
    public let secrets: [WebhookSecret]

    /// `secrets`: the current one first; during rotation, the next one too (receivers accept either).
    public init(secrets: [WebhookSecret]) {
        precondition(!secrets.isEmpty, "a signer needs at least one secret")
        self.secrets = secrets
    }

    /// The three headers for `body`, sent as message `id` at `timestamp`.
    public func headers(id: String, timestamp: Date, body: Data) -> [(name: String, value: String)] {
        // Whole seconds; a date outside ±10^15 s (no real clock) is clamped rather than overflowing.
        let seconds = String(Int64(max(-1e15, min(1e15, timestamp.timeIntervalSince1970.rounded(.down)))))
        return [
            (name: "webhook-id", value: id),
            (name: "webhook-timestamp", value: seconds),
            (name: "webhook-signature", value: signatures(id: id, timestamp: seconds, body: body).joined(separator: " ")),
        ]
    }

    /// `v1,<base64>` for each secret.
    public func signatures(id: String, timestamp: String, body: Data) -> [String] {
        secrets.map { "v1," + Self.signature(key: $0.key, id: id, timestamp: timestamp, body: body).base64EncodedString() }
    }

    static func signature(key: SymmetricKey, id: String, timestamp: String, body: Data) -> Data {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
