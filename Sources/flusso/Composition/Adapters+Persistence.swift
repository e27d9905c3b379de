import FlussoCore
import Knowledge
import LocalStore
import Logging

/// The ports one persistence backend serves together (a ticket is inserted and enqueued in one
/// transaction, and step records, events and feedback live beside it).
struct Persistence: Sendable {
    let store: any TicketStore
    let queue: any JobQueue
    /// The queue's lease of one given ticket, where the backend can do it (SQLite can).
    let directLeasing: (any DirectJobLeasing)?
    let outbox: any EventPublisher
    let feedback: any FeedbackStore
    /// Reviewers' decisions and replaced solution versions.
    let reviews: any TicketReviewStore
    let solutionCache: any SolutionCache
    let knowledgeStore: any KnowledgeStore
    /// Step 2's local sources, and where `flusso enrich import` writes them.
    let customers: any CustomerDirectory
    let assets: any AssetRegistry
    let enrichmentImport: any EnrichmentImportTarget
    /// The finished tickets' embeddings behind the similar-ticket index.
    let ticketVectors: any TicketVectorStore
    /// Step 9's webhook subscriptions.
    let webhooks: any WebhookSubscriptionStore
    /// Step 9's deliveries, planned from the outbox.
    let deliveries: any WebhookDeliveryStore
}

extension Adapters {
    /// `persistence`: SQLite in the data directory.
    static func makePersistence(_ backend: PersistenceBackend) throws -> Persistence {
        switch backend {
        case .sqlite(let directory):
            let database = try SQLiteDatabase(directory: directory)
            let queue = SQLiteJobQueue(database: database)
            let enrichment = SQLiteEnrichmentStore(database: database)
            return Persistence(
                store: SQLiteTicketStore(database: database), queue: queue, directLeasing: queue,
                outbox: SQLiteOutbox(database: database), feedback: SQLiteFeedbackStore(database: database),
                reviews: SQLiteTicketReviewStore(database: database), solutionCache: SQLiteSolutionCache(database: database),
                knowledgeStore: SQLiteKnowledgeStore(database: database),
                customers: enrichment, assets: enrichment, enrichmentImport: enrichment,
                ticketVectors: SQLiteTicketVectorStore(database: database), webhooks: SQLiteWebhookSubscriptionStore(database: database),
                deliveries: SQLiteWebhookDeliveryStore(database: database))
        }
    }

    /// The similar-ticket index of step 2 over the persistence backend's ticket vectors, embedded
    /// by `embedder` (the knowledge base's), its graph saved in `directory`.
    static func makeSimilarTicketIndex(
        persistence: Persistence, embedder: any Embedder, directory: String, logger: Logger
    ) throws -> any SimilarTicketIndex {
        try HNSWSimilarTickets(
            embedder: embedder, vectors: persistence.ticketVectors, feedback: persistence.feedback,
            directory: directory, logger: logger)
    }

    /// `publisher`: where step 9 writes its events.
    static func makePublisher(_ backend: PublisherBackend, persistence: Persistence) -> any EventPublisher {
        switch backend {
        case .outbox: persistence.outbox
        }
    }
}
