import Foundation

/// Validates a `POST /tickets/{id}/feedback` body.
public enum FeedbackSubmission {
    public static func validate(_ body: JSONValue, ticketID: String, now: Date) throws -> Feedback {
        var checker = FieldChecker()
        guard case .object(let fields) = body else {
            throw FlussoError(.validationFailed, "the body must be a JSON object, not \(body.typeName)", field: "")
        }
        checker.refuseUnknown(fields, allowed: ["was_helpful", "use_for_training", "rating", "comment"], prefix: "")
        let helpful = checker.bool(fields["was_helpful"], field: "was_helpful", required: true)
        let training = checker.bool(fields["use_for_training"], field: "use_for_training") ?? false
        let rating = checker.integer(fields["rating"], field: "rating", range: 1...5)
        let comment = checker.string(fields["comment"], field: "comment", max: 4000)
        try checker.throwIfProblems()
        return Feedback(
            ticketID: ticketID, wasHelpful: helpful ?? false, useForTraining: training,
            rating: rating, comment: comment, createdAt: now)
    }
}
