import FlussoCore

/// The design's step 3, OCR of attachments.
///
/// Its engine arrives with its own issue; until one is configured the step is recorded as
/// `skipped` with the reason, never faked.
public struct OCRStep: PipelineStep {
    public let name = StepName.ocr
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration

    public init(timeout: Duration = .seconds(120)) {
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        .skipped(reason: "no document text extractor (Poppler/Tesseract) is configured")
    }
}
