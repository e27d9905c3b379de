/// Step 2's search for finished tickets like a new one (embedding of its symptom, error code and
/// product with the knowledge base's embedder; filtered by product model). Local: the pure-Swift
/// HNSW over vectors kept in the database; hybrid (later): OpenSearch k-NN.
public protocol SimilarTicketIndex: Sendable {
    /// The `k` most similar finished tickets, most similar first, never `ticket` itself; only
    /// tickets of the same product model when `ticket` names one.
    func similar(to ticket: Ticket, k: Int) async throws -> [SimilarTicket]
    /// Adds a finished ticket (adding one twice is no error and keeps one entry).
    func add(_ ticket: Ticket) async throws
}
