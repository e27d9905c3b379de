import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Logging
import Pipeline
import Testing

/// Step 2 over the local SQLite sources: the customer's contract and SLA, the asset's warranty,
/// age and history on the ticket; unknown ones are found false; no source is a skipped step.
@Suite struct EnrichStepTests {
    let directory = TemporaryDirectory("flusso-enrich-step")
    let context = StepContext(records: [], logger: Logger(label: "test"))
    let created = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30 00:53 UTC

    func store() async throws -> SQLiteEnrichmentStore {
        let store = SQLiteEnrichmentStore(database: try SQLiteDatabase(directory: directory.path))
        try await store.upsert(customers: [CustomerRecord(id: "c1", name: "ACME Srl", tier: "gold", slaHours: 4, contract: "C-7")])
        try await store.upsert(assets: [
            AssetRecord(
                serial: "SN-1", customerID: "c1", productType: "3d-printer", model: "MK4", warrantyEnd: "2030-01-01", installDate: "2025-11-29"),
            AssetRecord(serial: "SN-OLD", model: "MK3", warrantyEnd: "2026-11-28"),
            AssetRecord(serial: "SN-NOW", model: "MK4"),
        ])
        try await store.add(history: [
            ServiceEvent(serial: "SN-1", date: "2026-10-02", action: "replaced thermistor", parts: "thermistor"),
            ServiceEvent(serial: "SN-1", date: "2026-11-01", action: "cleaned nozzle"),
        ])
        return store
    }

    func enrich(_ ticket: Ticket) async throws -> (Ticket, String?) {
        let sources = try await store()
        guard case .completed(let done, let detail) = try await EnrichStep(customers: sources, assets: sources).run(ticket, context: context) else {
            Issue.record("the step did not complete")
            return (ticket, nil)
        }
        return (done, detail)
    }

