import FlussoCore
import Foundation
import Logging
import VectorIndex

/// The local `SimilarTicketIndex`: each finished ticket's embedding (its retrieval query text
/// without OCR: symptom, error code, product type and model, embedded as a query with the
/// knowledge base's embedder) kept durably in a `TicketVectorStore`, searched through the
/// pure-Swift HNSW. The graph is derived data: it is saved as `tickets-<model>.hnsw` beside the
/// knowledge base's index every `snapshotEvery` additions, loaded at the next start, and caught up
/// from the store before each search, so tickets finished by another process (or after the last
/// save) are found too. Each entry keeps what a search shows of its ticket (status, cause, first
/// steps), so a search reads one row per hit instead of decoding whole tickets; only feedback,
/// which can come later, is read at search time.
public actor HNSWSimilarTickets: SimilarTicketIndex {
    private let embedder: any Embedder
    private let vectors: any TicketVectorStore
    private let feedback: any FeedbackStore
    private let logger: Logger
    private let indexPath: String
    private let manifestPath: String
    private let snapshotEvery: Int
    /// The search's candidate list (nil: the index's default).
    private let efSearch: Int?
    private var index: HNSWIndex?
    /// Highest sequence number in the graph, and in the last saved snapshot.
    private var caughtUp: Int64 = 0
    private var savedThrough: Int64 = 0
    private var ticketOfKey: [UInt64: String] = [:]
    private var keyOfTicket: [String: UInt64] = [:]
    private var keysByModel: [String: Set<UInt64>] = [:]

    /// `directory` holds the saved graph (the knowledge base's index directory);
    /// `snapshotEvery` is how many added tickets make the graph be saved again; `efSearch` the
    /// search's candidate list (nil: the index's default).
    public init(
        embedder: any Embedder, vectors: any TicketVectorStore, feedback: any FeedbackStore,
        directory: String, snapshotEvery: Int = 1000, efSearch: Int? = nil, logger: Logger
    ) throws {
        self.efSearch = efSearch
        self.embedder = embedder
        self.vectors = vectors
        self.feedback = feedback
        self.logger = logger
        self.snapshotEvery = max(1, snapshotEvery)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stem = "tickets-" + HNSWChunkIndex.fileStem(for: embedder.modelID)
        indexPath = (directory as NSString).appendingPathComponent(stem + ".hnsw")
        manifestPath = (directory as NSString).appendingPathComponent(stem + ".json")
    }

    /// The text a ticket is embedded from: the retrieval query without attachment text, so the
    /// retrieve step's query embedding is the same vector when OCR added nothing.
    public static func text(for ticket: Ticket) -> String {
        RetrievalQueryBuilder.query(for: ticket).text
    }

    public func similar(to ticket: Ticket, k: Int) async throws -> [SimilarTicket] {
        guard k > 0 else { return [] }
        let vector = try await embed(ticket)
        try await catchUp()
        guard let index, index.count > 0 else { return [] }
        var filter: SearchFilter?
        if let model = Self.modelKey(ticket.asset?.model) {
            guard let keys = keysByModel[model], !keys.isEmpty else { return [] }
            filter = .allowList(keys)
        }
        let own = keyOfTicket[ticket.ticketID]
        let hits: [SearchResult]
        do {
            hits = try index.search(vector, k: min(k + 1, index.count), ef: efSearch, filter: filter)
        } catch let error as VectorIndexError {
            throw error.flussoError
        }
        let hitList = hits.filter { $0.id != own }.prefix(k).compactMap { hit in
            ticketOfKey[hit.id].map { (ticketID: $0, similarity: Double(1 - hit.distance)) }
        }
        // What the index stored when each ticket finished (one read), and the newest feedback on
        // each, read at once (feedback may come later than the ticket's end).
        let feedback = self.feedback
        async let stored = vectors.summaries(modelID: embedder.modelID, ticketIDs: hitList.map(\.ticketID))
        let verdicts = try await withThrowingTaskGroup(of: (String, Bool?).self) { group in
            for hit in hitList {
                group.addTask { (hit.ticketID, try await feedback.feedback(ticketID: hit.ticketID).last?.wasHelpful) }
            }
            var byTicket: [String: Bool] = [:]
            for try await (ticketID, helpful) in group { byTicket[ticketID] = helpful }
            return byTicket
        }
        let summaries = try await stored
        var results: [SimilarTicket] = []
        for hit in hitList {
            guard var summary = summaries[hit.ticketID] else { continue }
            summary.similarity = (hit.similarity * 10_000).rounded() / 10_000
            summary.helpful = verdicts[hit.ticketID]
            results.append(summary)
        }
        return results
    }

    public func add(_ ticket: Ticket) async throws {
        let vector = try await embed(ticket)
        try await vectors.add(
            ticketID: ticket.ticketID, modelID: embedder.modelID, productModel: Self.modelKey(ticket.asset?.model), vector: vector,
            summary: Self.summary(of: ticket))
        try await catchUp()
    }

    /// Loads the saved graph (once), adds what the store holds beyond it, and saves the graph
    /// again when `snapshotEvery` tickets were added since the last save.
    public func catchUp() async throws {
        if index == nil { try await open() }
        while true {
            let batch = try await vectors.vectors(modelID: embedder.modelID, after: caughtUp, limit: 4096)
            guard let last = batch.last else { break }
            // Another call may have added some of these while this one waited (actor reentrancy).
            let fresh = batch.filter { keyOfTicket[$0.ticketID] == nil && $0.seq > caughtUp }
            if !fresh.isEmpty {
                do {
                    try index?.insert(contentsOf: fresh.map { (id: UInt64($0.seq), vector: $0.vector) })
                } catch let error as VectorIndexError {
                    throw error.flussoError
                }
                for entry in fresh { remember(entry) }
            }
            caughtUp = max(caughtUp, last.seq)
        }
        if caughtUp - savedThrough >= Int64(snapshotEvery) { save() }
    }

    /// Saves the graph now (also done every `snapshotEvery` additions).
    public func save() {
        guard let index else { return }
        do {
            try index.save(to: indexPath)
            try VectorManifest(modelID: embedder.modelID, dimensions: embedder.dimensions, chunkCount: index.count, maxKey: caughtUp)
                .save(manifestPath)
            savedThrough = caughtUp
        } catch {
            // The store keeps every vector: the next start catches up from the last good save.
            logger.warning("could not save the similar-ticket index", metadata: ["path": "\(indexPath)", "error": "\(error)"])
        }
    }

    /// What a search shows of a finished ticket, kept with its vector (so a search decodes no
    /// whole ticket): status, error code, model, the solution's cause and first three steps.
    public static func summary(of ticket: Ticket) -> SimilarTicket {
        SimilarTicket.summary(of: ticket)
    }

    /// How many tickets the graph holds.
    public func count() -> Int { index?.count ?? 0 }

    private func open() async throws {
        if let manifest = VectorManifest.load(manifestPath), manifest.modelID == embedder.modelID,
            manifest.dimensions == embedder.dimensions, let loaded = try? HNSWIndex.load(from: indexPath),
            loaded.dimensions == embedder.dimensions, loaded.count == manifest.chunkCount
        {
            let labels = try await vectors.labels(modelID: embedder.modelID, through: manifest.maxKey)
            // Another call opened the index while this one waited (actor reentrancy): keep that one.
            guard index == nil else { return }
            if labels.count == loaded.count, labels.allSatisfy({ loaded.contains(id: UInt64($0.seq)) }) {
                index = loaded
                for entry in labels { remember(entry) }
                caughtUp = manifest.maxKey
                savedThrough = manifest.maxKey
                return
            }
            logger.notice("the saved similar-ticket index does not match the database: rebuilding it", metadata: ["path": "\(indexPath)"])
        }
        do {
            index = try HNSWIndex(dimensions: embedder.dimensions, metric: .cosine)
        } catch let error as VectorIndexError {
            throw error.flussoError
        }
        ticketOfKey = [:]
        keyOfTicket = [:]
        keysByModel = [:]
        caughtUp = 0
        savedThrough = 0
    }

    private func remember(_ entry: TicketVector) {
        let key = UInt64(entry.seq)
        ticketOfKey[key] = entry.ticketID
        keyOfTicket[entry.ticketID] = key
        if let model = entry.productModel { keysByModel[model, default: []].insert(key) }
    }

    private func embed(_ ticket: Ticket) async throws -> [Float] {
        guard let vector = try await embedder.embed([Self.text(for: ticket)], role: .query).first else {
            throw FlussoError(.embeddingFailed, "the embedder returned no vector for ticket \(ticket.ticketID)")
        }
        return vector
    }

    /// The product model as filters compare it (upper-cased, trimmed); nil when empty.
    static func modelKey(_ model: String?) -> String? {
        guard let model = model?.trimmingCharacters(in: .whitespaces).uppercased(), !model.isEmpty else { return nil }
        return model
    }
}
