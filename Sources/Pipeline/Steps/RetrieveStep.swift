import FlussoCore

/// The design's step 5, retrieve: embed the ticket's query, k-NN with filters on product model
/// and error code, fuse with BM25, re-rank, keep the top 5 on the ticket (`retrieval`).
///
/// Without a configured knowledge base the step is recorded as `skipped` with the reason.
public struct RetrieveStep: PipelineStep {
    public let name = StepName.retrieve
    public let retryPolicy = RetryPolicy.retrieval
    public let timeout: Duration
    private let retriever: (any KnowledgeRetriever)?

    public init(retriever: (any KnowledgeRetriever)? = nil, timeout: Duration = .seconds(30)) {
        self.retriever = retriever
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let retriever else {
            return .skipped(reason: "the knowledge base is empty or not configured (run `flusso kb ingest kb/`)")
        }
        let result = try await retriever.retrieve(for: ticket)
        var updated = ticket
        updated.retrieval = result
        let ids = result.results.map(\.chunk.chunkID).joined(separator: ", ")
        return .completed(updated, detail: "\(result.results.count) chunks at filter level \(result.filterLevel.rawValue): \(ids)")
    }
}
