/// Limits on what one ticket may carry. Defaults are documented in docs/configuration.md.
public struct SubmissionLimits: Sendable, Equatable {
    /// Longest `symptom_text`, in characters.
    public var maxSymptomCharacters = 20_000
    /// Most attachments on one ticket.
    public var maxAttachments = 10
    /// Largest decoded inline attachment, in bytes.
    public var maxAttachmentBytes = 8 * 1024 * 1024
    /// Most `metadata` entries.
    public var maxMetadataEntries = 50
    /// Longest short string field (ids, model names, error codes, metadata values), in characters.
    public var maxShortField = 256
    /// Whether `callback_url` may target private, loopback or link-local addresses
    /// (`webhooks.allow_private`; default: public addresses only, see `OutboundAddress`).
    public var allowPrivateCallbacks = false
    public init() {}
}
