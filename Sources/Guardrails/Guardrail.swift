import FlussoCore

/// One check of step 7. Checks run in the configured order over one `SolutionReview`, each
/// adding what it found; a check may change the solution (the PII check redacts it).
///
/// A check never throws: what it cannot judge it reports as an issue, so nothing passes silently.
public protocol Guardrail: Sendable {
    /// The name used in `guardrails.order`, in issues and in `checks`.
    var name: String { get }
    func apply(to review: inout SolutionReview) async
}

/// The state of one solution under review: the inputs, and what the checks have found so far.
public struct SolutionReview: Sendable {
    public let ticket: Ticket
    public var solution: Solution
    /// The chunks retrieved for this ticket, by id: a citation is valid only if it names one.
    public let retrieved: [String: KnowledgeChunk]
    public var issues: [GuardIssue] = []
    public var checks: [String] = []
    public var steps: [StepGrounding] = []
    public var citationCoverage: Double?
    public var relevance: Double?
    public var safety: [SafetyFinding] = []
    public var redactions: [PIIRedaction] = []
    public var injections: [InjectionFinding] = []
    /// Word profiles of the retrieved chunks, made once and shared by the checks.
    var analyses: [String: ChunkAnalysis] = [:]
    /// Clause profiles of chunk sentences (`chunk id#sentence index`), made on first use.
    var clauseProfiles: [String: [TermProfile]] = [:]

    public init(ticket: Ticket, solution: Solution, retrieved: [RetrievedChunk]) {
        self.ticket = ticket
        self.solution = solution
        var byID: [String: KnowledgeChunk] = [:]
        for item in retrieved { byID[item.chunk.chunkID] = item.chunk }
        self.retrieved = byID
    }

    /// The chunks a step cites that were retrieved for the ticket (unknown ids left out).
    public func validChunks(of step: SolutionStep) -> [KnowledgeChunk] {
        var seen = Set<String>()
        return step.citations.compactMap { id in seen.insert(id).inserted ? retrieved[id] : nil }
    }

    /// The chunk's word profiles (whole text and each sentence), made on first use.
    mutating func analysis(of chunk: KnowledgeChunk, defaultLanguage: String) -> ChunkAnalysis {
        if let known = analyses[chunk.chunkID] { return known }
        let made = ChunkAnalysis(chunk, language: chunk.language ?? defaultLanguage)
        analyses[chunk.chunkID] = made
        return made
    }

    mutating func clauses(of chunk: KnowledgeChunk, sentence index: Int, text: String, defaultLanguage: String) -> [TermProfile] {
        let key = "\(chunk.chunkID)#\(index)"
        if let known = clauseProfiles[key] { return known }
        let made = GuardText.clauses(text).map { TermProfile($0, language: chunk.language ?? defaultLanguage, exact: false) }
        clauseProfiles[key] = made
        return made
    }

    public mutating func flag(_ guardrail: String, _ code: String, _ message: String, step: Int? = nil) {
        issues.append(GuardIssue(guardrail: guardrail, code: code, message: message, step: step))
    }
}

/// One chunk's word profiles: the whole text (with exact terms) and each sentence (words only),
/// with the sentences' text.
struct ChunkAnalysis: Sendable {
    let whole: TermProfile
    let sentences: [TermProfile]
    let sentenceTexts: [String]

    init(_ chunk: KnowledgeChunk, language: String) {
        let folded = GuardText.fold(chunk.text)
        sentenceTexts = GuardText.sentences(chunk.text)
        sentences = GuardText.sentences(folded).map { TermProfile(folded: $0, language: language, exact: false) }
        whole = TermProfile(combining: sentences, folded: folded)
    }
}
