import FlussoCore
import Generation
import Guardrails
import Logging

extension Adapters {
    /// The extractive generator, the chain's last link (and `flusso bench generate`'s subject).
    static func makeExtractiveGenerator() -> ExtractiveGenerator { ExtractiveGenerator() }

    /// The chat client every LLM endpoint shares.
    static func makeChatClient() -> ChatCompletionClient { ChatCompletionClient() }

    /// Step 6's engine: the fallback chain over `generation.*` (LLM endpoints in order, the cache
    /// of similar solutions, the extractive generator), or nil when generation is disabled.
    static func makeGenerator(
        _ settings: GenerationSettings, client: ChatCompletionClient, extractive: ExtractiveGenerator,
        cache: any SolutionCache, objects: any ObjectStore, redactAudit: Bool, redactor: any TextRedactor,
        clock: any PipelineClock, logger: Logger
    ) -> (any SolutionGenerator)? {
        guard settings.enabled else { return nil }
        return FallbackChainGenerator(
            endpoints: settings.endpoints, llmBudget: settings.llmBudget, client: client,
            cache: settings.cache ? cache : nil, extractive: extractive,
            audit: settings.audit ? GenerationAudit(objects: objects, redactor: redactAudit ? redactor : nil) : nil,
            clock: clock, logger: logger, screen: makePromptScreen(), redactor: redactor)
    }
}
