import Foundation

/// The figures the guardrails keep on a solution (design step 7's quality metrics).
///
/// Invariants: the three scores and `confidence` are in [0, 1]; the two counts are ≥ 0.
public struct QualityMetrics: Codable, Sendable, Equatable {
    /// How well the cited chunks support the steps (mean of the per-step scores).
    public var groundednessScore: Double
    /// How well the solution answers the ticket.
    public var relevanceScore: Double
    /// Share of steps with at least one valid citation.
    public var citationCoverage: Double
    /// One figure for a reader: groundedness, coverage and relevance combined (see docs/guardrails.md).
    public var confidence: Double
    public var safetyFlags: Int
    public var piiRedactions: Int

    public init(
        groundednessScore: Double, relevanceScore: Double, citationCoverage: Double, confidence: Double,
        safetyFlags: Int, piiRedactions: Int
    ) {
        self.groundednessScore = groundednessScore
        self.relevanceScore = relevanceScore
        self.citationCoverage = citationCoverage
        self.confidence = confidence
        self.safetyFlags = safetyFlags
        self.piiRedactions = piiRedactions
    }

    enum CodingKeys: String, CodingKey {
        case groundednessScore = "groundedness_score"
        case relevanceScore = "relevance_score"
        case citationCoverage = "citation_coverage"
        case confidence
        case safetyFlags = "safety_flags"
        case piiRedactions = "pii_redactions"
    }
}

/// How well one step is supported by the chunks it cites.
public struct StepGrounding: Codable, Sendable, Equatable {
    public var order: Int
    /// In [0, 1]; 0 when the step has no valid citation.
    public var score: Double
    /// Share of the step's content words found in its cited chunks.
    public var termSupport: Double
    /// Share of the step's word pairs found in its cited chunks.
    public var phraseSupport: Double
    /// Cosine similarity of the step and its best chunk, when an embedder is configured.
    public var embeddingSimilarity: Double?
    /// Numbers, units and error codes of the step that its chunks do not contain.
    public var unmatchedExactTerms: [String]
    /// The step's content words (stemmed) that its chunks do not contain, for a reviewer.
    public var unsupportedWords: [String]
    /// True when the step's best-matching sentence says the opposite (a negation or an opposite
    /// action where the chunk has none, or the reverse).
    public var polarityMismatch: Bool

    public init(
        order: Int, score: Double, termSupport: Double, phraseSupport: Double, embeddingSimilarity: Double?,
        unmatchedExactTerms: [String], unsupportedWords: [String] = [], polarityMismatch: Bool
    ) {
        self.unsupportedWords = unsupportedWords
        self.order = order
        self.score = score
        self.termSupport = termSupport
        self.phraseSupport = phraseSupport
        self.embeddingSimilarity = embeddingSimilarity
        self.unmatchedExactTerms = unmatchedExactTerms
        self.polarityMismatch = polarityMismatch
    }

    enum CodingKeys: String, CodingKey {
        case order, score
        case termSupport = "term_support"
        case phraseSupport = "phrase_support"
        case embeddingSimilarity = "embedding_similarity"
        case unmatchedExactTerms = "unmatched_exact_terms"
        case unsupportedWords = "unsupported_words"
        case polarityMismatch = "polarity_mismatch"
    }
}

/// A safety rule that matched a step, or a step that goes against a safety note of its own chunk.
public struct SafetyFinding: Codable, Sendable, Equatable {
    /// The step (nil: the probable cause).
    public var step: Int?
    /// The rule's id, or `contradicts-chunk-safety-note`.
    public var rule: String
    public var message: String
    /// The words that matched.
    public var excerpt: String

    public init(step: Int?, rule: String, message: String, excerpt: String) {
        self.step = step
        self.rule = rule
        self.message = message
        self.excerpt = excerpt
    }
}

