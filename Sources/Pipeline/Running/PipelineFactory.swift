import FlussoCore

/// The standard step list in the design's order, given the adapters the composition root chose.
public enum StandardPipeline {
    /// `classifier` nil keeps the classify step skipped with `classifierUnavailableReason`;
    /// `retriever` nil keeps the retrieve step skipped.
    public static func steps(objects: any ObjectStore, publisher: any EventPublisher, clock: any PipelineClock = SystemClock(),
                             classifier: (any TicketClassifier)? = nil,
                             classifierUnavailableReason: String = "no ticket classifier model is configured",
                             retriever: (any KnowledgeRetriever)? = nil) -> [any PipelineStep] {
        [
            ValidateStep(objects: objects),
            EnrichStep(),
            OCRStep(),
            ClassifyStep(classifier: classifier, unavailableReason: classifierUnavailableReason),
            RetrieveStep(retriever: retriever),
            GenerateStep(),
            GuardStep(),
            StoreStep(clock: clock),
            NotifyStep(publisher: publisher, clock: clock),
        ]
    }
}
