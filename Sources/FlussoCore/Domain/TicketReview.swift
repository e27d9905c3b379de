import Foundation

/// A person's decision on a finished ticket's answer (`POST /tickets/{id}/review`): approve it
/// (READY), reject it with a reason (REJECTED), or edit its steps and approve (a new solution
/// version; the one it replaces stays in the review history).
public struct TicketReview: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case approve, reject, edit
    }

    public var reviewID: String
    public var ticketID: String
    public var action: Action
    /// The person, as the body names them.
    public var reviewer: String?
    /// The API key's name (`anonymous` until keys carry names).
    public var keyName: String
    /// Why the answer was rejected (required for `reject`), or a note.
    public var reason: String?
    /// The solution version the reviewer saw, and the one in force after the review.
    public var fromVersion: Int
    public var toVersion: Int
    public var statusBefore: TicketStatus
    public var statusAfter: TicketStatus
    public var reviewedAt: Date

    public init(
        reviewID: String = "rv_" + UUID().uuidString.lowercased(), ticketID: String, action: Action, reviewer: String?, keyName: String,
        reason: String?, fromVersion: Int, toVersion: Int, statusBefore: TicketStatus, statusAfter: TicketStatus, reviewedAt: Date
    ) {
        self.reviewID = reviewID
        self.ticketID = ticketID
        self.action = action
        self.reviewer = reviewer
        self.keyName = keyName
        self.reason = reason
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.statusBefore = statusBefore
        self.statusAfter = statusAfter
        self.reviewedAt = reviewedAt
    }

    enum CodingKeys: String, CodingKey {
        case action, reviewer, reason
        case reviewID = "review_id"
        case ticketID = "ticket_id"
        case keyName = "key_name"
        case fromVersion = "from_version"
        case toVersion = "to_version"
        case statusBefore = "status_before"
        case statusAfter = "status_after"
        case reviewedAt = "reviewed_at"
    }
}

/// A ticket's reviews, oldest first, and the solution versions edits replaced.
public struct ReviewHistory: Codable, Sendable, Equatable {
    public var reviews: [TicketReview]
    public var previousSolutions: [Solution]
    public init(reviews: [TicketReview], previousSolutions: [Solution]) {
        self.reviews = reviews
        self.previousSolutions = previousSolutions
    }
    enum CodingKeys: String, CodingKey {
        case reviews
        case previousSolutions = "previous_solutions"
    }
}
