import FlussoCore
import Foundation
import Logging

/// How processing one ticket ended.
public enum ProcessingResult: Sendable, Equatable {
    /// Every step finished; the ticket has this final status.
    case finished(TicketStatus)
    /// A step failed with a retryable error after its attempts: try the ticket again later.
    case retryLater(String)
    /// The work was interrupted (shutdown); nothing is lost, the job should be released.
    case interrupted
    /// Another worker finished one of this ticket's steps first (our lease had expired): drop
    /// this run; the job comes back after a visibility timeout to check the rest is done.
    case abandoned
}

/// The orchestrator (the design's state machine): runs the remaining steps of one ticket in
/// order, checkpointing the ticket and the step's record after every step, so a run that died
/// resumes at the first unfinished step and never redoes a finished one.
public struct TicketProcessor: Sendable {
    public let steps: [any PipelineStep]
    private let store: any TicketStore
    private let runner: StepRunner
    private let clock: any PipelineClock
    private let logger: Logger
    private let metrics: StepMetrics?

    public init(
        steps: [any PipelineStep], store: any TicketStore, runner: StepRunner, clock: any PipelineClock = SystemClock(),
        metrics: StepMetrics? = nil, logger: Logger
    ) {
        self.metrics = metrics
        self.steps = steps
        self.store = store
        self.runner = runner
        self.clock = clock
        self.logger = logger
    }

    public func process(ticketID: String) async throws -> ProcessingResult {
        guard var ticket = try await store.ticket(id: ticketID) else {
            throw FlussoError.notFound("ticket \(ticketID)")
        }
        var log = logger
        log[metadataKey: "ticket_id"] = "\(ticketID)"
        var records = try await store.stepRecords(ticketID: ticketID)
        var finished = Set(records.filter(\.isFinished).map(\.step))
        if ticket.status == .failed {
            return .finished(.failed)
        }
        if ticket.status == .new {
            ticket.transition(to: .processing, at: clock.now())
            try await store.update(ticket)
        }
        for step in steps where !finished.contains(step.name) {
            if Task.isCancelled { return .interrupted }
            let run = await runner.run(step, ticket: ticket, context: StepContext(records: records, logger: log))
            if run.error is CancellationError { return .interrupted }
            var next = run.ticket
            if let error = run.error, error.flussoKind == .permanent {
                next.transition(to: .failed, reason: "step \(step.name.rawValue) failed: \(error.flussoMessage)", at: clock.now())
            }
            do {
                try await store.checkpoint(next, record: run.record)
            } catch let error as FlussoError where error.code == .stepAlreadyFinished {
                log.warning("another worker already finished this step; dropping the duplicate run", metadata: ["step": "\(step.name.rawValue)"])
                return .abandoned
            }
            metrics?.record(run.record)
            records.append(run.record)
            ticket = next
            if let error = run.error {
                log.error(
                    "step failed",
                    metadata: [
                        "step": "\(step.name.rawValue)", "attempts": "\(run.record.attempts)",
                        "error": "\(error.flussoMessage)",
                    ])
                if ticket.status == .failed { return .finished(.failed) }
                return .retryLater("step \(step.name.rawValue): \(error.flussoMessage)")
            }
            finished.insert(step.name)
            log.debug(
                "step finished",
                metadata: [
                    "step": "\(step.name.rawValue)", "status": "\(run.record.status.rawValue)",
                    "ms": "\(run.record.durationMs)",
                ])
        }
        return .finished(ticket.status)
    }
}
