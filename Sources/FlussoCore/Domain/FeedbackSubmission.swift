import Foundation

/// Validates a `POST /tickets/{id}/feedback` body.
public enum FeedbackSubmission {
    /// Limits on a body's fields.
    public static let maxCommentCharacters = 4000
    public static let maxReviewerCharacters = 120
    public static let maxEditedSteps = 20
    public static let maxStepCharacters = 2000

    /// The feedback a body describes. `categories`: the categories a `corrected_category` may
    /// name (the classifier's labels); nil when they are not known here (no local classifier),
    /// and then any category-shaped name is taken. `keyName`: the API key's name, when keys
    /// carry names.
    public static func validate(
        _ body: JSONValue, ticketID: String, now: Date, categories: Set<String>? = nil, keyName: String = Feedback.anonymous
    ) throws -> Feedback {
        var checker = FieldChecker()
        guard case .object(let fields) = body else {
            throw FlussoError(.validationFailed, "the body must be a JSON object, not \(body.typeName)", field: "")
        }
        checker.refuseUnknown(
            fields,
            allowed: ["was_helpful", "use_for_training", "rating", "comment", "reviewer", "corrected_category", "edited_steps"],
            prefix: "")
        let helpful = checker.bool(fields["was_helpful"], field: "was_helpful", required: true)
        let training = checker.bool(fields["use_for_training"], field: "use_for_training") ?? false
        let rating = checker.integer(fields["rating"], field: "rating", range: 1...5)
        let comment = checker.string(fields["comment"], field: "comment", max: maxCommentCharacters)
        let reviewer = checker.personName(fields["reviewer"], field: "reviewer", max: maxReviewerCharacters)
        let corrected = checker.string(fields["corrected_category"], field: "corrected_category", max: 64, pattern: .identifier)
        if let corrected, let categories, !categories.contains(corrected) {
            checker.problem(
                "corrected_category", "is not a known category; known: \(categories.sorted().joined(separator: ", "))")
        }
        let steps = editedSteps(fields["edited_steps"], checker: &checker)
        try checker.throwIfProblems()
        return Feedback(
            ticketID: ticketID, wasHelpful: helpful ?? false, useForTraining: training, rating: rating, comment: comment,
            reviewer: reviewer, keyName: keyName, correctedCategory: corrected, editedSteps: steps, createdAt: now)
    }

    private static func editedSteps(_ value: JSONValue?, checker: inout FieldChecker) -> [String]? {
        guard let items = checker.array(value, field: "edited_steps") else { return nil }
        guard (1...maxEditedSteps).contains(items.count) else {
            checker.problem("edited_steps", "must hold 1 to \(maxEditedSteps) steps, not \(items.count)")
            return nil
        }
        var steps: [String] = []
        for (index, item) in items.enumerated() {
            if let step = checker.string(item, field: "edited_steps[\(index)]", required: true, max: maxStepCharacters) {
                steps.append(step)
            }
        }
        return steps.count == items.count ? steps : nil
    }
}
