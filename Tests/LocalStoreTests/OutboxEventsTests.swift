import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

/// Every state change writes its event to the outbox in its own transaction, with a stable id:
/// created, processing, the final status, feedback; the same status saved again writes nothing.
@Suite struct OutboxEventsTests {
    let directory = TemporaryDirectory()
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let outbox: SQLiteOutbox

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        outbox = SQLiteOutbox(database: database)
    }

    func record(_ step: StepName) -> StepRecord {
        StepRecord(step: step, status: .succeeded, attempts: 1, startedAt: Date(), finishedAt: Date(), durationMs: 1)
    }

    @Test func eachStatusChangeWritesItsEventOnce() async throws {
        var ticket = SampleTickets.ticket()
        ticket.callbackURL = "https://portal.example/hooks/flusso"
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        ticket.transition(to: .processing, at: Date())
        try await store.update(ticket)
        try await store.checkpoint(ticket, record: record(.validate))  // same status: no event
        ticket.transition(to: .ready, at: Date())
        try await store.checkpoint(ticket, record: record(.store))
        try await store.update(ticket)  // again: no event
        let events = try await outbox.events(ticketID: ticket.ticketID)
        #expect(events.map(\.type) == [.created, .processing, .completed])
        #expect(events.map(\.status) == [.new, .processing, .ready])
        let suffix = ticket.ticketID.dropFirst(4)
        #expect(events.map(\.eventID) == ["evt_\(suffix)_ticket_created", "evt_\(suffix)_ticket_processing", "evt_\(suffix)_ticket_completed"])
        #expect(events.allSatisfy { $0.callbackURL == "https://portal.example/hooks/flusso" })
        // Feedback: its event in the same transaction, with the feedback's id.
        let feedback = Feedback(ticketID: ticket.ticketID, wasHelpful: true, useForTraining: true, rating: 5, comment: "ok", createdAt: Date())
        try await SQLiteFeedbackStore(database: database).add(feedback, record: record(.feedback))
        let last = try #require(try await outbox.events(ticketID: ticket.ticketID).last)
        #expect(last.type == .feedbackReceived && last.feedbackID == feedback.feedbackID && last.status == .ready)
        #expect(last.eventID == "evt_\(feedback.feedbackID)_feedback_received")
    }

    @Test func aChangeThatFailsWritesNoEvent() async throws {
        var ticket = SampleTickets.ticket()
        ticket.transition(to: .failed, reason: "x", at: Date())
        await #expect(throws: FlussoError.self) { try await store.update(ticket) }  // never stored
        #expect(try await outbox.events(ticketID: ticket.ticketID).isEmpty)
        // A checkpoint refused (the step had finished) rolls its event back with it.
        var stored = SampleTickets.ticket()
        try await store.insertAndEnqueue(stored, intake: SampleTickets.intakeRecord())
        try await store.checkpoint(stored, record: record(.validate))
        stored.transition(to: .failed, reason: "y", at: Date())
        await #expect(throws: FlussoError.self) { try await store.checkpoint(stored, record: record(.validate)) }
        #expect(try await outbox.events(ticketID: stored.ticketID).map(\.type) == [.created])
    }

    @Test func theDeliveredShapeIsTheDesignsEventBridgeEnvelope() throws {
        var ticket = SampleTickets.ticket(at: Date(timeIntervalSince1970: 1_796_000_000))
        ticket.transition(to: .ready, at: Date(timeIntervalSince1970: 1_796_000_060))
        let envelope = EventEnvelope(TicketEvent.reportingStatus(of: ticket))
        let json = try #require(try JSONSerialization.jsonObject(with: try FlussoJSON.encode(envelope)) as? [String: Any])
        #expect(json["source"] as? String == "ai-support" && json["detail-type"] as? String == "ticket.completed")
        #expect(json["id"] as? String == "evt_\(ticket.ticketID.dropFirst(4))_ticket_completed")
        let detail = try #require(json["detail"] as? [String: Any])
        #expect(detail["ticket_id"] as? String == ticket.ticketID && detail["status"] as? String == "READY")
        #expect(detail["timestamp"] as? String == "2026-11-30T00:54:20.000Z")
        // Ids and statuses only: the symptom text (personal data, possibly) is not in it.
        let text = String(decoding: try FlussoJSON.encode(envelope), as: UTF8.self)
        #expect(!text.contains(ticket.symptomText))
    }
}
