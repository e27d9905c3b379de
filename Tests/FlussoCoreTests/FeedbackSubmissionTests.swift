import FlussoCore
import Foundation
import Testing

@Suite struct FeedbackSubmissionTests {
    @Test func validFeedbackIsRead() throws {
        let feedback = try FeedbackSubmission.validate(
            .object(["was_helpful": .bool(true), "use_for_training": .bool(true), "rating": .number(5), "comment": .string("fixed")]),
            ticketID: "tkt_x", now: Date())
        #expect(feedback.wasHelpful && feedback.useForTraining && feedback.rating == 5 && feedback.comment == "fixed")
    }

    @Test func wasHelpfulIsRequired() {
        #expect(throws: FlussoError.self) { try FeedbackSubmission.validate(.object(["rating": .number(3)]), ticketID: "t", now: Date()) }
    }

    @Test func ratingMustBeOneToFive() {
        do {
            _ = try FeedbackSubmission.validate(.object(["was_helpful": .bool(true), "rating": .number(7)]), ticketID: "t", now: Date())
            Issue.record("rating 7 was accepted")
        } catch let error as FlussoError {
            #expect(error.field == "rating")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