    @Test func aKnownCustomerAndAssetPutTheirFactsOnTheTicket() async throws {
        let ticket = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), asset: AssetRef(serial: "SN-1"), symptomText: "no heat")
        let (done, detail) = try await enrich(ticket)
        let enrichment = try #require(done.enrichment)
        #expect(enrichment.customer.found && enrichment.customer.tier == "gold" && enrichment.customer.slaHours == 4)
        #expect(enrichment.customer.contract == "C-7" && enrichment.customer.source == "local")
        let asset = try #require(enrichment.asset)
        #expect(asset.found && asset.warranty == .init(status: .inWarranty, ends: "2030-01-01"))
        #expect(asset.ageDays == 366)  // 2025-11-29 to 2026-11-30
        #expect(asset.serviceHistory.map(\.date) == ["2026-11-01", "2026-10-02"])
        // The asset's model and product type fill the ticket's, for classification and retrieval.
        #expect(done.asset == AssetRef(serial: "SN-1", productType: "3d-printer", model: "MK4"))
        #expect(detail == "customer found (gold, SLA 4 h); asset SN-1 in_warranty (ends 2030-01-01), 2 service entries; due 2026-11-30T04:53:20.000Z")
    }

    @Test func theTicketsOwnModelIsKeptAndAnExpiredWarrantySaysSo() async throws {
        let ticket = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), asset: AssetRef(serial: "SN-OLD", model: "MK3S"), symptomText: "x")
        let (done, _) = try await enrich(ticket)
        #expect(done.asset?.model == "MK3S")
        #expect(done.enrichment?.asset?.warranty == .init(status: .expired, ends: "2026-11-28"))
        let unknown = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), asset: AssetRef(serial: "SN-NOW"), symptomText: "x")
        #expect(try await enrich(unknown).0.enrichment?.asset?.warranty.status == .unknown)
    }

    @Test func unknownCustomersAndAssetsAreFoundFalseNotErrors() async throws {
        let ticket = Ticket(createdAt: created, customer: CustomerRef(id: "nobody"), asset: AssetRef(serial: "SN-404"), symptomText: "x")
        let (done, detail) = try await enrich(ticket)
        #expect(done.enrichment?.customer.found == false && done.enrichment?.asset?.found == false)
        #expect(done.enrichment?.asset?.serviceHistory.isEmpty == true)
        #expect(detail == "customer not found; asset SN-404 not found")
        let noSerial = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), symptomText: "x")
        #expect(try await enrich(noSerial).0.enrichment?.asset == nil)
    }

    @Test func theCustomersTierHoursGiveTheTicketItsDueTime() async throws {
        let sources = try await store()
        let ticket = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), symptomText: "no heat")
        let clock = RecordingClock(start: created.addingTimeInterval(3600))
        guard case .completed(let done, _) = try await EnrichStep(customers: sources, assets: sources, clock: clock).run(ticket, context: context)
        else {
            Issue.record("the step did not complete")
            return
        }
        let sla = try #require(done.sla)
        #expect(sla.dueAt == created.addingTimeInterval(4 * 3600) && sla.hours == 4 && sla.basis == "calendar")
        #expect(sla.remainingS == 3 * 3600 && !sla.breached)
        // Business hours 09:00-18:00 UTC: created Monday 00:53, due Monday 13:00.
        let business = try SLACalendar(timeZone: "UTC", workingHours: "09:00-18:00", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [])
        guard
            case .completed(let counted, _) = try await EnrichStep(customers: sources, assets: sources, slaCalendar: business, clock: clock).run(
                ticket, context: context)
        else { return }
        #expect(counted.sla?.dueAt == Date(timeIntervalSince1970: 1_795_996_800 + 13 * 3600) && counted.sla?.basis == "business")
        // A customer without SLA hours, or not found, gives no due time.
        let unknown = Ticket(createdAt: created, customer: CustomerRef(id: "nobody"), symptomText: "x")
        guard case .completed(let none, _) = try await EnrichStep(customers: sources, assets: sources).run(unknown, context: context) else { return }
        #expect(none.sla == nil)
    }

    @Test func aSimilarSearchThatFailsLeavesTheStepPartialAndTheTicketGoesOn() async throws {
        let sources = try await store()
        let ticket = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), asset: AssetRef(serial: "SN-1"), symptomText: "no heat")
        let step = EnrichStep(customers: sources, assets: sources, similar: UnavailableSimilarTickets())
        guard case .partial(let done, let reason) = try await step.run(ticket, context: context) else {
            Issue.record("expected partial")
            return
        }
        #expect(reason.hasPrefix("similar tickets unavailable: ") && reason.contains("connection refused"), "\(reason)")
        // Everything else is there.
        #expect(done.enrichment?.customer.found == true && done.enrichment?.asset?.found == true && done.sla != nil)
        #expect(done.enrichment?.similarTickets == nil)
        // The runner records it as partial, a finished step.
        let run = await StepRunner(clock: RecordingClock()).run(step, ticket: ticket, context: context)
        #expect(run.record.status == .partial && run.record.isFinished && run.ticket.enrichment?.customer.found == true)
        // Turned off (0): no search, no partial.
        let off = EnrichStep(customers: sources, assets: sources, similar: UnavailableSimilarTickets(), similarTickets: 0)
        guard case .completed = try await off.run(ticket, context: context) else {
            Issue.record("expected completed with the search off")
            return
        }
    }

    @Test func aFinishedTicketTheIndexCannotTakeIsStillStored() async throws {
        var ticket = Ticket(createdAt: created, customer: CustomerRef(id: "c1"), symptomText: "no heat")
        ticket.transition(to: .processing, at: created)
        let step = StoreStep(clock: RecordingClock(), similar: UnavailableSimilarTickets())
        guard case .completed(let done, let detail) = try await step.run(ticket, context: context) else {
            Issue.record("expected completed")
            return
        }
        #expect(done.status == .needsReview)
        #expect(detail?.contains("not added to the similar-ticket index: ") == true && detail?.contains("connection refused") == true)
    }

    @Test func withoutSourcesTheStepIsSkippedSayingWhy() async throws {
        guard case .skipped(let reason) = try await EnrichStep().run(SampleTickets.ticket(), context: context) else {
            Issue.record("expected skipped")
            return
        }
        #expect(reason.contains("no customer directory"))
    }
}

/// Fault injection: a similar-ticket index whose embedding server refuses connections.
struct UnavailableSimilarTickets: SimilarTicketIndex {
    func similar(to ticket: Ticket, k: Int) async throws -> [SimilarTicket] {
        throw FlussoError(.embeddingServerUnavailable, "connection refused by 127.0.0.1:9")
    }
    func add(_ ticket: Ticket) async throws {
        throw FlussoError(.embeddingServerUnavailable, "connection refused by 127.0.0.1:9")
    }
}
