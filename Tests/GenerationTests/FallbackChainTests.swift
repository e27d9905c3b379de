import FlussoCore
import FlussoTestSupport
import Foundation
import Generation
import LocalStore
import Logging
import Testing

@Suite struct FallbackChainTests {
    let directory = TemporaryDirectory("flusso-generation")

    func chain(_ endpoints: [ChatEndpoint], budget: Duration = .seconds(30), cache: (any SolutionCache)? = nil) -> FallbackChainGenerator {
        FallbackChainGenerator(
            endpoints: endpoints, llmBudget: budget, cache: cache,
            audit: GenerationAudit(objects: try! FileObjectStore(root: directory.path + "/objects")), logger: Logger(label: "test"))
    }

    func auditRecord(_ key: String?) throws -> [String: Any] {
        let path = directory.path + "/objects/" + (try #require(key))
        return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    }

    @Test func thePrimaryAnswersAndItsAuditHoldsPromptResponseAndTokens() async throws {
        let server = try await FaultyChatServer.start("ok")
        let t = ticket("Laser disabled, cooling water flow alarm")
        let solution = try await chain([testEndpoint("primary", url: server.url)]).generate(for: t, chunks: [l101, maintenance])
        #expect(solution.generator == "llm:primary")
        #expect(solution.model == "fake-model")
        #expect(solution.steps == [SolutionStep(order: 1, text: "Check that the water chiller is switched on.", citations: [l101.chunk.chunkID])])
        #expect(solution.citations == [SolutionCitation(chunkID: l101.chunk.chunkID, quote: "water chiller is switched on")])
        let attempt = try #require(solution.attempts.first)
        #expect(solution.attempts.count == 1 && attempt.outcome == "answered")
        #expect(attempt.auditKey == "logs/tickets/\(t.ticketID)/generate-01-llm-primary.json")
        let audit = try auditRecord(attempt.auditKey)
        #expect(audit["prompt_tokens"] as? Int == 321 && audit["completion_tokens"] as? Int == 45)
        #expect(audit["http_status"] as? Int == 200 && audit["outcome"] as? String == "answered")
        #expect((audit["raw_response"] as? String)?.contains("The chiller is off") == true)
        let messages = try #require(audit["messages"] as? [[String: String]])
        #expect(messages.count == 2 && messages[1]["content"]?.contains("[S1] (\(l101.chunk.chunkID))") == true)
        // The request asked for llama.cpp's schema form, the design's temperature and token limit.
        let request = try #require(try server.requests().first)
        let format = try #require(request["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_object" && format["schema"] != nil)
        #expect(request["temperature"] as? Double == 0.3 && request["max_tokens"] as? Int == 2000 && request["stream"] as? Bool == false)
    }

    @Test(arguments: [
        ("garbage", "unparsable"), ("unknown", "unknown_citation"), ("status500", "http_error"),
        ("notchat", "invalid_response"), ("slow", "timeout"), ("busy", "throttled"),
    ])
    func aPrimaryThatFailsHandsOverToTheSecondary(mode: String, outcome: String) async throws {
        let bad = try await FaultyChatServer.start(mode)
        let good = try await FaultyChatServer.start("ok")
        let primary = testEndpoint("primary", url: bad.url, timeout: .seconds(1), attempts: 2)
        let solution = try await chain([primary, testEndpoint("secondary", url: good.url)])
            .generate(for: ticket("Cooling water flow alarm"), chunks: [l101])
        #expect(solution.generator == "llm:secondary")
        #expect(solution.attempts.map(\.generator) == ["llm:primary", "llm:secondary"])
        #expect(solution.attempts[0].outcome == outcome)
        // Throttling and timeouts are retried (2 attempts here); the other faults end the link at once.
        let expectedTries = (outcome == "timeout" || outcome == "throttled") ? 2 : 1
        #expect(try bad.requests().count == expectedTries)
    }

    @Test func aServerThatIsDownIsNotRetriedAndTheExtractiveGeneratorAnswers() async throws {
        let start = ContinuousClock.now
        let solution = try await chain([testEndpoint("primary", url: downURL()), testEndpoint("secondary", url: downURL())])
            .generate(for: ticket("Laser disabled, cooling water flow alarm"), chunks: [l101])
        #expect(solution.generator == "extractive")
        #expect(solution.attempts.map(\.outcome) == ["unreachable", "unreachable", "answered"])
        #expect(solution.steps.allSatisfy { $0.citations == [l101.chunk.chunkID] } && !solution.steps.isEmpty)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func throttlingIsRetriedHonouringRetryAfterAndEveryTryIsAudited() async throws {
        let server = try await FaultyChatServer.start("throttled")
        let t = ticket("Cooling water flow alarm")
        let solution = try await chain([testEndpoint("primary", url: server.url)]).generate(for: t, chunks: [l101])
        #expect(solution.generator == "llm:primary")
        #expect(try server.requests().count == 3)
        let records = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/objects/logs/tickets/\(t.ticketID)")
        #expect(records.sorted() == ["generate-01-llm-primary.json", "generate-02-llm-primary.json", "generate-03-llm-primary.json"])
    }

    @Test func theLLMBudgetBoundsAHungServer() async throws {
        let server = try await FaultyChatServer.start("slow")
        let start = ContinuousClock.now
        let solution = try await chain(
            [
                testEndpoint("primary", url: server.url, timeout: .seconds(30)),
                testEndpoint("secondary", url: server.url, timeout: .seconds(30)),
            ], budget: .seconds(1)
        )
        .generate(for: ticket("Cooling water flow alarm"), chunks: [l101])
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(solution.generator == "extractive")
        #expect(solution.attempts.map(\.outcome) == ["timeout", "skipped", "answered"])
    }

    @Test func withoutChunksNoLLMIsAskedAndTheAnswerIsNoDocumentedFix() async throws {
        let server = try await FaultyChatServer.start("ok")
        let solution = try await chain([testEndpoint("primary", url: server.url)]).generate(for: ticket("Strange noise"), chunks: [])
        #expect(solution.noDocumentedFix && solution.steps.isEmpty)
        #expect(solution.attempts.map(\.outcome) == ["skipped", "answered"])
        #expect(try server.requests().isEmpty)
    }

    @Test func aTicketNamingWhatNoChunkMentionsIsRefusedWithoutAskingAnyLink() async throws {
        let server = try await FaultyChatServer.start("ok")
        let solution = try await chain([testEndpoint("primary", url: server.url)])
            .generate(for: ticket("Cooling water flow alarm on the AL-40 since we added a Koolance EX2-1055 chiller"), chunks: [l101])
        #expect(solution.noDocumentedFix && solution.steps.isEmpty && solution.generator == "extractive")
        #expect(solution.attempts.map(\.outcome) == ["skipped", "answered"])
        #expect(solution.attempts[0].detail == "the ticket names \"Koolance\", \"EX2-1055\", which no retrieved chunk mentions")
        #expect(try server.requests().isEmpty)
        // The same ticket without the foreign names is answered.
        let answered = try await chain([]).generate(for: ticket("Cooling water flow alarm on the AL-40 since we added a chiller"), chunks: [l101])
        #expect(!answered.noDocumentedFix && !answered.steps.isEmpty)
    }

    @Test func aSimilarReadyTicketsSolutionIsReusedUnlessItWasUnhelpful() async throws {
        let database = try SQLiteDatabase(directory: directory.path + "/db")
        let store = SQLiteTicketStore(database: database)
        let cache = SQLiteSolutionCache(database: database)
        // A finished ticket: same code, same model (other case), READY with a solution.
        var solved = ticket("Flow alarm again", code: "l101", model: "al-40")
        try await store.insertAndEnqueue(
            solved,
            intake: StepRecord(
                step: .intake, status: .succeeded, attempts: 1,
                startedAt: solved.createdAt, finishedAt: solved.createdAt, durationMs: 1))
        solved.solution = Solution(
            probableCause: "Chiller off.", steps: [SolutionStep(order: 1, text: "Switch it on.", citations: [l101.chunk.chunkID])],
            citations: [], safetyFlags: [], generator: "llm:primary", model: "m", language: "en",
            generatedAt: solved.createdAt)
        solved.transition(to: .ready, at: solved.createdAt)
        try await store.update(solved)

        let t = ticket("Cooling water flow alarm on my laser")
        let reused = try await chain([testEndpoint("primary", url: downURL())], cache: cache).generate(for: t, chunks: [l101])
        #expect(reused.generator == "cache" && reused.cachedFromTicketID == solved.ticketID)
        #expect(reused.steps.map(\.text) == ["Switch it on."])
        #expect(reused.attempts.map(\.generator) == ["llm:primary", "cache"])

        // Not when the cited chunks were not retrieved for this ticket.
        let elsewhere = try await chain([], cache: cache).generate(for: t, chunks: [maintenance])
        #expect(elsewhere.generator == "extractive" && elsewhere.attempts[0].outcome == "unknown_citation")

        // Not once a person said it did not help.
        try await SQLiteFeedbackStore(database: database).add(
            Feedback(ticketID: solved.ticketID, wasHelpful: false, useForTraining: false, rating: 1, comment: nil, createdAt: Date()),
            record: StepRecord(step: .feedback, status: .succeeded, attempts: 1, startedAt: Date(), finishedAt: Date(), durationMs: 1))
        let after = try await chain([], cache: cache).generate(for: t, chunks: [l101])
        #expect(after.generator == "extractive")
        #expect(after.attempts.first?.outcome == "no_match")
    }
}
