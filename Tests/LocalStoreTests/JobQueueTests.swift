import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

@Suite struct JobQueueTests {
    let directory = TemporaryDirectory()
    let clock = RecordingClock()
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let queue: SQLiteJobQueue

    init() throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        queue = SQLiteJobQueue(database: database, clock: clock)
    }

    func enqueue(_ count: Int = 1) async throws -> [Ticket] {
        var tickets: [Ticket] = []
        for index in 0..<count {
            let ticket = SampleTickets.ticket(symptom: "ticket \(index)", at: clock.now())
            try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord(at: clock.now()))
            tickets.append(ticket)
        }
        return tickets
    }

    @Test func insertAndEnqueueStoresTheTicketAndAJob() async throws {
        let ticket = try await enqueue()[0]
        #expect(try await store.ticket(id: ticket.ticketID) == ticket)
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).map(\.step) == [.intake])
        let lease = try #require(try await queue.lease(worker: "w", visibility: .seconds(30)))
        #expect(lease.ticketID == ticket.ticketID)
        #expect(lease.receiveCount == 1)
    }

    @Test func aLeasedJobIsInvisibleUntilItsLeaseExpires() async throws {
        _ = try await enqueue()
        let first = try #require(try await queue.lease(worker: "a", visibility: .seconds(30)))
        #expect(try await queue.lease(worker: "b", visibility: .seconds(30)) == nil)
        clock.advance(by: .seconds(29))
        #expect(try await queue.lease(worker: "b", visibility: .seconds(30)) == nil)
        clock.advance(by: .seconds(2))
        let again = try #require(try await queue.lease(worker: "b", visibility: .seconds(30)))
        #expect(again.jobID == first.jobID)
        #expect(again.receiveCount == 2)
    }

    @Test func theFirstHolderLosesAnExpiredLease() async throws {
        _ = try await enqueue()
        let stale = try #require(try await queue.lease(worker: "a", visibility: .seconds(1)))
        clock.advance(by: .seconds(2))
        let fresh = try #require(try await queue.lease(worker: "b", visibility: .seconds(30)))
        await #expect(throws: FlussoError.self) { try await queue.complete(stale) }
        try await queue.complete(fresh)
    }

    @Test func aCompletedJobIsNeverDeliveredAgain() async throws {
        _ = try await enqueue()
        let lease = try #require(try await queue.lease(worker: "a", visibility: .seconds(1)))
        try await queue.complete(lease)
        clock.advance(by: .seconds(3600))
        #expect(try await queue.lease(worker: "a", visibility: .seconds(1)) == nil)
        #expect(try await queue.stats() == QueueStats(ready: 0, inFlight: 0, deadLetters: 0))
    }

    @Test func releaseMakesTheJobVisibleAfterTheDelayWithItsError() async throws {
        _ = try await enqueue()
        let lease = try #require(try await queue.lease(worker: "a", visibility: .seconds(60)))
        try await queue.release(lease, error: "llm down", retryAfter: .seconds(10))
        #expect(try await queue.lease(worker: "a", visibility: .seconds(60)) == nil)
        clock.advance(by: .seconds(10))
        let again = try #require(try await queue.lease(worker: "a", visibility: .seconds(60)))
        #expect(again.receiveCount == 2)
        #expect(again.lastError == "llm down")
    }

    @Test func extendKeepsTheLeaseAlive() async throws {
        _ = try await enqueue()
        let lease = try #require(try await queue.lease(worker: "a", visibility: .seconds(10)))
        clock.advance(by: .seconds(8))
        try await queue.extend(lease, by: .seconds(10))
        clock.advance(by: .seconds(8))
        #expect(try await queue.lease(worker: "b", visibility: .seconds(10)) == nil)
    }

    @Test func deadLetteredJobsAreCountedAndNeverDelivered() async throws {
        let ticket = try await enqueue()[0]
        let lease = try #require(try await queue.lease(worker: "a", visibility: .seconds(1)))
        try await queue.deadLetter(lease, reason: "poison")
        clock.advance(by: .seconds(3600))
        #expect(try await queue.lease(worker: "a", visibility: .seconds(1)) == nil)
        #expect(try await queue.stats().deadLetters == 1)
        let dead = try await queue.deadLetters()
        #expect(dead.count == 1 && dead[0].ticketID == ticket.ticketID && dead[0].reason == "poison")
    }

    @Test func concurrentLeasesNeverShareAJob() async throws {
        _ = try await enqueue(40)
        let leased = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mine: [String] = []
                    while let lease = try await queue.lease(worker: "w\(worker)", visibility: .seconds(60)) {
                        mine.append(lease.ticketID)
                    }
                    return mine
                }
            }
            var all: [String] = []
            for try await part in group { all += part }
            return all
        }
        #expect(leased.count == 40)
        #expect(Set(leased).count == 40)
    }

    @Test func jobsAreDeliveredOldestFirst() async throws {
        let tickets = try await enqueue(3)
        var order: [String] = []
        while let lease = try await queue.lease(worker: "a", visibility: .seconds(60)) { order.append(lease.ticketID) }
        #expect(order == tickets.map(\.ticketID))
    }

    @Test func queueSurvivesReopeningTheFile() async throws {
        let ticket = try await enqueue()[0]
        let reopened = SQLiteJobQueue(database: try SQLiteDatabase(directory: directory.path), clock: clock)
        #expect(try await reopened.lease(worker: "a", visibility: .seconds(1))?.ticketID == ticket.ticketID)
    }
}