/// One piece of personal data replaced by a placeholder. The original value is never stored.
public struct PIIRedaction: Codable, Sendable, Equatable {
    /// `EMAIL`, `PHONE`, `IBAN`, `CARD`, `CODICE_FISCALE`, `PARTITA_IVA`, `IP`.
    public var type: String
    /// The placeholder that replaced it, such as `[EMAIL_1]` (the same value gets the same one).
    public var placeholder: String
    /// Where it was: `probable_cause`, `steps[2].text`, `citations[0].quote`, `safety_flags[1]`.
    public var field: String

    public init(type: String, placeholder: String, field: String) {
        self.type = type
        self.placeholder = placeholder
        self.field = field
    }
}

/// Text that tries to steer the model ("ignore previous instructions", role tags, requests to
/// reveal the prompt), found in the ticket, an attachment's text or a chunk.
public struct InjectionFinding: Codable, Sendable, Equatable {
    /// `symptom_text`, `attachment:{id}` or `chunk:{id}`.
    public var source: String
    public var rule: String
    public var excerpt: String

    public init(source: String, rule: String, excerpt: String) {
        self.source = source
        self.rule = rule
        self.excerpt = excerpt
    }
}

/// Why a solution needs a person: one failed check.
public struct GuardIssue: Codable, Sendable, Equatable {
    /// The guardrail that raised it (`structure`, `citations`, `groundedness`, `relevance`,
    /// `safety`, `pii`, `prompt_injection`).
    public var guardrail: String
    /// A stable code, such as `low_groundedness` or `unknown_citation`.
    public var code: String
    public var message: String
    /// The step concerned, if one.
    public var step: Int?

    public init(guardrail: String, code: String, message: String, step: Int? = nil) {
        self.guardrail = guardrail
        self.code = code
        self.message = message
        self.step = step
    }
}

/// The guardrails' verdict on one solution (design step 7).
public enum GuardVerdict: String, Codable, Sendable {
    /// Every check passed: the ticket may become READY.
    case pass
    /// At least one check failed: the ticket goes to NEEDS_REVIEW, with the solution kept.
    case needsReview = "needs_review"
}

/// What the guardrails found, as the ticket shows it.
///
/// Invariants: `verdict` is `pass` exactly when `issues` is empty; `steps` has one entry per
/// scored step, in order (every step up to `guardrails.max_steps`, when groundedness ran);
/// nothing in it holds personal data found in the solution.
public struct GuardReport: Codable, Sendable, Equatable {
    public var verdict: GuardVerdict
    public var issues: [GuardIssue]
    /// The checks that ran, in order, and those that could not (with the reason).
    public var checks: [String]
    public var steps: [StepGrounding]
    public var safety: [SafetyFinding]
    public var redactions: [PIIRedaction]
    public var injections: [InjectionFinding]
    public var metrics: QualityMetrics
    public var durationMs: Double
    /// Milliseconds each check took, by name.
    public var checkDurationsMs: [String: Double]

    public init(
        verdict: GuardVerdict, issues: [GuardIssue], checks: [String], steps: [StepGrounding], safety: [SafetyFinding],
        redactions: [PIIRedaction], injections: [InjectionFinding], metrics: QualityMetrics, durationMs: Double,
        checkDurationsMs: [String: Double] = [:]
    ) {
        self.checkDurationsMs = checkDurationsMs
        self.verdict = verdict
        self.issues = issues
        self.checks = checks
        self.steps = steps
        self.safety = safety
        self.redactions = redactions
        self.injections = injections
        self.metrics = metrics
        self.durationMs = durationMs
    }

    /// One line for a person: the failed checks, weakest steps named.
    public var summary: String {
        issues.isEmpty ? "every guardrail passed" : issues.map(\.message).joined(separator: "; ")
    }

    enum CodingKeys: String, CodingKey {
        case verdict, issues, checks, steps, safety, redactions, injections, metrics
        case durationMs = "duration_ms"
        case checkDurationsMs = "check_durations_ms"
    }
}
