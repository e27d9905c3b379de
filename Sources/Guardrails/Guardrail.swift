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

    public mutating func flag(_ guardrail: String, _ code: String, _ message: String, step: Int? = nil) {
        issues.append(GuardIssue(guardrail: guardrail, code: code, message: message, step: step))
    }
}
