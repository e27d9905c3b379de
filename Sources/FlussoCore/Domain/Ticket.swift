import Foundation

/// Where a ticket is in its life: `NEW → PROCESSING → READY | NEEDS_REVIEW | FAILED`; a
/// reviewer then approves (`READY`) or rejects (`REJECTED`) a finished ticket's answer.
public enum TicketStatus: String, Codable, Sendable, CaseIterable, Hashable {
    case new = "NEW"
    case processing = "PROCESSING"
    case ready = "READY"
    case needsReview = "NEEDS_REVIEW"
    case failed = "FAILED"
    /// A reviewer rejected the answer (`POST /tickets/{id}/review`, action `reject`).
    case rejected = "REJECTED"

    /// A final status: the pipeline will not touch the ticket again.
    public var isFinal: Bool {
        switch self {
        case .ready, .needsReview, .failed, .rejected: true
        case .new, .processing: false
        }
    }

    /// Settled: an answer was given (READY) or a person closed the ticket (REJECTED). The SLA
    /// clock stops and the ticket is never overdue.
    public var isSettled: Bool { self == .ready || self == .rejected }
}

/// The customer who opened the ticket.
public struct CustomerRef: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// The machine the ticket is about.
public struct AssetRef: Codable, Sendable, Equatable {
    public var serial: String?
    public var productType: String?
    public var model: String?

    public init(serial: String? = nil, productType: String? = nil, model: String? = nil) {
        self.serial = serial
        self.productType = productType
        self.model = model
    }

    enum CodingKeys: String, CodingKey {
        case serial
        case productType = "product_type"
        case model
    }
}

/// A support ticket and what the pipeline has learnt about it so far.
///
/// Invariants: `ticketID` is `tkt_` followed by a lowercase UUID; `updatedAt ≥ createdAt`;
/// `completedAt` is set exactly when `status.isFinal`; `statusReason` says why a ticket is
/// `NEEDS_REVIEW` or `FAILED`.
public struct Ticket: Codable, Sendable, Equatable {
    public var ticketID: String
    public var status: TicketStatus
    public var statusReason: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var completedAt: Date?
    public var customer: CustomerRef
    public var asset: AssetRef?
    public var errorCode: String?
    public var symptomText: String
    public var language: String?
    public var attachments: [Attachment]
    public var callbackURL: String?
    public var metadata: [String: String]
    /// What step 2 learnt about the customer and the asset (set by the enrich step).
    public var enrichment: TicketEnrichment?
    /// The service-level due time (set by the enrich step when the customer's tier has SLA hours).
    public var sla: TicketSLA?
    /// What step 5 retrieved from the knowledge base (set by the retrieve step).
    public var retrieval: RetrievalResult?
    /// Set by the classify step; nil until it has run with a model.
    public var classification: Classification?
    /// Set by the generate step (step 6): the answer and which link of the chain wrote it.
    public var solution: Solution?
    /// Set by the guard step (step 7): the verdict on `solution` and what each check found.
    public var guardrails: GuardReport?
    /// The latest review of the answer (approve, reject, edit); nil until a person reviewed it.
    public var review: TicketReview?

    public init(
        ticketID: String = Ticket.newID(),
        status: TicketStatus = .new,
        statusReason: String? = nil,
        createdAt: Date,
        updatedAt: Date? = nil,
        completedAt: Date? = nil,
        customer: CustomerRef,
        asset: AssetRef? = nil,
        errorCode: String? = nil,
        symptomText: String,
        language: String? = nil,
        attachments: [Attachment] = [],
        callbackURL: String? = nil,
        metadata: [String: String] = [:],
        classification: Classification? = nil
    ) {
        self.ticketID = ticketID
        self.status = status
        self.statusReason = statusReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.completedAt = completedAt
        self.customer = customer
        self.asset = asset
        self.errorCode = errorCode
        self.symptomText = symptomText
        self.language = language
        self.attachments = attachments
        self.callbackURL = callbackURL
        self.metadata = metadata
        self.classification = classification
    }

    /// A fresh id: `tkt_` + lowercase UUID.
    public static func newID() -> String {
        "tkt_" + UUID().uuidString.lowercased()
    }

    /// True when `id` has the shape of a ticket id (used to answer 404 without a lookup).
    public static func isWellFormedID(_ id: String) -> Bool {
        guard id.hasPrefix("tkt_") else { return false }
        return UUID(uuidString: String(id.dropFirst(4))) != nil
    }

    /// The text later steps (classification, retrieval) analyse: the symptom text, then the text
    /// step 3 extracted from each attachment, in attachment order.
    public var analysisText: String {
        ([symptomText] + attachments.compactMap(\.extractedText).filter { !$0.isEmpty }).joined(separator: "\n\n")
    }

    /// Moves the ticket to `status`, keeping the timestamps' invariants.
    public mutating func transition(to status: TicketStatus, reason: String? = nil, at time: Date) {
        self.status = status
        self.statusReason = reason
        self.updatedAt = max(time, createdAt)
        self.completedAt = status.isFinal ? updatedAt : nil
    }

    enum CodingKeys: String, CodingKey {
        case ticketID = "ticket_id"
        case status
        case statusReason = "status_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case completedAt = "completed_at"
        case customer
        case asset
        case errorCode = "error_code"
        case symptomText = "symptom_text"
        case language
        case attachments
        case callbackURL = "callback_url"
        case metadata
        case enrichment
        case sla
        case retrieval
        case classification
        case solution
        case guardrails
        case review
    }
}
