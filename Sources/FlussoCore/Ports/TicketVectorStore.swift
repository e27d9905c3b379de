/// One finished ticket's embedding, as the similar-ticket index keeps it.
public struct TicketVector: Sendable, Equatable {
    /// Insertion order within the store: the index's key, and how far a reader has caught up.
    public var seq: Int64
    public var ticketID: String
    /// The ticket's product model, upper-cased (the search's filter); nil when it named none.
    public var productModel: String?
    public var vector: [Float]

    public init(seq: Int64, ticketID: String, productModel: String?, vector: [Float]) {
        self.seq = seq
        self.ticketID = ticketID
        self.productModel = productModel
        self.vector = vector
    }
}

/// The durable half of the similar-ticket index: every finished ticket's vector, per embedder,
/// in insertion order. The graph is derived from it (and rebuilt or caught up from it), so a
/// crash or a second process never loses a ticket. Local: a SQLite table.
public protocol TicketVectorStore: Sendable {
    /// Stores the vector of `ticketID` under `modelID`, with what a search shows of the ticket
    /// (`summary`: its outcome, without similarity and feedback); a ticket already stored for that
    /// model is left as it is. Returns the entry's sequence number.
    @discardableResult
    func add(ticketID: String, modelID: String, productModel: String?, vector: [Float], summary: SimilarTicket) async throws -> Int64
    /// The summaries stored for `ticketIDs` under `modelID` (one read; unknown ids are absent).
    func summaries(modelID: String, ticketIDs: [String]) async throws -> [String: SimilarTicket]
    /// Up to `limit` vectors of `modelID` with a sequence number above `seq`, in order.
    func vectors(modelID: String, after seq: Int64, limit: Int) async throws -> [TicketVector]
    /// Every entry of `modelID` up to and including `seq`, without its vector (`vector` empty):
    /// what a saved graph needs to name its keys again.
    func labels(modelID: String, through seq: Int64) async throws -> [TicketVector]
}
