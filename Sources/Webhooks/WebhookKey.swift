import Crypto
import FlussoCore

extension WebhookSecret {
    /// The HMAC key.
    var key: SymmetricKey { SymmetricKey(data: keyBytes) }
}
