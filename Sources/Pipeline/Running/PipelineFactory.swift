import FlussoCore

/// The standard step list in the design's order, given the adapters the composition root chose.
public enum StandardPipeline {
    /// `enrich`: step 2 with its sources (the default has none and is recorded as skipped);
    /// `ocr`: step 3 with its extractor (the default has none and is recorded as skipped);
    /// `classifier` nil keeps the classify step skipped with `classifierUnavailableReason`;
    /// `retriever` nil keeps the retrieve step skipped; `generator` nil keeps the generate step
    /// skipped (its timeout must exceed the generator's own LLM budget); `guardrails` nil keeps
    /// the guard step skipped (and no ticket READY); `similarTickets` is the index the store step
    /// adds finished tickets to (the enrich step searches it).
    public static func steps(
        objects: any ObjectStore, publisher: any EventPublisher, clock: any PipelineClock = SystemClock(),
        enrich: EnrichStep = EnrichStep(),
        ocr: OCRStep = OCRStep(),
        classifier: (any TicketClassifier)? = nil,
        classifierUnavailableReason: String = "no ticket classifier model is configured",
        retriever: (any KnowledgeRetriever)? = nil,
        generator: (any SolutionGenerator)? = nil,
        generateTimeout: Duration = .seconds(120),
        guardrails: (any SolutionGuard)? = nil,
        similarTickets: (any SimilarTicketIndex)? = nil
    ) -> [any PipelineStep] {
        // The order is `StepName.workerSteps`, the one list of it.
        StepName.workerSteps.map { name -> any PipelineStep in
            switch name {
            case .validate: ValidateStep(objects: objects)
            case .enrich: enrich
            case .ocr: ocr
            case .classify: ClassifyStep(classifier: classifier, unavailableReason: classifierUnavailableReason)
            case .retrieve: RetrieveStep(retriever: retriever)
            case .generate: GenerateStep(generator: generator, timeout: generateTimeout)
            case .guard: GuardStep(guardrails: guardrails)
            case .store: StoreStep(clock: clock, similar: similarTickets)
            case .notify: NotifyStep(publisher: publisher, clock: clock)
            case .intake, .feedback: preconditionFailure("\(name) is not a worker step")
            }
        }
    }
}
