import FlussoCore

/// The standard step list in the design's order, given the adapters the composition root chose.
public enum StandardPipeline {
    /// `ocr`: step 3 with its extractor (the default has none and is recorded as skipped).
    public static func steps(objects: any ObjectStore, publisher: any EventPublisher, clock: any PipelineClock = SystemClock(),
                             ocr: OCRStep = OCRStep()) -> [any PipelineStep] {
        [
            ValidateStep(objects: objects),
            EnrichStep(),
            ocr,
            ClassifyStep(),
            RetrieveStep(),
            GenerateStep(),
            GuardStep(),
            StoreStep(clock: clock),
            NotifyStep(publisher: publisher, clock: clock),
        ]
    }
}
