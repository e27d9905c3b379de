/// Finds the knowledge-base chunks a ticket's solution should be built on (step 5).
/// Local: the `Knowledge` module's hybrid search; hybrid: OpenSearch k-NN.
public protocol KnowledgeRetriever: Sendable {
    func retrieve(for ticket: Ticket) async throws -> RetrievalResult
}
