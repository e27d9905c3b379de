import FlussoCore
import Logging

/// What one step produced.
public enum StepOutcome: Sendable {
    /// The step did its work; `ticket` carries what it added, `detail` summarises it.
    case completed(Ticket, detail: String?)
    /// The step did part of its work and the ticket goes on: `ticket` carries what it added,
    /// `reason` says what is missing and why (for example: a source that did not answer).
    case partial(Ticket, reason: String)
    /// The step did not run; `reason` says why (for example: no engine configured).
    case skipped(reason: String)
}

/// What a step may read besides the ticket.
public struct StepContext: Sendable {
    /// Records of the steps that already finished for this ticket.
    public var records: [StepRecord]
    public var logger: Logger
    public init(records: [StepRecord], logger: Logger) {
        self.records = records
        self.logger = logger
    }
}

/// One step of the pipeline: the local twin of one Lambda in the design's state machine.
///
/// A step must be idempotent up to its checkpoint (it may run again after a crash before its
/// record was saved) and must honour task cancellation, which is how its timeout is enforced.
public protocol PipelineStep: Sendable {
    var name: StepName { get }
    var retryPolicy: RetryPolicy { get }
    /// Longest time one attempt may take.
    var timeout: Duration { get }
    func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome
}
