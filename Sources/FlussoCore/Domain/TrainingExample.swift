import Foundation

/// One line of `flusso feedback export`: a ticket whose answer a person approved or whose category
/// they corrected, allowed for training. The classifier reads `text`, `label`, `error_code` and
/// `product_type` (the default field names of `flusso classifier train --data`); a solution cache
/// reads `solution_steps` with the ticket's `error_code` and `product_model`.
public struct TrainingExample: Codable, Sendable, Equatable {
    /// Where the label comes from.
    public enum LabelSource: String, Codable, Sendable {
        /// The reviewer's `corrected_category`.
        case corrected
        /// The classifier's category, on an answer approved as helpful.
        case approved
    }

    public var text: String
    public var label: String
    public var labelSource: LabelSource
    public var errorCode: String?
    public var productType: String?
    public var productModel: String?
    public var language: String?
    /// What the classifier said, when it classified the ticket.
    public var predictedCategory: String?
    /// The generator whose answer was judged.
    public var generator: String?
    /// The steps a person approved: their edited steps, else the solution's when it helped.
    public var solutionSteps: [String]?
    public var ticketID: String
    public var feedbackID: String
    public var sender: String
    public var feedbackAt: Date

    /// The example a feedback gives, or nil: feedback that does not allow training, that was
    /// replaced, or that neither corrects the category nor approves the answer has no label.
    public init?(ticket: Ticket, feedback: Feedback) {
        guard feedback.useForTraining, feedback.isCurrent, ticket.ticketID == feedback.ticketID else { return nil }
        let predicted = ticket.classification?.category
        if let corrected = feedback.correctedCategory {
            label = corrected
            labelSource = .corrected
        } else if feedback.wasHelpful, let predicted {
            label = predicted
            labelSource = .approved
        } else {
            return nil
        }
        text = ticket.symptomText
        errorCode = ticket.errorCode
        productType = ticket.asset?.productType
        productModel = ticket.asset?.model
        language = ticket.language
        predictedCategory = predicted
        generator = ticket.solution?.generator
        // Steps a person approved: their own edit, or the solution they judged helpful — only if it
        // is still the ticket's version and no reviewer rejected it since.
        let judgedCurrent = ticket.status != .rejected && (feedback.solutionVersion ?? 1) == ticket.solution?.currentVersion
        solutionSteps =
            feedback.editedSteps ?? (feedback.wasHelpful && judgedCurrent ? ticket.solution.map { $0.steps.map(\.text) } : nil)
        ticketID = ticket.ticketID
        feedbackID = feedback.feedbackID
        sender = feedback.sender ?? Feedback.anonymous
        feedbackAt = feedback.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case text, label, language, generator, sender
        case labelSource = "label_source"
        case errorCode = "error_code"
        case productType = "product_type"
        case productModel = "product_model"
        case predictedCategory = "predicted_category"
        case solutionSteps = "solution_steps"
        case ticketID = "ticket_id"
        case feedbackID = "feedback_id"
        case feedbackAt = "feedback_at"
    }
}
