import FlussoCore
import FlussoTestSupport
import Foundation
import Logging
import Pipeline
import Testing

@Suite struct StepRunnerTests {
    let clock = RecordingClock()
    var runner: StepRunner { StepRunner(clock: clock, jitterSource: { 0.5 }) }
    let context = StepContext(records: [], logger: Logger(label: "test"))
    let ticket = SampleTickets.ticket()

    @Test func classificationRetriesAfterTwoThenFourSeconds() async {
        let step = ScriptedStep(
            .classify, policy: .classification,
            failures: [FlussoError(.serverUnreachable, "flaky"), FlussoError(.timeout, "flaky")])
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.status == .succeeded)
        #expect(run.record.attempts == 3)
        #expect(clock.sleeps == [.seconds(2), .seconds(4)])
    }

    @Test func classificationGivesUpAfterThreeAttempts() async {
        let step = ScriptedStep(.classify, policy: .classification, failures: Array(repeating: FlussoError(.serverUnreachable, "down"), count: 5))
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.status == .failed)
        #expect(run.record.attempts == 3)
        #expect(run.record.error?.code == "server_unreachable")
        #expect(step.runCount == 3)
    }

    @Test func retrievalWaitsOneSecondThenStops() async {
        let step = ScriptedStep(.retrieve, policy: .retrieval, failures: Array(repeating: FlussoError(.serverUnreachable, "down"), count: 5))
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.attempts == 2)
        #expect(clock.sleeps == [.seconds(1)])
    }

    @Test func generationRetriesThrottlingAtFiveThenTenSeconds() async {
        let step = ScriptedStep(.generate, policy: .generation, failures: Array(repeating: FlussoError(.awsThrottled, "429"), count: 5))
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.attempts == 3)
        #expect(clock.sleeps == [.seconds(5), .seconds(10)])
    }

    @Test func generationDoesNotRetryOtherErrors() async {
        let step = ScriptedStep(.generate, policy: .generation, failures: [FlussoError(.serverUnreachable, "bad answer")])
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.status == .failed)
        #expect(run.record.attempts == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func permanentErrorsAreNeverRetried() async {
        let step = ScriptedStep(.classify, policy: .classification, failures: [FlussoError(.invalidInput, "bad input")])
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.attempts == 1)
        #expect(run.record.error?.kind == .permanent)
    }

    @Test func aHungStepTimesOutAndIsRetriedAsATimeout() async {
        let step = HangingStep(retryPolicy: .classification, timeout: .seconds(7))
        let run = await runner.run(step, ticket: ticket, context: context)
        #expect(run.record.status == .failed)
        #expect(run.record.error?.code == "step_timeout")
        #expect(run.record.error?.kind == .timeout)
        #expect(run.record.attempts == 3)
        #expect(clock.sleeps == [.seconds(7), .seconds(2), .seconds(7), .seconds(4), .seconds(7)])
    }

    @Test func skippedStepsKeepTheirReason() async {
        let run = await runner.run(OCRStep(), ticket: ticket, context: context)
        #expect(run.record.status == .skipped)
        #expect(run.record.detail?.contains("no document text extractor") == true)
        #expect(run.ticket == ticket)
    }
}
