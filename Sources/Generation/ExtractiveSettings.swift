import FlussoCore

/// How the extractive generator chooses what to quote. The defaults were set on the development
/// answer sets (`eval/answers-dev`, `scripts/eval-answers --dev`); `eval/answers` stays held out.
public struct ExtractiveSettings: Sendable, Equatable {
    /// Words an answer grows to, by what the ticket asks: a procedure needs room for its steps, a
    /// value one sentence, a fault its cause and fix. Picking stops once the budget is reached.
    public var howtoWords = 50
    public var specificationWords = 25
    public var troubleshootingWords = 45
    /// Maximal marginal relevance: the share of relevance against novelty (1 = relevance only).
    public var lambda = 0.7
    /// How much a unit's best neighbour in its chunk adds to its own score.
    public var proximityWeight = 0.5
    /// How much the chunk's retrieval rank adds (`rankWeight × best score / rank`).
    public var rankWeight = 0.5
    /// Added to a unit's relevance (0…1) when it follows or precedes one already picked.
    public var adjacencyBonus = 0.3
    /// Added to the relevance of a unit that states a value, for a specification question.
    public var valueBonus = 0.15
    /// After the first pick, picking stops when the best remaining unit's MMR value is below this.
    public var minimumPickValue = 0.3
    /// A specification answer's lead sentence must hold this share of the question's terms that
    /// the chunks have (weighted by rarity), or the question gets no documented fix.
    public var minimumSpecificationCoverage = 0.35
    /// Units longer than this (a table flattened into one "sentence") are never quoted.
    public var maxUnitWords = 80
    /// Article answers (an error-code article's "What to check" and "How to fix" items): steps kept at most.
    public var maxChecks = 3
    public var maxFixes = 4
    public var maxSafetyFlags = 5

    public init() {}

    public func answerWords(for kind: RequestKind) -> Int {
        switch kind {
        case .howto: howtoWords
        case .specification: specificationWords
        case .troubleshooting: troubleshootingWords
        }
    }
}
