import Crypto
import FlussoCore
import Foundation

/// Checks a received webhook the Standard Webhooks way (for receivers, and for `flusso webhooks
/// verify`): the three headers are present, the timestamp is within `tolerance` of now (replays
/// of old messages fail), and one `v1` signature matches one of the secrets (compared in constant
/// time). Every failure is a `webhook_verification_failed` error saying which check failed.
public struct WebhookVerifier: Sendable {
    public let secrets: [WebhookSecret]
    public let tolerance: Duration

    public init(secrets: [WebhookSecret], tolerance: Duration = .seconds(300)) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Verifies `body` with `headers` (names in any case) at `now`.
    public func verify(headers: [String: String], body: Data, now: Date = Date()) throws {
        var lower: [String: String] = [:]
        for (name, value) in headers { lower[name.lowercased()] = value.trimmingCharacters(in: .whitespaces) }
        guard let id = lower["webhook-id"], !id.isEmpty else { throw failure("the webhook-id header is missing") }
        guard let timestamp = lower["webhook-timestamp"], let seconds = Int64(timestamp) else {
            throw failure("the webhook-timestamp header is missing or not Unix seconds")
        }
        guard let header = lower["webhook-signature"], !header.isEmpty else { throw failure("the webhook-signature header is missing") }
        let age = now.timeIntervalSince1970 - Double(seconds)
        let limit = Double(tolerance.components.seconds)
        guard abs(age) <= limit else {
            // Formatted, not converted: a forged timestamp far from now must not overflow an Int.
            throw failure("the webhook-timestamp is \(String(format: "%.0f", age)) s from now; at most \(tolerance.components.seconds) s is accepted")
        }
        let offered = header.split(separator: " ").compactMap { part -> Data? in
            let pieces = part.split(separator: ",", maxSplits: 1)
            guard pieces.count == 2, pieces[0] == "v1" else { return nil }
            return Data(base64Encoded: String(pieces[1]))
        }
        guard !offered.isEmpty else { throw failure("the webhook-signature header holds no v1 signature") }
        for secret in secrets {
            let expected = WebhookSigner.signature(key: secret.key, id: id, timestamp: timestamp, body: body)
            if offered.contains(where: { Self.constantTimeEqual($0, expected) }) { return }
        }
        throw failure("no signature matches the secret\(secrets.count == 1 ? "" : "s") (wrong secret, or the body was changed)")
    }

    private func failure(_ message: String) -> FlussoError {
        FlussoError(.webhookVerificationFailed, message)
    }

    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
