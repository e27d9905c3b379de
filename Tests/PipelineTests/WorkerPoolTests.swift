import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Logging
import Pipeline
import Testing

@Suite struct WorkerPoolTests {
    let directory = TemporaryDirectory()
    let runnerClock = RecordingClock()
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let queue: SQLiteJobQueue
    let objects: FileObjectStore

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        queue = SQLiteJobQueue(database: database)
        objects = try FileObjectStore(root: directory.path + "/objects")
    }

    func pool(_ steps: [any PipelineStep], signal: WorkSignal, maxReceives: Int = 5) -> WorkerPool {
        var configuration = WorkerPoolConfiguration()
        configuration.workers = 2
        configuration.maxReceives = maxReceives
        configuration.retryDelay = .zero
        configuration.idlePoll = .milliseconds(20)
        let processor = TicketProcessor(
            steps: steps, store: store, runner: StepRunner(clock: runnerClock, jitterSource: { 0.5 }),
            logger: Logger(label: "test"))
        return WorkerPool(
            configuration: configuration, queue: queue, store: store, processor: processor, signal: signal,
            logger: Logger(label: "test"))
    }

    /// Runs the pool until `done` holds (checked every 10 ms, at most 60 s: a fresh clone's test run
    /// keeps both cores busy, and 20 s once ran out), then stops it.
    func run(_ pool: WorkerPool, until done: @escaping @Sendable () async throws -> Bool) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            let deadline = ContinuousClock.now + .seconds(60)
            while try await !done() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            pool.stop()
            try await group.waitForAll()
        }
    }

    @Test func workersTakeEveryQueuedTicketToAFinalStatus() async throws {
        let signal = WorkSignal()
        let intake = IntakeService(store: store, objects: objects, signal: signal)
        var ids: [String] = []
        for _ in 0..<20 { ids.append(try await intake.accept(SampleTickets.validBody).ticketID) }
        let pool = pool(StandardPipeline.steps(objects: objects, publisher: SQLiteOutbox(database: database)), signal: signal)
        try await run(pool) { try await store.countsByStatus()[.needsReview] == 20 }
        for id in ids {
            #expect(try await store.ticket(id: id)?.status == .needsReview)
            #expect(try await store.stepRecords(ticketID: id).count == 10)
        }
        #expect(try await queue.stats() == QueueStats(ready: 0, inFlight: 0, deadLetters: 0))
    }

    @Test func aTicketThatNeverFinishesGoesToDeadLetterAndFailed() async throws {
        let signal = WorkSignal()
        let ticket = try await IntakeService(store: store, objects: objects, signal: signal).accept(SampleTickets.validBody)
        let alwaysDown = ScriptedStep(
            .enrich, policy: .once, failures: Array(repeating: FlussoError(.serverUnreachable, "CRM unreachable"), count: 50))
        let pool = pool([ValidateStep(objects: objects), alwaysDown], signal: signal, maxReceives: 3)
        try await run(pool) { try await store.ticket(id: ticket.ticketID)?.status == .failed }
        let stored = try #require(try await store.ticket(id: ticket.ticketID))
        #expect(stored.status == .failed)
        #expect(stored.statusReason?.hasPrefix("dead letter after 3 deliveries") == true)
        #expect(stored.statusReason?.contains("CRM unreachable") == true)
        #expect(alwaysDown.runCount == 3)
        #expect(try await queue.stats().deadLetters == 1)
    }

    @Test func stopLetsTheTicketInHandFinish() async throws {
        let signal = WorkSignal()
        let ticket = try await IntakeService(store: store, objects: objects, signal: signal).accept(SampleTickets.validBody)
        let pool = pool(StandardPipeline.steps(objects: objects, publisher: SQLiteOutbox(database: database)), signal: signal)
        try await run(pool) { try await store.ticket(id: ticket.ticketID)?.status != .new }
        let status = try await store.ticket(id: ticket.ticketID)?.status
        #expect(status == .needsReview)
        #expect(try await queue.stats().inFlight == 0)
    }
}
