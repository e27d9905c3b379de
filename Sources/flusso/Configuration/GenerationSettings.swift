import FlussoCore
import Generation

/// Step 6's settings (`generation.*` keys): the LLM endpoints of the chain in order, and the
/// offline links.
struct GenerationSettings: Sendable {
    var enabled: Bool
    var endpoints: [ChatEndpoint]
    var llmBudget: Duration
    var cache: Bool
    var audit: Bool

    /// The generate step's timeout: the LLM budget plus room for the offline links and the audit.
    var stepTimeout: Duration { llmBudget + .seconds(30) }

    init(_ resolved: ResolvedConfiguration) throws {
        enabled = try resolved.bool("generation.enabled")
        cache = try resolved.bool("generation.cache")
        audit = try resolved.bool("generation.audit")
        let budget = resolved.double("generation.llm_budget_s")
        guard budget > 0 else { throw FlussoError(.invalidConfiguration, "generation.llm_budget_s must be positive") }
        llmBudget = .milliseconds(Int64(budget * 1000))
        endpoints = []
        for slot in ["primary", "secondary"] {
            let p = "generation.\(slot)"
            let url = resolved.string("\(p).url")
            guard !url.isEmpty else { continue }
            var endpoint = ChatEndpoint(name: slot, url: url, model: resolved.string("\(p).model"))
            guard let format = StructuredOutputFormat(rawValue: resolved.string("\(p).format").lowercased()) else {
                throw FlussoError(.invalidConfiguration, "\(p).format must be llama-cpp, openai, ollama or none")
            }
            endpoint.format = format
            endpoint.temperature = resolved.double("\(p).temperature")
            endpoint.maxTokens = resolved.int("\(p).max_tokens")
            endpoint.contextTokens = resolved.int("\(p).context_tokens")
            endpoint.timeout = .milliseconds(Int64(resolved.double("\(p).timeout_s") * 1000))
            endpoint.maxAttempts = resolved.int("\(p).max_attempts")
            endpoint.retryInterval = .milliseconds(Int64(resolved.double("\(p).retry_interval_s") * 1000))
            endpoint.apiKey = resolved.string("\(p).api_key")
            endpoint.redactPII = try resolved.bool("\(p).redact_pii")
            endpoints.append(try endpoint.validated())
        }
    }
}
