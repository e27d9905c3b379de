import FlussoCore
import Foundation
import Guardrails

/// What `flusso guard eval` prints: the issue's targets next to the measured figures.
struct GuardEvalReport: Encodable {
    var groundedness: GroundednessEvaluation
    var pii: PIIEvaluation
    var latency: GuardLatency
    var embedder: String?
    var embeddingWeight: Double

    enum CodingKeys: String, CodingKey {
        case groundedness, pii, latency, embedder
        case embeddingWeight = "embedding_weight"
    }

    func text(misses: Bool) -> String {
        func pct(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
        var lines = [
            "groundedness (step threshold \(groundedness.threshold); embedder \(embedder ?? "none"), weight \(embeddingWeight))",
            "  split   cases  unsupported caught (target >= 90 %)  supported flagged (target <= 10 %)  partial caught",
        ]
        for split in groundedness.bySplit.keys.sorted() {
            let f = groundedness.bySplit[split]!
            lines.append(
                "  " + split.padding(toLength: 6, withPad: " ", startingAt: 0) + String(format: "%6d", f.cases)
                    + "  " + pct(f.unsupportedCaught).padding(toLength: 35, withPad: " ", startingAt: 0)
                    + "  " + pct(f.supportedFlagged).padding(toLength: 34, withPad: " ", startingAt: 0) + "  " + pct(f.partialCaught))
        }
        for language in groundedness.byLanguage.keys.sorted() {
            let f = groundedness.byLanguage[language]!
            lines.append(
                "  \(language): unsupported caught \(pct(f.unsupportedCaught)), supported flagged \(pct(f.supportedFlagged)), partial caught \(pct(f.partialCaught))"
            )
        }
        lines.append(
            "  flagged by kind: "
                + groundedness.flaggedByKind.keys.sorted().map { "\($0) \(pct(groundedness.flaggedByKind[$0]!))" }.joined(separator: ", "))
        if !groundedness.safetyFlaggedByLabel.isEmpty {
            lines.append(
                "  safety findings by label: "
                    + groundedness.safetyFlaggedByLabel.keys.sorted()
                    .map { "\($0) \(pct(groundedness.safetyFlaggedByLabel[$0]!))" }.joined(separator: ", "))
        }
        lines.append(
            "pii: recall \(String(format: "%.3f", pii.overall.recall)) (target >= 0.98), precision \(String(format: "%.3f", pii.overall.precision)) (target >= 0.95); "
                + "\(pii.nearMissesRedacted) of \(pii.nearMisses) near misses redacted")
        for type in pii.byType.keys.sorted() {
            let f = pii.byType[type]!
            lines.append(
                "  \(type): \(f.correct)/\(f.expected) found, \(f.found - f.correct) spurious (recall \(String(format: "%.3f", f.recall)), precision \(String(format: "%.3f", f.precision)))"
            )
        }
        lines.append(
            "latency of all checks: p50 \(String(format: "%.2f", latency.p50Ms)) ms, p95 \(String(format: "%.2f", latency.p95Ms)) ms (target <= 5 ms), "
                + "max \(String(format: "%.2f", latency.maxMs)) ms over \(latency.checks) checks of \(latency.solutions) solutions")
        lines.append(
            "  mean per check: "
                + latency.meanCheckMs.sorted { $0.value > $1.value }
                .map { "\($0.key) \(String(format: "%.2f", $0.value)) ms" }.joined(separator: ", "))
        if misses {
            lines.append("misjudged steps:")
            for miss in groundedness.misses { lines.append("  \(miss.id) \(miss.label)/\(miss.kind) score \(miss.score): \(miss.step)") }
            lines.append("pii errors:")
            for error in pii.errors { lines.append("  \(error.id) \(error.kind) \(error.type): \(error.value)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// The human-readable form of one guard report (`flusso guard check` without `--json`).
enum GuardReportText {
    static func render(_ report: GuardReport) -> String {
        let m = report.metrics
        var lines = [
            "verdict: \(report.verdict.rawValue)",
            "groundedness \(m.groundednessScore), relevance \(m.relevanceScore), citation coverage \(m.citationCoverage), confidence \(m.confidence), "
                + "\(m.safetyFlags) safety flags, \(m.piiRedactions) PII redactions",
        ]
        for step in report.steps {
            var line = "  step \(step.order): \(step.score) (terms \(step.termSupport), phrases \(step.phraseSupport)"
            if let similarity = step.embeddingSimilarity { line += ", embedding \(similarity)" }
            if !step.unmatchedExactTerms.isEmpty { line += ", not in sources: \(step.unmatchedExactTerms.joined(separator: ", "))" }
            if step.polarityMismatch { line += ", opposite polarity" }
            lines.append(line + ")")
        }
        for issue in report.issues { lines.append("issue [\(issue.guardrail)/\(issue.code)]: \(issue.message)") }
        lines.append("checks: \(report.checks.joined(separator: ", ")) (\(String(format: "%.2f", report.durationMs)) ms)")
        return lines.joined(separator: "\n")
    }
}
