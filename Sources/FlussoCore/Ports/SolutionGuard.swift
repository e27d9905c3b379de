/// Checks a solution before anyone acts on it (step 7): groundedness, citations, safety, PII,
/// prompt injection. Local and hybrid alike: the `Guardrails` chain.
///
/// Implementations never throw for a bad solution: an empty one, steps without text or citations
/// to nothing get a `needs_review` verdict saying so. The returned solution is the one to keep
/// (personal data redacted, `qualityMetrics` set).
public protocol SolutionGuard: Sendable {
    func check(_ solution: Solution, for ticket: Ticket, retrieved: [RetrievedChunk]) async -> (solution: Solution, report: GuardReport)
}

/// Finds personal data in text and replaces it with placeholders (`[EMAIL_1]`), the same value
/// getting the same placeholder across all the texts of one call. Used on solutions, on audit
/// records, and on prompts sent to remote endpoints.
public protocol TextRedactor: Sendable {
    /// The texts with personal data replaced, and one `(type, placeholder, index of the text)`
    /// per replaced occurrence. A value that occurs in one of `keeping` (for example the
    /// knowledge base's own support number, quoted from a chunk) is left as it is.
    func redact(_ texts: [String], keeping: [String]) -> (texts: [String], found: [(type: String, placeholder: String, text: Int)])
}

extension TextRedactor {
    public func redact(_ texts: [String]) -> (texts: [String], found: [(type: String, placeholder: String, text: Int)]) {
        redact(texts, keeping: [])
    }
}

/// Neutralises instructions hidden in text that goes into a prompt (ticket text, OCR text, KB
/// chunks): phrases such as "ignore previous instructions", chat role tags, requests to reveal
/// the prompt are replaced by a marker, so the model reads them as data, not orders.
public protocol PromptTextScreen: Sendable {
    /// The text to put in the prompt, and the rules that matched (empty: unchanged).
    func screen(_ text: String) -> (text: String, rules: [String])
}
