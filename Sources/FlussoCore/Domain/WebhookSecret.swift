import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by the base64 of the key bytes (24 to
/// 64 bytes). `generate()` makes a new one from the system's random source
/// (`SystemRandomNumberGenerator`: getrandom on Linux). The `Webhooks` module signs with it.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    public static let prefix = "whsec_"
    /// The HMAC key's bytes.
    public let keyBytes: Data
    /// As it is written: `whsec_…`.
    public let text: String

    /// Parses `whsec_<base64>`; anything else is an `invalid_input` error saying what is wrong.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(Self.prefix) else {
            throw FlussoError(.invalidInput, "a webhook secret starts with \(Self.prefix) (Standard Webhooks)")
        }
        guard let bytes = Data(base64Encoded: String(trimmed.dropFirst(Self.prefix.count))), (24...64).contains(bytes.count) else {
            throw FlussoError(.invalidInput, "a webhook secret is \(Self.prefix) followed by the base64 of 24 to 64 random bytes")
        }
        keyBytes = bytes
        self.text = trimmed
    }

    /// A new secret of 32 random bytes.
    public static func generate() -> WebhookSecret {
        var random = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
        // Cannot fail: 32 bytes, base64, with the prefix.
        return try! WebhookSecret(prefix + bytes.base64EncodedString())
    }

    public static func == (lhs: WebhookSecret, rhs: WebhookSecret) -> Bool { lhs.text == rhs.text }

    /// Masked, so a secret never reaches a log by accident.
    public var description: String { Self.prefix + "…" }
}
