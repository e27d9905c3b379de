import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Logging
import Pipeline
import Testing

@Suite struct TicketProcessorTests {
    let directory = TemporaryDirectory()
    let clock = RecordingClock()
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let objects: FileObjectStore
    let outbox: SQLiteOutbox

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        objects = try FileObjectStore(root: directory.path + "/objects")
        outbox = SQLiteOutbox(database: database)
    }

    func standardSteps() -> [any PipelineStep] {
        StandardPipeline.steps(objects: objects, publisher: outbox, clock: clock)
    }

    func processor(_ steps: [any PipelineStep]) -> TicketProcessor {
        TicketProcessor(
            steps: steps, store: store, runner: StepRunner(clock: clock, jitterSource: { 0.5 }), clock: clock,
            logger: Logger(label: "test"))
    }

    func accept(_ body: JSONValue = SampleTickets.validBody) async throws -> Ticket {
        try await IntakeService(store: store, objects: objects, signal: WorkSignal(), clock: clock).accept(body)
    }

    @Test func aTicketRunsTheTenStepsInOrderAndEndsInReview() async throws {
        let ticket = try await accept()
        let result = try await processor(standardSteps()).process(ticketID: ticket.ticketID)
        #expect(result == .finished(.needsReview))
        let records = try await store.stepRecords(ticketID: ticket.ticketID)
        #expect(records.map(\.step) == [.intake, .validate, .enrich, .ocr, .classify, .retrieve, .generate, .guard, .store, .notify])
        #expect(records.filter { $0.status == .skipped }.map(\.step) == [.enrich, .ocr, .classify, .retrieve, .generate, .guard])
        let stored = try #require(try await store.ticket(id: ticket.ticketID))
        #expect(stored.status == .needsReview)
        #expect(stored.statusReason?.contains("no solution was generated") == true)
        #expect(stored.completedAt != nil)
        // Each status change wrote its event with it; the notify step's publication is the same event.
        #expect(try await outbox.events(ticketID: ticket.ticketID).map(\.type) == [.created, .processing, .needsReview])
    }

    @Test func aRunThatDiedAtStepKResumesThereAndNeverRedoesFinishedSteps() async throws {
        let ticket = try await accept()
        let crashAt = 3  // validate, enrich, ocr, classify
        var first = standardSteps()
        first[crashAt] = ScriptedStep(.classify, policy: .once, failures: [FlussoError(.internalError, "worker died")])
        #expect(try await processor(first).process(ticketID: ticket.ticketID) == .retryLater("step classify: worker died"))
        let afterCrash = try await store.stepRecords(ticketID: ticket.ticketID)
        #expect(afterCrash.filter(\.isFinished).map(\.step) == [.intake, .validate, .enrich, .ocr])
        #expect(afterCrash.last?.step == .classify && afterCrash.last?.status == .failed)

        let counted = standardSteps().map { CountingStep($0) }
        #expect(try await processor(counted).process(ticketID: ticket.ticketID) == .finished(.needsReview))
        #expect(counted.map(\.runCount) == [0, 0, 0, 1, 1, 1, 1, 1, 1])
        let records = try await store.stepRecords(ticketID: ticket.ticketID)
        #expect(records.map(\.step) == [.intake, .validate, .enrich, .ocr, .classify, .retrieve, .generate, .guard, .store, .notify])
        #expect(records.allSatisfy { $0.isFinished })
    }

    @Test func aPermanentFailureEndsTheTicketAsFailedWithTheReason() async throws {
        let ticket = try await accept()
        var steps = standardSteps()
        steps[1] = ScriptedStep(.enrich, policy: .standard, failures: [FlussoError(.invalidInput, "contract data is inconsistent")])
        #expect(try await processor(steps).process(ticketID: ticket.ticketID) == .finished(.failed))
        let stored = try #require(try await store.ticket(id: ticket.ticketID))
        #expect(stored.status == .failed)
        #expect(stored.statusReason == "step enrich failed: contract data is inconsistent")
    }

    @Test func validateFailsWhenAnInlineAttachmentVanished() async throws {
        let body: JSONValue = .object([
            "customer": .object(["id": .string("c")]), "symptom_text": .string("s"),
            "attachments": .array([.object(["type": .string("TEXT"), "content_base64": .string("aGVsbG8=")])]),
        ])
        let ticket = try await accept(body)
        try await objects.delete(key: "attachments/\(ticket.ticketID)/att_1")
        #expect(try await processor(standardSteps()).process(ticketID: ticket.ticketID) == .finished(.failed))
        #expect(try await store.ticket(id: ticket.ticketID)?.statusReason?.contains("attachment_missing") == false)
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).last?.error?.code == "attachment_missing")
    }

    @Test func processingAFinishedTicketAgainRunsNothing() async throws {
        let ticket = try await accept()
        _ = try await processor(standardSteps()).process(ticketID: ticket.ticketID)
        let counted = standardSteps().map { CountingStep($0) }
        #expect(try await processor(counted).process(ticketID: ticket.ticketID) == .finished(.needsReview))
        #expect(counted.allSatisfy { $0.runCount == 0 })
    }
}
