import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

@Suite struct TicketStoreTests {
    let directory = TemporaryDirectory()
    let store: SQLiteTicketStore

    init() throws {
        store = SQLiteTicketStore(database: try SQLiteDatabase(directory: directory.path))
    }

    func record(_ step: StepName, _ status: StepStatus) -> StepRecord {
        StepRecord(step: step, status: status, attempts: 1, startedAt: Date(), finishedAt: Date(), durationMs: 1)
    }

    @Test func checkpointSavesTicketAndRecordTogether() async throws {
        var ticket = SampleTickets.ticket()
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        ticket.transition(to: .processing, at: Date())
        try await store.checkpoint(ticket, record: record(.validate, .succeeded))
        #expect(try await store.ticket(id: ticket.ticketID)?.status == .processing)
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).map(\.step) == [.intake, .validate])
    }

    @Test func aFinishedStepIsNeverOverwritten() async throws {
        let ticket = SampleTickets.ticket()
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        try await store.checkpoint(ticket, record: record(.validate, .succeeded))
        await #expect(throws: FlussoError.self) { try await store.checkpoint(ticket, record: record(.validate, .succeeded)) }
    }

    @Test func aFailedStepMayBeRecordedAgain() async throws {
        let ticket = SampleTickets.ticket()
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        try await store.checkpoint(ticket, record: record(.enrich, .failed))
        try await store.checkpoint(ticket, record: record(.enrich, .succeeded))
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).last?.status == .succeeded)
    }

    @Test func recordsComeBackInTheDesignsOrder() async throws {
        let ticket = SampleTickets.ticket()
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        try await store.checkpoint(ticket, record: record(.notify, .succeeded))
        try await store.checkpoint(ticket, record: record(.ocr, .skipped))
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).map(\.step) == [.intake, .ocr, .notify])
    }

    @Test func unknownTicketIsNil() async throws {
        #expect(try await store.ticket(id: Ticket.newID()) == nil)
    }

    @Test func pagesAreNewestFirstWithoutGapsOrRepeats() async throws {
        var ids: [String] = []
        for index in 0..<7 {
            let ticket = SampleTickets.ticket(symptom: "t\(index)")
            try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
            ids.append(ticket.ticketID)
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await store.list(status: nil, limit: 3, cursor: cursor)
            seen += page.tickets.map(\.ticketID)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.reversed())
    }

    @Test func listFiltersByStatus() async throws {
        var done = SampleTickets.ticket()
        try await store.insertAndEnqueue(done, intake: SampleTickets.intakeRecord())
        try await store.insertAndEnqueue(SampleTickets.ticket(), intake: SampleTickets.intakeRecord())
        done.transition(to: .ready, at: Date())
        try await store.update(done)
        let page = try await store.list(status: .ready, limit: 10, cursor: nil)
        #expect(page.tickets.map(\.ticketID) == [done.ticketID])
        #expect(try await store.countsByStatus()[.new] == 1)
        #expect(try await store.countsByStatus()[.ready] == 1)
    }

    @Test func aForgedCursorIsRefused() async throws {
        await #expect(throws: FlussoError.self) { try await store.list(status: nil, limit: 3, cursor: "zzz") }
    }

    @Test func concurrentIntakeIsGroupCommittedAndLosesNothing() async throws {
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let ticket = SampleTickets.ticket(symptom: "burst \(index)")
                    try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
                    return ticket.ticketID
                }
            }
            var all: [String] = []
            for try await id in group { all.append(id) }
            return all
        }
        #expect(Set(ids).count == 300)
        #expect(try await store.countsByStatus()[.new] == 300)
    }

    @Test func aDuplicateIDFailsAloneInItsBatch() async throws {
        let ticket = SampleTickets.ticket()
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        let results = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())) != nil }
            for _ in 0..<5 {
                group.addTask { (try? await store.insertAndEnqueue(SampleTickets.ticket(), intake: SampleTickets.intakeRecord())) != nil }
            }
            var all: [Bool] = []
            for await ok in group { all.append(ok) }
            return all
        }
        #expect(results.filter { !$0 }.count == 1)
        #expect(try await store.countsByStatus()[.new] == 6)
    }

    @Test func overdueTicketsAreTheOnesPastTheirDueTimeWithoutACheckedAnswer() async throws {
        let now = Date()
        func ticket(due offset: TimeInterval?, status: TicketStatus) async throws -> String {
            var ticket = SampleTickets.ticket()
            try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
            ticket.sla = offset.map { TicketSLA(dueAt: now.addingTimeInterval($0), hours: 4, basis: "calendar") }
            ticket.transition(to: status, reason: status == .needsReview ? "guardrails" : nil, at: now)
            try await store.update(ticket)
            return ticket.ticketID
        }
        let late = try await ticket(due: -60, status: .needsReview)
        let lateProcessing = try await ticket(due: -1, status: .processing)
        _ = try await ticket(due: -60, status: .ready)  // answered: the clock stopped
        _ = try await ticket(due: 3600, status: .needsReview)  // not yet due
        _ = try await ticket(due: nil, status: .failed)  // no SLA
        #expect(try await store.overdueCount(at: now) == 2)
        let first = try await store.list(TicketFilter(overdueAt: now), limit: 1, cursor: nil)
        let second = try await store.list(TicketFilter(overdueAt: now), limit: 1, cursor: first.nextCursor)
        #expect(first.tickets.map(\.ticketID) + second.tickets.map(\.ticketID) == [lateProcessing, late] && second.nextCursor == nil)
        let both = try await store.list(TicketFilter(status: .needsReview, overdueAt: now), limit: 10, cursor: nil)
        #expect(both.tickets.map(\.ticketID) == [late])
    }
}
