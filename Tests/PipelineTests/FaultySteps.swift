import FlussoCore
import Foundation
import Pipeline
import Synchronization

/// A step that fails with the given errors, one per attempt, then succeeds: injects faults.
final class ScriptedStep: PipelineStep {
    let name: StepName
    let retryPolicy: RetryPolicy
    let timeout: Duration
    private let failures: Mutex<[FlussoError]>
    private let runs = Atomic<Int>(0)

    init(_ name: StepName, policy: RetryPolicy, timeout: Duration = .seconds(2000), failures: [FlussoError]) {
        self.name = name
        self.retryPolicy = policy
        self.timeout = timeout
        self.failures = Mutex(failures)
    }

    var runCount: Int { runs.load(ordering: .relaxed) }

    func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        runs.add(1, ordering: .relaxed)
        if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
        return .completed(ticket, detail: "ran")
    }
}

/// A step that never returns until cancelled: a hung dependency.
struct HangingStep: PipelineStep {
    let name = StepName.classify
    let retryPolicy: RetryPolicy
    let timeout: Duration

    func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        while true {
            try Task.checkCancellation()
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// Wraps a step and counts how often it runs.
final class CountingStep: PipelineStep {
    let inner: any PipelineStep
    private let runs = Atomic<Int>(0)
    init(_ inner: any PipelineStep) { self.inner = inner }
    var name: StepName { inner.name }
    var retryPolicy: RetryPolicy { inner.retryPolicy }
    var timeout: Duration { inner.timeout }
    var runCount: Int { runs.load(ordering: .relaxed) }
    func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        runs.add(1, ordering: .relaxed)
        return try await inner.run(ticket, context: context)
    }
}
