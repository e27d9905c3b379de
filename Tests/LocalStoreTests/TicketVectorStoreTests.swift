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
        let first = try await store.add(ticketID: "t1", modelID: "m", productModel: "MK4", vector: [0.5, -1.25, 3])
        let again = try await store.add(ticketID: "t1", modelID: "m", productModel: "MK4", vector: [9, 9, 9])
        #expect(first == again)
        try await store.add(ticketID: "t2", modelID: "m", productModel: nil, vector: [1, 2, 3])
        try await store.add(ticketID: "t1", modelID: "other", productModel: "MK4", vector: [7, 7, 7])
        let all = try await store.vectors(modelID: "m", after: 0, limit: 10)
        #expect(all.map(\.ticketID) == ["t1", "t2"] && all[0].vector == [0.5, -1.25, 3] && all[1].productModel == nil)
        #expect(try await store.vectors(modelID: "m", after: first, limit: 10).map(\.ticketID) == ["t2"])
        #expect(try await store.vectors(modelID: "m", after: 0, limit: 1).count == 1)
        let labels = try await store.labels(modelID: "m", through: first)
        #expect(labels.map(\.ticketID) == ["t1"] && labels[0].vector.isEmpty && labels[0].productModel == "MK4")
    }
}
