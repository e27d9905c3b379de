/// A queue that can lease the job of one given ticket (`flusso process` runs a ticket it has just
/// accepted). An optional capability beside `JobQueue`, not part of it: SQS cannot do it.
public protocol DirectJobLeasing: Sendable {
    /// The job of `ticketID`, leased for `visibility`, or nil when it is not visible.
    func lease(ticketID: String, worker: String, visibility: Duration) async throws -> JobLease?
}
