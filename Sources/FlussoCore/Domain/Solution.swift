import Foundation

/// One step of a solution: what the technician does, and the chunks that say so.
///
/// Invariants: `order` counts from 1 in the order steps are shown; `citations` holds chunk ids
/// that were retrieved for the ticket (checked when the answer is parsed).
public struct SolutionStep: Codable, Sendable, Equatable {
    public var order: Int
    public var text: String
    public var citations: [String]

    public init(order: Int, text: String, citations: [String]) {
        self.order = order
        self.text = text
        self.citations = citations
    }
}

/// A quotation from a cited chunk: the words of the chunk that support the solution.
public struct SolutionCitation: Codable, Sendable, Equatable {
    public var chunkID: String
    public var quote: String
    /// Where a reader finds it: `x200.pdf, p. 12 — 2.1 Replacing the thermistor`, or the
    /// document's title and section (`KnowledgeChunk.citation`); set by the generate step.
    public var source: String?

    public init(chunkID: String, quote: String, source: String? = nil) {
        self.chunkID = chunkID
        self.quote = quote
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case chunkID = "chunk_id"
        case quote, source
    }
}

/// One try of one link of the generation fallback chain, as the ticket shows it.
public struct GenerationAttempt: Codable, Sendable, Equatable {
    /// The link: `llm:primary`, `llm:secondary`, `cache` or `extractive`.
    public var generator: String
    /// `answered`, or why the link did not answer (`timeout`, `throttled`, `unreachable`,
    /// `http_error`, `unparsable`, `invalid_answer`, `unknown_citation`, `no_match`, `skipped`).
    public var outcome: String
    public var detail: String?
    public var durationMs: Double
    /// Object-store key of this attempt's audit record (prompt, raw response, timings), if written.
    public var auditKey: String?

    public init(generator: String, outcome: String, detail: String? = nil, durationMs: Double, auditKey: String? = nil) {
        self.generator = generator
        self.outcome = outcome
        self.detail = detail
        self.durationMs = durationMs
        self.auditKey = auditKey
    }

    enum CodingKeys: String, CodingKey {
        case generator, outcome, detail
        case durationMs = "duration_ms"
        case auditKey = "audit_key"
    }
}

/// The answer to a ticket (design step 6): probable cause, ordered steps each citing the chunks
/// that support it, quotations, and the safety notes the generator raised. A how-to or
/// specification answer (`kind`) has no fault to explain: its `probableCause` is empty.
///
/// Invariants: every chunk id in `steps[].citations` and `citations[].chunkID` was retrieved for
/// the ticket; `generator` names the link of the fallback chain that answered; when
/// `noDocumentedFix` is true, `steps` is empty and the ticket needs a person.
public struct Solution: Codable, Sendable, Equatable {
    public var probableCause: String
    public var steps: [SolutionStep]
    public var citations: [SolutionCitation]
    public var safetyFlags: [String]
    /// `llm:primary`, `llm:secondary`, `cache` or `extractive`.
    public var generator: String
    /// The model that wrote it (for an LLM), or the generator's own id.
    public var model: String?
    /// The ticket whose solution was reused, for `cache`.
    public var cachedFromTicketID: String?
    /// Language the solution was asked for (`en`, `it`).
    public var language: String
    /// True when the knowledge base had nothing to build an answer on.
    public var noDocumentedFix: Bool
    /// Every link tried, in order, with its outcome.
    public var attempts: [GenerationAttempt]
    public var generatedAt: Date
    /// Set by the guardrails (step 7); nil until they have checked the solution.
    public var qualityMetrics: QualityMetrics?
    /// Facts from step 2 that change what the technician does (warranty, recent service, the
    /// contract's due time, similar solved tickets), each citing its record; set by the generate
    /// step for every link of the chain (`ContextNotes`). Nil on solutions written before them.
    public var contextNotes: [ContextNote]?
    /// What the ticket asks for (`RequestKind`: troubleshooting, how-to, specification), decided
    /// from the ticket by the generate step for every link. Nil on solutions written before it.
    public var kind: RequestKind?
    /// Which version of the answer this is: 1 as generated, one more for each reviewer's edit
    /// (`POST /tickets/{id}/review`, action `edit`; earlier versions stay in the review history).
    /// Nil on solutions written before versions, which are version 1 (`currentVersion`).
    public var version: Int?
    /// Who edited this version, and when (nil for a generated one).
    public var editedBy: String?
    public var editedAt: Date?

    /// The version number, 1 when none is recorded.
    public var currentVersion: Int { version ?? 1 }

    public init(
        probableCause: String, steps: [SolutionStep], citations: [SolutionCitation], safetyFlags: [String],
        generator: String, model: String?, cachedFromTicketID: String? = nil, language: String,
        noDocumentedFix: Bool = false, attempts: [GenerationAttempt] = [], generatedAt: Date
    ) {
        self.probableCause = probableCause
        self.steps = steps
        self.citations = citations
        self.safetyFlags = safetyFlags
        self.generator = generator
        self.model = model
        self.cachedFromTicketID = cachedFromTicketID
        self.language = language
        self.noDocumentedFix = noDocumentedFix
        self.attempts = attempts
        self.generatedAt = generatedAt
    }

    /// Every chunk id the solution cites, in first-seen order.
    public var citedChunkIDs: [String] {
        var seen = Set<String>()
        return (steps.flatMap(\.citations) + citations.map(\.chunkID)).filter { seen.insert($0).inserted }
    }

    enum CodingKeys: String, CodingKey {
        case probableCause = "probable_cause"
        case steps, citations
        case safetyFlags = "safety_flags"
        case generator, model
        case cachedFromTicketID = "cached_from_ticket_id"
        case language
        case noDocumentedFix = "no_documented_fix"
        case attempts
        case generatedAt = "generated_at"
        case qualityMetrics = "quality_metrics"
        case contextNotes = "context_notes"
        case kind, version
        case editedBy = "edited_by"
        case editedAt = "edited_at"
    }
}
