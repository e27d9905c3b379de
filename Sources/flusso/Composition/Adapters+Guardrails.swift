import FlussoCore
import Guardrails
import Logging

extension Adapters {
    /// The safety rules step 7 needs (`guardrails.safety_rules`): nil when guardrails are disabled
    /// or the safety check is not in `guardrails.order`. A missing or invalid file is a start-up
    /// error naming the path tried (without the rules every solution would go to NEEDS_REVIEW,
    /// which hides the cause); the runtime loads them before anything slow.
    static func loadSafetyRules(_ settings: GuardrailsSettings) throws -> SafetyRuleSet? {
        guard settings.enabled, settings.order.contains("safety") else { return nil }
        let loaded = settings.loadRules()
        guard let rules = loaded.rules else {
            throw FlussoError(
                .invalidConfiguration, "the safety rules (guardrails.safety_rules) could not be loaded: \(loaded.problem ?? "no rules")")
        }
        return rules
    }

    /// Step 7's engine (the `SolutionGuard` port): the guardrail chain over `guardrails.*` with
    /// `rules` (from `loadSafetyRules`), or nil when guardrails are disabled.
    static func makeGuardrails(
        _ settings: GuardrailsSettings, rules: SafetyRuleSet?, embedder: (any Embedder)?, redactor: any TextRedactor, logger: Logger
    ) throws -> GuardrailChain? {
        guard settings.enabled else { return nil }
        let essential = ["structure", "pii", "citations", "groundedness", "safety"].filter { !settings.order.contains($0) }
        if !essential.isEmpty {
            logger.warning(
                "guardrails.order leaves out checks a solution should pass: they will not run",
                metadata: ["missing": "\(essential.joined(separator: ","))"])
        }
        do {
            return try GuardrailCatalog.chain(
                order: settings.order, settings: settings.thresholds, rules: rules, embedder: embedder, redactor: redactor)
        } catch {
            throw FlussoError(.invalidConfiguration, "\(error)")
        }
    }

    /// `TextRedactor`: personal data found and replaced with placeholders (guardrails, audit
    /// records, `redact_pii` endpoints share one).
    static func makeRedactor() -> any TextRedactor { PIIRedactor() }

    /// `PromptTextScreen`: instructions hidden in prompt text neutralised.
    static func makePromptScreen() -> any PromptTextScreen { PromptInjectionDetector() }

    /// The groundedness check alone, for `flusso guard eval`'s labelled sets.
    static func makeGroundednessCheck(_ settings: GuardrailsSettings, embedder: (any Embedder)?) -> GroundednessGuardrail {
        GroundednessGuardrail(settings: settings.thresholds, embedder: embedder)
    }

    /// The safety check alone over `rules`, for `flusso guard eval`.
    static func makeSafetyCheck(_ rules: SafetyRuleSet) -> SafetyGuardrail { SafetyGuardrail(rules: rules) }
}
