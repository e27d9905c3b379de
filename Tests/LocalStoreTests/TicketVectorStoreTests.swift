import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

/// The similar-ticket index's durable half: one row per (embedder, ticket), read back in order.
@Suite struct TicketVectorStoreTests {
    let directory = TemporaryDirectory()

    @Test func vectorsComeBackInOrderOncePerTicketAndEmbedder() async throws {
        let store = SQLiteTicketVectorStore(database: try SQLiteDatabase(directory: directory.path))
        func summary(_ id: String, _ cause: String) -> SimilarTicket {
            SimilarTicket(ticketID: id, similarity: 0, status: .ready, errorCode: "E1", probableCause: cause, steps: ["a", "b"])
        }
        let first = try await store.add(ticketID: "t1", modelID: "m", productModel: "MK4", vector: [0.5, -1.25, 3], summary: summary("t1", "x"))
        let again = try await store.add(ticketID: "t1", modelID: "m", productModel: "MK4", vector: [9, 9, 9], summary: summary("t1", "changed"))
        #expect(first == again)
        try await store.add(ticketID: "t2", modelID: "m", productModel: nil, vector: [1, 2, 3], summary: summary("t2", "y"))
        try await store.add(ticketID: "t1", modelID: "other", productModel: "MK4", vector: [7, 7, 7], summary: summary("t1", "z"))
        let all = try await store.vectors(modelID: "m", after: 0, limit: 10)
        #expect(all.map(\.ticketID) == ["t1", "t2"] && all[0].vector == [0.5, -1.25, 3] && all[1].productModel == nil)
        #expect(try await store.vectors(modelID: "m", after: first, limit: 10).map(\.ticketID) == ["t2"])
        #expect(try await store.vectors(modelID: "m", after: 0, limit: 1).count == 1)
        let labels = try await store.labels(modelID: "m", through: first)
        #expect(labels.map(\.ticketID) == ["t1"] && labels[0].vector.isEmpty && labels[0].productModel == "MK4")
        // The summary kept is the first one; unknown ids are absent.
        let summaries = try await store.summaries(modelID: "m", ticketIDs: ["t1", "t2", "nope"])
        #expect(summaries.count == 2 && summaries["t1"] == summary("t1", "x") && summaries["t2"]?.steps == ["a", "b"])
        #expect(try await store.summaries(modelID: "m", ticketIDs: []).isEmpty)
    }
}
