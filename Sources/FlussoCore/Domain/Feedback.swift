import Foundation

/// A person's verdict on a finished ticket's answer (step 10).
public struct Feedback: Codable, Sendable, Equatable {
    public var feedbackID: String
    public var ticketID: String
    public var wasHelpful: Bool
    public var useForTraining: Bool
    /// 1 to 5 when given.
    public var rating: Int?
    public var comment: String?
    public var createdAt: Date

    public init(
        feedbackID: String = "fb_" + UUID().uuidString.lowercased(), ticketID: String, wasHelpful: Bool,
        useForTraining: Bool, rating: Int?, comment: String?, createdAt: Date
    ) {
        self.feedbackID = feedbackID
        self.ticketID = ticketID
        self.wasHelpful = wasHelpful
        self.useForTraining = useForTraining
        self.rating = rating
        self.comment = comment
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case feedbackID = "feedback_id"
        case ticketID = "ticket_id"
        case wasHelpful = "was_helpful"
        case useForTraining = "use_for_training"
        case rating, comment
        case createdAt = "created_at"
    }
}

/// One line of the training export: an approved, helpful answer with the ticket it answered.
public struct TrainingExample: Codable, Sendable, Equatable {
    public var ticket: Ticket
    public var feedback: Feedback
    public init(ticket: Ticket, feedback: Feedback) {
        self.ticket = ticket
        self.feedback = feedback
    }
}
