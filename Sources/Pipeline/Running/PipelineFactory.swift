import FlussoCore

/// The standard step list in the design's order, given the adapters the composition root chose.
public enum StandardPipeline {
    /// `ocr`: step 3 with its extractor (the default has none and is recorded as skipped);
    /// `classifier` nil keeps the classify step skipped with `classifierUnavailableReason`;
    /// `retriever` nil keeps the retrieve step skipped; `generator` nil keeps the generate step
    /// skipped (its timeout must exceed the generator's own LLM budget); `guardrails` nil keeps
    /// the guard step skipped (and no ticket READY).
    public static func steps(objects: any ObjectStore, publisher: any EventPublisher, clock: any PipelineClock = SystemClock(),
                             ocr: OCRStep = OCRStep(),
                             classifier: (any TicketClassifier)? = nil,
                             classifierUnavailableReason: String = "no ticket classifier model is configured",
                             retriever: (any KnowledgeRetriever)? = nil,
                             generator: (any SolutionGenerator)? = nil,
                             generateTimeout: Duration = .seconds(120),
                             guardrails: (any SolutionGuard)? = nil) -> [any PipelineStep] {
        [
            ValidateStep(objects: objects),
            EnrichStep(),
            ocr,
            ClassifyStep(classifier: classifier, unavailableReason: classifierUnavailableReason),
            RetrieveStep(retriever: retriever),
            GenerateStep(generator: generator, timeout: generateTimeout),
            GuardStep(guardrails: guardrails),
            StoreStep(clock: clock),
            NotifyStep(publisher: publisher, clock: clock),
        ]
    }
}
