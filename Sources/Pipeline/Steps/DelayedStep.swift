import FlussoCore

/// Fault injection: runs `inner` after a pause. Used by the crash tests (`faults.step_delay_ms`)
/// so that a `kill -9` lands in the middle of a ticket; off (never wrapped) by default.
public struct DelayedStep: PipelineStep {
    public let inner: any PipelineStep
    public let delay: Duration

    public init(_ inner: any PipelineStep, delay: Duration) {
        self.inner = inner
        self.delay = delay
    }

    public var name: StepName { inner.name }
    public var retryPolicy: RetryPolicy { inner.retryPolicy }
    public var timeout: Duration { inner.timeout + delay }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        try await Task.sleep(for: delay)
        return try await inner.run(ticket, context: context)
    }
}
