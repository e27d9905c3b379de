import Embeddings
import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Logging
import Testing

@testable import Knowledge

/// Similar finished tickets: the same product model only, never the ticket itself, with status,
/// cause and feedback; durable across restarts and visible to a second process on the same data.
@Suite struct SimilarTicketsTests {
    let directory = TemporaryDirectory("flusso-similar")
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let feedback: SQLiteFeedbackStore
    let vectors: SQLiteTicketVectorStore

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        feedback = SQLiteFeedbackStore(database: database)
        vectors = SQLiteTicketVectorStore(database: database)
    }

    func index(snapshotEvery: Int = 1000) throws -> HNSWSimilarTickets {
        try HNSWSimilarTickets(
            embedder: HashingEmbedder(), vectors: vectors, feedback: feedback, directory: directory.path + "/kb",
            snapshotEvery: snapshotEvery, logger: Logger(label: "test"))
    }

    /// A finished ticket, stored, with a solution naming `cause`.
    func finished(_ symptom: String, code: String?, model: String?, cause: String, status: TicketStatus = .ready) async throws -> Ticket {
        var ticket = Ticket(createdAt: Date(), customer: CustomerRef(id: "c"), asset: AssetRef(model: model), errorCode: code, symptomText: symptom)
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        ticket.solution = Solution(
            probableCause: cause, steps: [SolutionStep(order: 1, text: "Check the thermistor cable", citations: [])], citations: [],
            safetyFlags: [], generator: "extractive", model: nil, language: "en", generatedAt: Date())
        ticket.transition(to: status, reason: status == .needsReview ? "guardrails" : nil, at: Date())
        try await store.update(ticket)
        return ticket
    }

    @Test func theMostSimilarTicketsOfTheSameModelComeBackWithTheirOutcome() async throws {
        let similar = try index()
        let mintemp = try await finished("Printer stops with MINTEMP error on the hotend", code: "E101", model: "MK4", cause: "thermistor broken")
        let heatbed = try await finished("The heatbed does not heat up at all", code: "E202", model: "MK4", cause: "heatbed connector loose")
        let otherModel = try await finished("Printer stops with MINTEMP error on the hotend", code: "E101", model: "MK3", cause: "thermistor broken")
        for ticket in [mintemp, heatbed, otherModel] { try await similar.add(ticket) }
        try await similar.add(mintemp)  // twice: one entry
        #expect(await similar.count() == 3)
        try await feedback.add(
            Feedback(ticketID: mintemp.ticketID, wasHelpful: true, useForTraining: true, rating: 5, comment: nil, createdAt: Date()),
            record: StepRecord(step: .feedback, status: .succeeded, attempts: 1, startedAt: Date(), finishedAt: Date(), durationMs: 1))

        let new = Ticket(
            createdAt: Date(), customer: CustomerRef(id: "c"), asset: AssetRef(model: "mk4"), errorCode: "E101",
            symptomText: "MINTEMP error, printer stops")
        let found = try await similar.similar(to: new, k: 5)
        #expect(found.map(\.ticketID) == [mintemp.ticketID, heatbed.ticketID])
        let best = try #require(found.first)
        #expect(best.similarity > found[1].similarity && best.similarity <= 1)
        #expect(best.status == .ready && best.probableCause == "thermistor broken" && best.helpful == true && best.errorCode == "E101")
        #expect(best.steps == ["Check the thermistor cable"] && found[1].helpful == nil)
        // Never the ticket itself; k bounds the answer; a model nobody had gives nothing.
        #expect(try await similar.similar(to: mintemp, k: 5).map(\.ticketID) == [heatbed.ticketID])
        #expect(try await similar.similar(to: new, k: 1).count == 1)
        var unknownModel = new
        unknownModel.asset = AssetRef(model: "XL")
        #expect(try await similar.similar(to: unknownModel, k: 5).isEmpty)
        // No model: every model is searched.
        var anyModel = new
        anyModel.asset = nil
        #expect(Set(try await similar.similar(to: anyModel, k: 5).map(\.ticketID)) == [mintemp.ticketID, heatbed.ticketID, otherModel.ticketID])
    }

    @Test func theIndexSurvivesARestartAndSeesTicketsAddedByAnotherProcess() async throws {
        let first = try index(snapshotEvery: 2)
        let a = try await finished("Filament runout sensor triggers with filament loaded", code: nil, model: "MK4", cause: "sensor dirty")
        let b = try await finished("Nozzle clogged, under-extrusion on every layer", code: nil, model: "MK4", cause: "clog")
        try await first.add(a)
        try await first.add(b)  // the second addition saves the graph
        #expect(
            FileManager.default.fileExists(
                atPath: directory.path + "/kb/tickets-" + HNSWChunkIndex.fileStem(for: HashingEmbedder().modelID) + ".hnsw"))
        // A second process (another instance on the same database) adds one more.
        let second = try index(snapshotEvery: 1000)
        let c = try await finished("Filament runout sensor false alarm", code: nil, model: "MK4", cause: "sensor misaligned")
        try await second.add(c)
        let query = Ticket(
            createdAt: Date(), customer: CustomerRef(id: "c"), asset: AssetRef(model: "MK4"), symptomText: "filament runout sensor triggers")
        let fromFirst = try await first.similar(to: query, k: 3)
        #expect(Set(fromFirst.map(\.ticketID)) == [a.ticketID, b.ticketID, c.ticketID])
        // A restart loads the saved graph and catches up on what came after it.
        let restarted = try index()
        #expect(try await restarted.similar(to: query, k: 3).map(\.ticketID) == fromFirst.map(\.ticketID))
        #expect(await restarted.count() == 3)
        // A damaged graph file is rebuilt from the database, not trusted.
        try Data("not an index".utf8).write(
            to: URL(fileURLWithPath: directory.path + "/kb/tickets-" + HNSWChunkIndex.fileStem(for: HashingEmbedder().modelID) + ".hnsw"))
        #expect(try await index().similar(to: query, k: 3).map(\.ticketID) == fromFirst.map(\.ticketID))
    }

    @Test func oneQueryIsEmbeddedOnceForAllItsUsers() async throws {
        let counting = CountingEmbedder()
        let memo = MemoizedQueryEmbedder(counting, capacity: 2)
        _ = try await memo.embed(["a"], role: .query)
        _ = try await memo.embed(["a"], role: .query)
        #expect(counting.calls == 1)
        _ = try await memo.embed(["a"], role: .passage)  // passages are not remembered
        _ = try await memo.embed(["b"], role: .query)
        _ = try await memo.embed(["c"], role: .query)  // evicts "a" (capacity 2)
        _ = try await memo.embed(["a"], role: .query)
        #expect(counting.calls == 5)
        #expect(try await memo.embed(["c"], role: .query) == (try await HashingEmbedder().embed(["c"], role: .query)))
    }
}

/// Counts the calls that reach the real embedder behind it.
final class CountingEmbedder: Embedder, @unchecked Sendable {
    private let base = HashingEmbedder()
    private let lock = NSLock()
    private var count = 0
    var calls: Int { lock.withLock { count } }
    var dimensions: Int { base.dimensions }
    var modelID: String { base.modelID }
    func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        lock.withLock { count += 1 }
        return try await base.embed(texts, role: role)
    }
}
