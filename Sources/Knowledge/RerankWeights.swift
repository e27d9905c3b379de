/// The re-ranker's weights, with documented defaults (`kb.rerank_*`).
///
/// score = fused / best fused, where fused = 1/(`rrfK` + dense rank) + `lexicalWeight`/(`rrfK` + BM25 rank)
///       + `errorCode` if the chunk carries the ticket's error code
///       + `model` if it is tagged with the ticket's product model
///       + `overlap` × share of the query's content words found in the chunk
///       + `cosine` × dense cosine similarity (when the chunk was a dense hit)
///
/// The defaults were chosen by leave-one-set-out cross-validation over the manual and catalogue
/// sets of `scripts/eval-retrieval --tune` (docs/retrieval.md), never on the sample knowledge base
/// alone: word overlap (on stems, same language only) leads, the fusion orders chunks that share
/// as many of the query's words, and the dense cosine adds nothing the dense rank does not.
/// `errorCode` and `model` were kept from the sample KB (the tuning sets carry no codes or models).
public struct RerankWeights: Sendable, Equatable, Codable {
    public var rrfK: Double
    public var lexicalWeight: Double
    public var errorCode: Double
    public var model: Double
    public var overlap: Double
    public var cosine: Double

    public init(
        rrfK: Double = 2, lexicalWeight: Double = 0.5, errorCode: Double = 0.6, model: Double = 0.25, overlap: Double = 2.5,
        cosine: Double = 0
    ) {
        self.rrfK = rrfK
        self.lexicalWeight = lexicalWeight
        self.errorCode = errorCode
        self.model = model
        self.overlap = overlap
        self.cosine = cosine
    }
}
