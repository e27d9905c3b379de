import FlussoCore
import Guardrails
import Logging

extension Adapters {
    /// Step 7's engine: the guardrail chain over `guardrails.*`, or nil when guardrails are
    /// disabled. A missing or invalid rules file, with the safety check in `guardrails.order`, is
    /// a start-up error naming the path tried.
    static func makeGuardrails(
        _ settings: GuardrailsSettings, embedder: (any Embedder)?, redactor: PIIRedactor, logger: Logger
    ) throws
        -> GuardrailChain?
    {
        guard settings.enabled else { return nil }
        let essential = ["structure", "pii", "citations", "groundedness", "safety"].filter { !settings.order.contains($0) }
        if !essential.isEmpty {
            logger.warning(
                "guardrails.order leaves out checks a solution should pass: they will not run",
                metadata: ["missing": "\(essential.joined(separator: ","))"])
        }
        let loaded = settings.loadRules()
        if let problem = loaded.problem, settings.order.contains("safety") {
            // Required: without them every solution would go to NEEDS_REVIEW, which hides the cause.
            throw FlussoError(.invalidConfiguration, "the safety rules (guardrails.safety_rules) could not be loaded: \(problem)")
        }
        do {
            return try GuardrailCatalog.chain(
                order: settings.order, settings: settings.thresholds, rules: loaded.rules,
                rulesProblem: loaded.problem, embedder: embedder, redactor: redactor)
        } catch {
            throw FlussoError(.invalidConfiguration, "\(error)")
        }
    }
}
