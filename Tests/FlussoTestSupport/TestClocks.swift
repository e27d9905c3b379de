import FlussoCore
import Foundation
import Synchronization

/// A clock for tests that never sleeps for real.
///
/// `sleep(for:)` records the duration and returns at once, advancing `now()` by it — except
/// durations of `neverElapsesFrom` or more, which suspend until the task is cancelled. Step
/// timeouts in tests are set at or above that bound so they never fire, unless a test wants a
/// timeout and sets a shorter one.
public final class RecordingClock: PipelineClock {
    private let state: Mutex<(now: Date, sleeps: [Duration])>
    public let neverElapsesFrom: Duration

    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000), neverElapsesFrom: Duration = .seconds(20)) {
        state = Mutex((now: start, sleeps: []))
        self.neverElapsesFrom = neverElapsesFrom
    }

    public func now() -> Date { state.withLock { $0.now } }

    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.addingTimeInterval(duration.seconds) }
    }

    public func sleep(for duration: Duration) async throws {
        if duration >= neverElapsesFrom {
            while true {
                try Task.checkCancellation()
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        state.withLock {
            $0.sleeps.append(duration)
            $0.now = $0.now.addingTimeInterval(duration.seconds)
        }
        await Task.yield()
        try Task.checkCancellation()
    }
}
