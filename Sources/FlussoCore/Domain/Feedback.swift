import Foundation

/// A person's verdict on a finished ticket's answer (step 10).
///
/// Who sent it is `reviewer` when the body names one, else the API key's name once keys carry
/// names: that is the `sender`. A second feedback on the same ticket from the same sender
/// replaces the first, which stays in the history with `superseded_by` and `superseded_at` set.
/// Feedback with no sender (no reviewer, an unnamed key) replaces nothing: two people who did
/// not say who they are are not taken for one. Until keys carry names the `reviewer` field is
/// taken on trust.
public struct Feedback: Codable, Sendable, Equatable {
    /// The sender of feedback whose request names no reviewer and carries no named key.
    public static let anonymous = "anonymous"

    public var feedbackID: String
    public var ticketID: String
    public var wasHelpful: Bool
    public var useForTraining: Bool
    /// 1 to 5 when given.
    public var rating: Int?
    public var comment: String?
    /// The person who reviewed the answer, as the body names them.
    public var reviewer: String?
    /// The name of the API key the feedback came with (`anonymous` until keys carry names).
    public var keyName: String
    /// The category the reviewer says the ticket belongs to, when the classifier got it wrong.
    public var correctedCategory: String?
    /// The solution's steps as the reviewer rewrote them.
    public var editedSteps: [String]?
    public var createdAt: Date
    /// The solution version the feedback judged (nil on feedback written before versions, or on
    /// a ticket with no solution).
    public var solutionVersion: Int?
    /// The feedback from the same sender that replaced this one.
    public var supersededBy: String?
    public var supersededAt: Date?

    public init(
        feedbackID: String = "fb_" + UUID().uuidString.lowercased(), ticketID: String, wasHelpful: Bool,
        useForTraining: Bool, rating: Int?, comment: String?, reviewer: String? = nil, keyName: String = Feedback.anonymous,
        correctedCategory: String? = nil, editedSteps: [String]? = nil, createdAt: Date
    ) {
        self.feedbackID = feedbackID
        self.ticketID = ticketID
        self.wasHelpful = wasHelpful
        self.useForTraining = useForTraining
        self.rating = rating
        self.comment = comment
        self.reviewer = reviewer
        self.keyName = keyName
        self.correctedCategory = correctedCategory
        self.editedSteps = editedSteps
        self.createdAt = createdAt
    }

    /// Who sent it: the reviewer named in the body, else the key's name; nil when neither says.
    public var sender: String? { reviewer ?? (keyName == Feedback.anonymous ? nil : keyName) }

    /// Still in force: not replaced by a later feedback from the same sender.
    public var isCurrent: Bool { supersededBy == nil }

    enum CodingKeys: String, CodingKey {
        case feedbackID = "feedback_id"
        case ticketID = "ticket_id"
        case wasHelpful = "was_helpful"
        case useForTraining = "use_for_training"
        case rating, comment, reviewer
        case keyName = "key_name"
        case correctedCategory = "corrected_category"
        case editedSteps = "edited_steps"
        case createdAt = "created_at"
        case solutionVersion = "solution_version"
        case supersededBy = "superseded_by"
        case supersededAt = "superseded_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        feedbackID = try container.decode(String.self, forKey: .feedbackID)
        ticketID = try container.decode(String.self, forKey: .ticketID)
        wasHelpful = try container.decode(Bool.self, forKey: .wasHelpful)
        useForTraining = try container.decode(Bool.self, forKey: .useForTraining)
        rating = try container.decodeIfPresent(Int.self, forKey: .rating)
        comment = try container.decodeIfPresent(String.self, forKey: .comment)
        reviewer = try container.decodeIfPresent(String.self, forKey: .reviewer)
        // Feedback stored before senders were recorded came from an unnamed key.
        keyName = try container.decodeIfPresent(String.self, forKey: .keyName) ?? Feedback.anonymous
        correctedCategory = try container.decodeIfPresent(String.self, forKey: .correctedCategory)
        editedSteps = try container.decodeIfPresent([String].self, forKey: .editedSteps)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        solutionVersion = try container.decodeIfPresent(Int.self, forKey: .solutionVersion)
        supersededBy = try container.decodeIfPresent(String.self, forKey: .supersededBy)
        supersededAt = try container.decodeIfPresent(Date.self, forKey: .supersededAt)
    }
}

/// A ticket's feedback: what is in force (one per sender, oldest first) and what was replaced.
public struct FeedbackHistory: Codable, Sendable, Equatable {
    public var current: [Feedback]
    public var replaced: [Feedback]
    public init(current: [Feedback], replaced: [Feedback]) {
        self.current = current
        self.replaced = replaced
    }
    public init(_ all: [Feedback]) {
        self.init(current: all.filter(\.isCurrent), replaced: all.filter { !$0.isCurrent })
    }
}
