/// Keeps reviewers' decisions on finished tickets and the solution versions edits replace. Local:
/// SQLite; hybrid: DynamoDB (conditional writes).
public protocol TicketReviewStore: Sendable {
    /// Reads the ticket and applies `decide` to it inside one transaction: the ticket it returns
    /// is saved (a status change writes its event), the review is stored, and — when the
    /// solution's version changed — the solution it replaces is kept. `decide` sees the ticket as
    /// stored at that moment, so two reviewers racing on one version cannot both win: the second
    /// sees the first's version and refuses (`stale_version`). Throws `not_found` for an
    /// unknown ticket and `ticket_not_finished` while its job is still queued or leased (the
    /// worker saves the ticket once more after it turns final).
    func review(
        ticketID: String, _ decide: @Sendable (Ticket) throws -> (ticket: Ticket, review: TicketReview)
    ) async throws -> (
        ticket: Ticket, review: TicketReview
    )
    /// The ticket's reviews, oldest first, and the solutions edits replaced, oldest first.
    func history(ticketID: String) async throws -> ReviewHistory
}
