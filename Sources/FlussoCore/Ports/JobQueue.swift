import Foundation

/// A leased job: the right to process one ticket until `leasedUntil`.
public struct JobLease: Sendable, Equatable {
    public var jobID: Int64
    public var ticketID: String
    /// Proves ownership: complete/release/extend with a stale token is refused.
    public var token: String
    /// How many times the job has been received, this time included.
    public var receiveCount: Int
    public var leasedUntil: Date
    /// The error the previous delivery gave the job back with, if any.
    public var lastError: String?

    public init(jobID: Int64, ticketID: String, token: String, receiveCount: Int, leasedUntil: Date, lastError: String? = nil) {
        self.jobID = jobID
        self.ticketID = ticketID
        self.token = token
        self.receiveCount = receiveCount
        self.leasedUntil = leasedUntil
        self.lastError = lastError
    }
}

/// Counts for `/metrics`.
public struct QueueStats: Sendable, Equatable {
    public var ready: Int
    public var inFlight: Int
    public var deadLetters: Int
    public init(ready: Int, inFlight: Int, deadLetters: Int) {
        self.ready = ready
        self.inFlight = inFlight
        self.deadLetters = deadLetters
    }
}

/// A durable queue with leases (SQS semantics). Jobs are enqueued by `TicketStore.insertAndEnqueue`.
///
/// A leased job is invisible until its lease expires; an expired lease is delivered again, and
/// every delivery counts. A job whose count passes the limit is moved to dead letter by the worker.
public protocol JobQueue: Sendable {
    /// The oldest visible job, leased for `visibility`, or nil when none is visible.
    func lease(worker: String, visibility: Duration) async throws -> JobLease?
    /// The job is done: it is never delivered again.
    func complete(_ lease: JobLease) async throws
    /// Gives the job back, visible again after `retryAfter`; `error` is kept as the last error.
    func release(_ lease: JobLease, error: String?, retryAfter: Duration) async throws
    /// Keeps a lease alive for long work.
    func extend(_ lease: JobLease, by duration: Duration) async throws
    /// Moves the job to dead letter with `reason`; it is never delivered again.
    func deadLetter(_ lease: JobLease, reason: String) async throws
    /// Queue depth, in-flight and dead-letter counts.
    func stats() async throws -> QueueStats
}
