import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

@Suite struct FeedbackStoreTests {
    let directory = TemporaryDirectory()

    @Test func onlyHelpfulFeedbackAllowedForTrainingIsExported() async throws {
        let database = try SQLiteDatabase(directory: directory.path)
        let store = SQLiteTicketStore(database: database)
        let feedback = SQLiteFeedbackStore(database: database)
        let ticket = SampleTickets.ticket()
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord())
        let record = StepRecord(step: .feedback, status: .succeeded, attempts: 1, startedAt: Date(), finishedAt: Date(), durationMs: 0)
        for (helpful, training) in [(true, true), (true, false), (false, true)] {
            try await feedback.add(
                Feedback(
                    ticketID: ticket.ticketID, wasHelpful: helpful, useForTraining: training, rating: nil,
                    comment: nil, createdAt: Date()), record: record)
        }
        #expect(try await feedback.feedback(ticketID: ticket.ticketID).count == 3)
        let examples = try await feedback.trainingExamples()
        #expect(examples.count == 1)
        #expect(examples[0].ticket.ticketID == ticket.ticketID)
        #expect(examples[0].feedback.wasHelpful && examples[0].feedback.useForTraining)
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).map(\.step) == [.intake, .feedback])
    }
}
