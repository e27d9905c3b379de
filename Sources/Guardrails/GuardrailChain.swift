import FlussoCore
import Foundation

/// Step 7's engine: the configured guardrails in order over one solution, then the metrics and
/// the verdict (`pass` only when no check raised an issue).
public struct GuardrailChain: SolutionGuard {
    public let guardrails: [any Guardrail]
    public let settings: GuardrailSettings

    public init(guardrails: [any Guardrail], settings: GuardrailSettings = GuardrailSettings()) {
        self.guardrails = guardrails
        self.settings = settings
    }

    public func check(_ solution: Solution, for ticket: Ticket, retrieved: [RetrievedChunk]) async -> (solution: Solution, report: GuardReport) {
        let started = ContinuousClock.now
        var review = SolutionReview(ticket: ticket, solution: solution, retrieved: retrieved)
        var durations: [String: Double] = [:]
        for guardrail in guardrails {
            let checkStarted = ContinuousClock.now
            await guardrail.apply(to: &review)
            durations[guardrail.name] = Self.milliseconds(ContinuousClock.now - checkStarted)
            if !review.checks.contains(where: { $0.hasPrefix(guardrail.name) }) { review.checks.append(guardrail.name) }
        }
        let metrics = Self.metrics(of: review)
        review.solution.qualityMetrics = metrics
        let elapsed = ContinuousClock.now - started
        let report = GuardReport(verdict: review.issues.isEmpty ? .pass : .needsReview, issues: review.issues, checks: review.checks,
                                 steps: review.steps, safety: review.safety, redactions: review.redactions,
                                 injections: review.injections, metrics: metrics,
                                 durationMs: Self.milliseconds(elapsed), checkDurationsMs: durations)
        return (review.solution, report)
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
        return QualityMetrics(groundednessScore: rounded(groundedness), relevanceScore: rounded(relevance),
                              citationCoverage: rounded(coverage), confidence: rounded(confidence),
                              safetyFlags: review.safety.count, piiRedactions: review.redactions.count)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func rounded(_ value: Double) -> Double { (max(0, min(1, value)) * 1000).rounded() / 1000 }
}
