import FlussoCore
import Testing

@Suite struct RetryPolicyTests {
    @Test func classificationBacksOffTwoThenFourSeconds() {
        let policy = RetryPolicy.classification
        #expect(policy.maxAttempts == 3)
        #expect(policy.delay(afterAttempt: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 2) == .seconds(4))
        #expect(policy.shouldRetry(.timeout, afterAttempt: 2))
        #expect(!policy.shouldRetry(.timeout, afterAttempt: 3))
    }

    @Test func retrievalBacksOffByOneAndAHalf() {
        #expect(RetryPolicy.retrieval.delay(afterAttempt: 1) == .seconds(1))
        #expect(RetryPolicy.retrieval.delay(afterAttempt: 2) == .milliseconds(1500))
        #expect(RetryPolicy.retrieval.maxAttempts == 2)
    }

    @Test func generationRetriesOnlyThrottlingAndTimeouts() {
        let policy = RetryPolicy.generation
        #expect(policy.shouldRetry(.throttled, afterAttempt: 1))
        #expect(policy.shouldRetry(.timeout, afterAttempt: 1))
        #expect(!policy.shouldRetry(.transient, afterAttempt: 1))
        #expect(!policy.shouldRetry(.permanent, afterAttempt: 1))
        #expect(policy.delay(afterAttempt: 2) == .seconds(10))
    }

    @Test func delayIsCappedByMaxDelay() {
        let policy = RetryPolicy(maxAttempts: 10, interval: .seconds(10), backoffRate: 3, maxDelay: .seconds(30))
        #expect(policy.delay(afterAttempt: 5) == .seconds(30))
    }

    @Test func jitterStaysWithinItsFraction() {
        let policy = RetryPolicy(maxAttempts: 3, interval: .seconds(10), backoffRate: 1, jitter: 0.2)
        #expect(policy.delay(afterAttempt: 1, unit: 0) == .seconds(8))
        #expect(policy.delay(afterAttempt: 1, unit: 0.999_999) <= .seconds(12))
        #expect(policy.delay(afterAttempt: 1, unit: 0.5) == .seconds(10))
    }
}
