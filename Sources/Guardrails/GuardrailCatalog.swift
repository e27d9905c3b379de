import FlussoCore

/// Builds the chain from the configured order of check names.
public enum GuardrailCatalog {
    public static let names = GuardrailSettings.defaultOrder

    /// `rules` nil (or failed to load, with `rulesProblem` saying why) keeps the safety check
    /// in the chain reporting that it could not run, so no solution passes unchecked.
    public static func chain(
        order: [String] = GuardrailSettings.defaultOrder, settings: GuardrailSettings = GuardrailSettings(),
        model: GroundednessModel = GroundednessModel(), rules: SafetyRuleSet?, rulesProblem: String? = nil,
        embedder: (any Embedder)? = nil, redactor: any TextRedactor = PIIRedactor()
    ) throws -> GuardrailChain {
        guard !order.isEmpty else {
            throw GuardrailError("guardrails.order is empty: at least one check must run (or set guardrails.enabled: false)")
        }
        var seen = Set<String>()
        let guardrails: [any Guardrail] = try order.map { name in
            guard seen.insert(name).inserted else { throw GuardrailError("guardrails.order names \(name) twice") }
            switch name {
            case "structure": return StructureGuardrail(settings: settings)
            case "prompt_injection": return PromptInjectionGuardrail()
            case "citations": return CitationGuardrail()
            case "groundedness": return GroundednessGuardrail(settings: settings, model: model, embedder: embedder)
            case "relevance": return RelevanceGuardrail(settings: settings)
            case "safety":
                if let rules { return SafetyGuardrail(rules: rules) }
                return SafetyGuardrail(unavailable: rulesProblem ?? "no safety rules are configured")
            case "pii": return PIIGuardrail(redactor: redactor)
            default:
                throw GuardrailError("guardrails.order: unknown check '\(name)' (known: \(names.joined(separator: ", ")))")
            }
        }
        return GuardrailChain(guardrails: guardrails, settings: settings, redactor: redactor)
    }
}
