import FlussoCore
import Foundation

/// The result of running one step with its retry policy.
public struct StepRun: Sendable {
    public var record: StepRecord
    /// The ticket after the step (unchanged when skipped or failed).
    public var ticket: Ticket
    /// The error that ended the step, when it failed.
    public var error: (any Error)?
}

/// Runs a step with its retry policy and timeout, and records what happened.
///
/// Attempt n fails → if the error's kind is in the policy's `retryOn` and attempts remain, the
/// runner waits `policy.delay(afterAttempt: n)` on the injected clock and tries again.
/// Cancellation is never retried.
public struct StepRunner: Sendable {
    private let clock: any PipelineClock
    private let jitterSource: @Sendable () -> Double

    public init(clock: any PipelineClock = SystemClock(), jitterSource: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.clock = clock
        self.jitterSource = jitterSource
    }

    public func run(_ step: any PipelineStep, ticket: Ticket, context: StepContext) async -> StepRun {
        let started = clock.now()
        let startInstant = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            do {
                let outcome = try await runOnce(step, ticket: ticket, context: context)
                let finished = clock.now()
                let ms = milliseconds(since: startInstant)
                switch outcome {
                case .completed(let updated, let detail):
                    return StepRun(
                        record: StepRecord(
                            step: step.name, status: .succeeded, attempts: attempt, startedAt: started,
                            finishedAt: finished, durationMs: ms, detail: detail), ticket: updated, error: nil)
                case .partial(let updated, let reason):
                    return StepRun(
                        record: StepRecord(
                            step: step.name, status: .partial, attempts: attempt, startedAt: started,
                            finishedAt: finished, durationMs: ms, detail: reason), ticket: updated, error: nil)
                case .skipped(let reason):
                    return StepRun(
                        record: StepRecord(
                            step: step.name, status: .skipped, attempts: attempt, startedAt: started,
                            finishedAt: finished, durationMs: ms, detail: reason), ticket: ticket, error: nil)
                }
            } catch {
                let cancelled = Task.isCancelled || error is CancellationError
                if !cancelled, step.retryPolicy.shouldRetry(error.flussoKind, afterAttempt: attempt) {
                    let delay = step.retryPolicy.delay(afterAttempt: attempt, unit: jitterSource())
                    context.logger.warning(
                        "step failed, will retry",
                        metadata: [
                            "ticket_id": "\(ticket.ticketID)", "step": "\(step.name.rawValue)", "attempt": "\(attempt)",
                            "delay_s": "\(delay.seconds)", "error": "\(error.flussoMessage)",
                        ])
                    do {
                        try await clock.sleep(for: delay)
                        continue
                    } catch {
                        return failure(step, ticket, attempt, started, startInstant, error)
                    }
                }
                return failure(step, ticket, attempt, started, startInstant, cancelled ? CancellationError() : error)
            }
        }
    }

    private func failure(
        _ step: any PipelineStep, _ ticket: Ticket, _ attempts: Int, _ started: Date,
        _ startInstant: ContinuousClock.Instant, _ error: any Error
    ) -> StepRun {
        StepRun(
            record: StepRecord(
                step: step.name, status: .failed, attempts: attempts, startedAt: started,
                finishedAt: clock.now(), durationMs: milliseconds(since: startInstant),
                error: StepError(error)),
            ticket: ticket, error: error)
    }

    /// One attempt, raced against the step's timeout on the injected clock.
    private func runOnce(_ step: any PipelineStep, ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        let clock = self.clock
        return try await withThrowingTaskGroup(of: StepOutcome?.self) { group in
            group.addTask { try await step.run(ticket, context: context) }
            group.addTask {
                try await clock.sleep(for: step.timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let outcome = first else {
                throw FlussoError(.stepTimeout, "step \(step.name.rawValue) took longer than \(step.timeout.seconds) s")
            }
            return outcome
        }
    }

}
