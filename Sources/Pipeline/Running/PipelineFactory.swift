import FlussoCore

/// The standard step list in the design's order, given the adapters the composition root chose.
public enum StandardPipeline {
    public static func steps(objects: any ObjectStore, publisher: any EventPublisher, clock: any PipelineClock = SystemClock(),
                             retriever: (any KnowledgeRetriever)? = nil) -> [any PipelineStep] {
        [
            ValidateStep(objects: objects),
            EnrichStep(),
            OCRStep(),
            ClassifyStep(),
            RetrieveStep(retriever: retriever),
            GenerateStep(),
            GuardStep(),
            StoreStep(clock: clock),
            NotifyStep(publisher: publisher, clock: clock),
        ]
    }
}
