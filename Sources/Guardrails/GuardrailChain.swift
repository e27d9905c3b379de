import FlussoCore
import Foundation

/// Step 7's engine: the configured guardrails in order over one solution, then the metrics and
/// the verdict (`pass` only when no check raised an issue).
public struct GuardrailChain: SolutionGuard {
    public let guardrails: [any Guardrail]
    public let settings: GuardrailSettings
    let redactor: any TextRedactor
    let detector = PIIDetector()

    public init(guardrails: [any Guardrail], settings: GuardrailSettings = GuardrailSettings(), redactor: any TextRedactor = PIIRedactor()) {
        self.guardrails = guardrails
        self.settings = settings
        self.redactor = redactor
    }

    public func check(_ solution: Solution, for ticket: Ticket, retrieved: [RetrievedChunk]) async -> (solution: Solution, report: GuardReport) {
        let started = ContinuousClock.now
        var review = SolutionReview(ticket: ticket, solution: solution, retrieved: retrieved)
        var durations: [String: Double] = [:]
        for guardrail in guardrails {
            let checkStarted = ContinuousClock.now
            await guardrail.apply(to: &review)
            durations[guardrail.name] = (ContinuousClock.now - checkStarted).milliseconds
            if !review.checks.contains(where: { $0.hasPrefix(guardrail.name) }) { review.checks.append(guardrail.name) }
        }
        if review.solution.steps.isEmpty, !review.solution.noDocumentedFix, !review.issues.contains(where: { $0.code == "no_steps" }) {
            review.flag("structure", "no_steps", "the solution has no steps")  // whatever the configured order
        }
        scrub(&review, original: solution)
        let metrics = Self.metrics(of: review)
        review.solution.qualityMetrics = metrics
        let elapsed = ContinuousClock.now - started
        let report = GuardReport(
            verdict: review.issues.isEmpty ? .pass : .needsReview, issues: review.issues, checks: review.checks,
            steps: review.steps, safety: review.safety, redactions: review.redactions,
            injections: review.injections, metrics: metrics,
            durationMs: elapsed.milliseconds, checkDurationsMs: durations)
        return (review.solution, report)
    }

    /// Personal data never reaches the report: messages and excerpts are redacted, and words or
    /// numbers that were part of personal data in the solution as written are dropped from the
    /// per-step word lists (whatever the order of the checks).
    func scrub(_ review: inout SolutionReview, original: Solution) {
        let texts = [original.probableCause] + original.steps.map(\.text) + original.citations.map(\.quote) + original.safetyFlags
        var tokens = Set<String>()
        for text in texts {
            for match in detector.find(in: text) {
                let words = GuardText.words(GuardText.fold(match.value))
                tokens.formUnion(words)
                tokens.insert(words.joined())
            }
        }
        if !tokens.isEmpty {
            for index in review.steps.indices {
                review.steps[index].unsupportedWords.removeAll { word in tokens.contains { $0.hasPrefix(word) } }
                review.steps[index].unmatchedExactTerms.removeAll { term in
                    let digits = term.filter(\.isNumber)
                    return tokens.contains(term) || (!digits.isEmpty && tokens.contains { $0.contains(digits) })
                }
            }
        }
        let keep = review.retrieved.values.map(\.text)
        let messages = review.issues.map(\.message) + review.safety.map(\.excerpt) + review.injections.map(\.excerpt)
        var clean = redactor.redact(messages, keeping: keep).texts[...]
        let pieces = tokens.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
        let scrubbed: (String) -> String = { text in pieces.isEmpty ? text : Self.removing(pieces, from: text) }
        for index in review.issues.indices { review.issues[index].message = scrubbed(clean.popFirst()!) }
        for index in review.safety.indices { review.safety[index].excerpt = scrubbed(clean.popFirst()!) }
        for index in review.injections.indices { review.injections[index].excerpt = clean.popFirst()! }
    }

    /// `text` with every whole-word occurrence of `pieces` (parts of personal data, such as the
    /// groups of a phone number a check quoted one by one) replaced by `[redacted]`.
    static func removing(_ pieces: [String], from text: String) -> String {
        let alternatives = pieces.map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        guard let pattern = try? NSRegularExpression(pattern: "(?<![\\p{L}\\p{N}])(?:\(alternatives))(?![\\p{L}\\p{N}])", options: [.caseInsensitive])
        else {
            return text
        }
        return pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "[redacted]")
    }

    /// Groundedness is the mean step score; confidence = 0.5·groundedness + 0.3·coverage +
    /// 0.2·relevance, halved when a safety flag or prompt injection was found, 0 without steps.
    static func metrics(of review: SolutionReview) -> QualityMetrics {
        let scores = review.steps.map(\.score)
        let groundedness = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let coverage = review.citationCoverage ?? 0
        let relevance = review.relevance ?? 0
        var confidence = review.solution.steps.isEmpty ? 0 : 0.5 * groundedness + 0.3 * coverage + 0.2 * relevance
        if !review.safety.isEmpty || !review.injections.isEmpty { confidence /= 2 }
        return QualityMetrics(
            groundednessScore: rounded(groundedness), relevanceScore: rounded(relevance),
            citationCoverage: rounded(coverage), confidence: rounded(confidence),
            safetyFlags: review.safety.count, piiRedactions: review.redactions.count)
    }

    static func rounded(_ value: Double) -> Double { value.isFinite ? (max(0, min(1, value)) * 1000).rounded() / 1000 : 0 }
}
