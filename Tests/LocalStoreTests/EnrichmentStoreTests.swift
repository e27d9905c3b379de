import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

/// The local customer and asset sources: upserts by key, history kept once and read newest first,
/// unknown keys are nil.
@Suite struct EnrichmentStoreTests {
    let directory = TemporaryDirectory("flusso-enrich")

    @Test func customersAndAssetsAreUpsertedByKey() async throws {
        let store = SQLiteEnrichmentStore(database: try SQLiteDatabase(directory: directory.path))
        try await store.upsert(customers: [CustomerRecord(id: "c1", name: "ACME", tier: "gold", slaHours: 4)])
        try await store.upsert(customers: [CustomerRecord(id: "c1", name: "ACME Srl", tier: "silver", slaHours: 8)])
        #expect(try await store.customer(id: "c1") == CustomerRecord(id: "c1", name: "ACME Srl", tier: "silver", slaHours: 8))
        #expect(try await store.customer(id: "nobody") == nil)
        try await store.upsert(assets: [AssetRecord(serial: "SN-1", customerID: "c1", model: "MK4", warrantyEnd: "2030-01-01")])
        #expect(try await store.asset(serial: "SN-1")?.warrantyEnd == "2030-01-01")
        #expect(try await store.asset(serial: "SN-9") == nil)
    }

    @Test func historyIsKeptOnceAndReadNewestFirst() async throws {
        let store = SQLiteEnrichmentStore(database: try SQLiteDatabase(directory: directory.path))
        let events = [
            ServiceEvent(serial: "SN-1", date: "2026-10-02", action: "replaced thermistor", parts: "thermistor"),
            ServiceEvent(serial: "SN-1", date: "2026-11-01", action: "cleaned nozzle"),
            ServiceEvent(serial: "SN-2", date: "2026-11-02", action: "other machine"),
        ]
        try await store.add(history: events)
        try await store.add(history: [events[0]])
        let history = try await store.history(serial: "SN-1", limit: 10)
        #expect(history.map(\.date) == ["2026-11-01", "2026-10-02"])
        #expect(history[1].parts == "thermistor" && history[0].parts == nil)
        #expect(try await store.history(serial: "SN-1", limit: 1).count == 1)
    }

    @Test func theDataSurvivesReopening() async throws {
        try await SQLiteEnrichmentStore(database: try SQLiteDatabase(directory: directory.path))
            .upsert(customers: [CustomerRecord(id: "c7", name: "Kept")])
        let reopened = SQLiteEnrichmentStore(database: try SQLiteDatabase(directory: directory.path))
        #expect(try await reopened.customer(id: "c7")?.name == "Kept")
    }
}
