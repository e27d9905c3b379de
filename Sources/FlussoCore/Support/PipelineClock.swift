import Foundation

/// Where the pipeline gets the time and waits: injected so that tests never sleep.
public protocol PipelineClock: Sendable {
    /// The current wall-clock time (stored in records).
    func now() -> Date
    /// Suspends for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: PipelineClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
