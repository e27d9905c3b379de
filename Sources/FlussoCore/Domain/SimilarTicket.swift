import Foundation

/// A finished ticket like the one at hand (step 2): how similar it is, how it ended, the cause its
/// solution named, and whether feedback called that solution helpful.
public struct SimilarTicket: Codable, Sendable, Equatable {
    public var ticketID: String
    /// Cosine similarity of the two tickets' embeddings (1 = the same text).
    public var similarity: Double
    public var status: TicketStatus
    public var errorCode: String?
    public var model: String?
    /// The probable cause of its solution, when it had one.
    public var probableCause: String?
    /// The first steps of its solution (at most three), for the generator's prompt.
    public var steps: [String]
    /// The newest feedback's verdict; nil when nobody has given feedback.
    public var helpful: Bool?
    public var completedAt: Date?

    public init(
        ticketID: String, similarity: Double, status: TicketStatus, errorCode: String? = nil, model: String? = nil,
        probableCause: String? = nil, steps: [String] = [], helpful: Bool? = nil, completedAt: Date? = nil
    ) {
        self.ticketID = ticketID
        self.similarity = similarity
        self.status = status
        self.errorCode = errorCode
        self.model = model
        self.probableCause = probableCause
        self.steps = steps
        self.helpful = helpful
        self.completedAt = completedAt
    }

    enum CodingKeys: String, CodingKey {
        case similarity, status, model, steps, helpful
        case ticketID = "ticket_id"
        case errorCode = "error_code"
        case probableCause = "probable_cause"
        case completedAt = "completed_at"
    }
}

extension SimilarTicket {
    /// What a similar-ticket search shows of a finished ticket, kept with its vector (so a search
    /// decodes no whole ticket): status, error code, model, the solution's cause and first three
    /// steps. Written when the ticket is stored and again when a reviewer changes it.
    public static func summary(of ticket: Ticket) -> SimilarTicket {
        SimilarTicket(
            ticketID: ticket.ticketID, similarity: 0, status: ticket.status, errorCode: ticket.errorCode, model: ticket.asset?.model,
            probableCause: ticket.solution?.probableCause, steps: (ticket.solution?.steps ?? []).prefix(3).map(\.text),
            completedAt: ticket.completedAt)
    }
}
