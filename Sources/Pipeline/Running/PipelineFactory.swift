import FlussoCore

/// The standard step list in the design's order, given the adapters the composition root chose.
public enum StandardPipeline {
    public static func steps(objects: any ObjectStore, publisher: any EventPublisher, clock: any PipelineClock = SystemClock()) -> [any PipelineStep] {
        [
            ValidateStep(objects: objects),
            EnrichStep(),
            OCRStep(),
            ClassifyStep(),
            RetrieveStep(),
            GenerateStep(),
            GuardStep(),
            StoreStep(clock: clock),
            NotifyStep(publisher: publisher, clock: clock),
        ]
    }
}
