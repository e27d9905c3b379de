import Foundation

/// The ticket's service-level due time: set by step 2 from the customer's tier hours
/// (`sla_hours`), counted on the configured `SLACalendar`.
///
/// The SLA clock stops when the ticket is READY (a checked answer exists); NEEDS_REVIEW and
/// FAILED tickets still wait for a person, so their clock runs on. `remainingS` and `breached`
/// depend on the moment they are read: stored tickets keep the values of their last write, and
/// every read (`GET /tickets`, `flusso tickets list`) refreshes them with `Ticket.refreshingSLA(at:)`.
public struct TicketSLA: Codable, Sendable, Equatable {
    public var dueAt: Date
    /// The tier's hours the due time was computed from.
    public var hours: Double
    /// `calendar` or `business` (see `SLACalendar.basis`).
    public var basis: String
    /// Seconds from the reading (or from the moment the ticket became READY) to `dueAt`; negative once past it.
    public var remainingS: Double
    public var breached: Bool

    public init(dueAt: Date, hours: Double, basis: String, remainingS: Double = 0, breached: Bool = false) {
        self.dueAt = dueAt
        self.hours = hours
        self.basis = basis
        self.remainingS = remainingS
        self.breached = breached
    }

    enum CodingKeys: String, CodingKey {
        case hours, basis, breached
        case dueAt = "due_at"
        case remainingS = "remaining_s"
    }
}

extension Ticket {
    /// True when the ticket has an SLA due time in the past and is not settled (READY or
    /// REJECTED).
    public func isOverdue(at now: Date) -> Bool {
        guard let sla, !status.isSettled else { return false }
        return sla.dueAt < now
    }

    /// The ticket with `sla.remaining_s` and `sla.breached` as of `now` (the clock stops at READY
    /// or REJECTED).
    public func refreshingSLA(at now: Date) -> Ticket {
        guard var sla else { return self }
        let reference = status.isSettled ? (completedAt ?? now) : now
        sla.remainingS = (sla.dueAt.timeIntervalSince(reference) * 1000).rounded() / 1000
        sla.breached = sla.dueAt < reference
        var ticket = self
        ticket.sla = sla
        return ticket
    }
}
