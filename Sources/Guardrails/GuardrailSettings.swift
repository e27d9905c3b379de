/// The guardrails' thresholds and options, with the design's defaults.
public struct GuardrailSettings: Sendable, Equatable {
    /// Overall groundedness below this sends the ticket to NEEDS_REVIEW (design: 0.75).
    public var groundednessThreshold: Double = 0.75
    /// A step scoring below this is named as weak and sends the ticket to NEEDS_REVIEW.
    public var stepThreshold: Double = 0.75
    /// Relevance below this sends the ticket to NEEDS_REVIEW (0: the score is kept, not gated).
    public var relevanceThreshold: Double = 0
    /// Weight of the embedding similarity in a step's score when an embedder is given (0…1).
    public var embeddingWeight: Double = 0
    /// Longest solution (characters over all its texts); longer is an issue (it is still checked).
    public var maxSolutionCharacters: Int = 50_000
    /// Most steps a solution may have.
    public var maxSteps: Int = 30

    public init() {}

    /// The default order: shape first, then PII, so no later check copies personal data into
    /// the report (the chain also scrubs the report at the end, whatever the order).
    public static let defaultOrder = ["structure", "pii", "prompt_injection", "citations", "groundedness", "relevance", "safety"]
}
