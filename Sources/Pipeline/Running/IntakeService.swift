import FlussoCore
import Foundation
import Logging

/// Step 1, intake: validates a `POST /tickets` body, moves inline attachments into the object
/// store, stores the ticket as NEW with its intake record and queues it — one transaction —
/// and wakes the workers.
public struct IntakeService: Sendable {
    private let store: any TicketStore
    private let objects: any ObjectStore
    private let signal: WorkSignal
    private let clock: any PipelineClock
    public let limits: SubmissionLimits

    public init(
        store: any TicketStore, objects: any ObjectStore, signal: WorkSignal, clock: any PipelineClock = SystemClock(),
        limits: SubmissionLimits = SubmissionLimits()
    ) {
        self.store = store
        self.objects = objects
        self.signal = signal
        self.clock = clock
        self.limits = limits
    }

    /// Accepts a ticket body; returns the stored NEW ticket. Throws `validation_failed` (nothing
    /// stored) or a storage error (nothing queued).
    public func accept(_ body: JSONValue) async throws -> Ticket {
        let start = ContinuousClock.now
        let started = clock.now()
        var submission = try TicketSubmission.validate(body, limits: limits, now: started)
        for index in submission.ticket.attachments.indices {
            let attachment = submission.ticket.attachments[index]
            guard let data = submission.inlineContents[attachment.id] else { continue }
            let key = "attachments/\(submission.ticket.ticketID)/\(attachment.id)"
            try await objects.put(data, key: key)
            submission.ticket.attachments[index].objectKey = key
        }
        let ticket = submission.ticket
        let record = StepRecord(
            step: .intake, status: .succeeded, attempts: 1, startedAt: started, finishedAt: clock.now(),
            durationMs: milliseconds(since: start),
            detail: "accepted with \(ticket.attachments.count) attachment(s); queued")
        try await store.insertAndEnqueue(ticket, intake: record)
        signal.notify()
        return ticket
    }
}
