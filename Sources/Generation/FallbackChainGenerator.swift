import FlussoCore
import Foundation
import Logging

/// The design's fallback chain behind the `SolutionGenerator` port: the configured LLM endpoints
/// in order (primary, secondary, …) → the solution of a similar finished ticket → the extractive
/// generator, which always answers. An LLM answer that does not parse or cites an id that was not
/// given counts as a failed attempt of its link. Every attempt is on the solution
/// (`attempts`) and in the audit log; `generator` names the link that answered.
///
/// The LLM links share one time budget per ticket (`llmBudget`), so a slow or hung server can
/// never push the ticket past its step timeout: the offline links need milliseconds.
public struct FallbackChainGenerator: SolutionGenerator {
    public var endpoints: [ChatEndpoint]
    public var llmBudget: Duration
    /// The default time all LLM endpoints together may take for one ticket (`generation.llm_budget_s`).
    public static let defaultLLMBudget: Duration = .seconds(90)
    private let client: ChatCompletionClient
    private let cache: (any SolutionCache)?
    private let extractive: ExtractiveGenerator
    private let audit: GenerationAudit?
    private let screen: (any PromptTextScreen)?
    private let redactor: (any TextRedactor)?
    private let clock: any PipelineClock
    private let logger: Logger

    public init(
        endpoints: [ChatEndpoint], llmBudget: Duration = FallbackChainGenerator.defaultLLMBudget,
        client: ChatCompletionClient = ChatCompletionClient(),
        cache: (any SolutionCache)?, extractive: ExtractiveGenerator = ExtractiveGenerator(), audit: GenerationAudit?,
        clock: any PipelineClock = SystemClock(), logger: Logger,
        screen: (any PromptTextScreen)? = nil, redactor: (any TextRedactor)? = nil
    ) {
        self.screen = screen
        self.redactor = redactor
        self.endpoints = endpoints
        self.llmBudget = llmBudget
        self.client = client
        self.cache = cache
        self.extractive = extractive
        self.audit = audit
        self.clock = clock
        self.logger = logger
    }

    public func generate(for ticket: Ticket, chunks: [RetrievedChunk]) async throws -> Solution {
        let usable = chunks.filter { !$0.chunk.text.trimmed.isEmpty }
        var attempts: [GenerationAttempt] = []
        var sequence = 0
        func record(_ auditRecord: GenerationAuditRecord) async throws -> String? {
            sequence += 1
            return try await audit?.write(auditRecord, sequence: sequence)
        }
        func finish(_ solution: Solution) -> Solution {
            var solution = solution
            solution.attempts = attempts
            return solution
        }
        let language = TicketLanguage.of(ticket)
        /// No link is asked: the answer is that nothing documented fits, for `reason`.
        func refuse(skipping skipReason: String, because reason: String, durationMs: Double = 0) -> Solution {
            for endpoint in endpoints {
                attempts.append(GenerationAttempt(generator: "llm:\(endpoint.name)", outcome: "skipped", detail: skipReason, durationMs: 0))
            }
            attempts.append(
                GenerationAttempt(generator: ExtractiveGenerator.generatorID, outcome: "answered", detail: reason, durationMs: durationMs))
            return finish(ExtractiveGenerator.noDocumentedFix(language: language, at: clock.now()))
        }
        if usable.isEmpty {
            return refuse(
                skipping: "no knowledge-base chunks to ground an answer on",
                because: "no chunks were retrieved: no documented fix")
        }
        let checked = ContinuousClock.now
        let unmentioned = UnmentionedNames.of(ticket, in: usable)
        if !unmentioned.isEmpty {
            let names = unmentioned.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
            // The names stay out of the log (they may be personal data); the attempt's detail,
            // which the PII guardrail redacts, says which.
            logger.info(
                "\(unmentioned.count) name(s) in the ticket no retrieved chunk mentions: no documented fix",
                metadata: ["ticket_id": "\(ticket.ticketID)"])
            return refuse(
                skipping: "the ticket names \(names), which no retrieved chunk mentions",
                because: "the ticket names \(names), which no retrieved chunk mentions: no documented fix",
                durationMs: milliseconds(since: checked))
        }

        let deadline = ContinuousClock.now + llmBudget
        for endpoint in endpoints {
            let link = "llm:\(endpoint.name)"
            guard deadline - ContinuousClock.now > .milliseconds(100) else {
                attempts.append(
                    GenerationAttempt(
                        generator: link, outcome: "skipped", detail: "the LLM time budget (\(llmBudget)) is spent",
                        durationMs: 0))
                continue
            }
            let asked = try await LLMLink.ask(
                endpoint, ticket: ticket, chunks: usable, client: client, deadline: deadline,
                screen: screen, redactor: redactor)
            var auditKey: String?
            for (index, attempt) in asked.exchange.attempts.enumerated() {
                let isLast = index == asked.exchange.attempts.count - 1
                let key = try await record(
                    GenerationAuditRecord(
                        ticketID: ticket.ticketID, generator: link, attempt: attempt.attempt, endpoint: endpoint.endpoint,
                        model: isLast ? (asked.reply?.model ?? endpoint.model) : endpoint.model, language: asked.prompt.language,
                        messages: asked.prompt.messages, requestBody: asked.exchange.requestBody, httpStatus: attempt.status,
                        rawResponse: attempt.rawResponse, promptTokens: isLast ? asked.reply?.promptTokens : nil,
                        completionTokens: isLast ? asked.reply?.completionTokens : nil, estimatedPromptTokens: asked.prompt.estimatedTokens,
                        trimmedChunks: asked.prompt.trimmed, outcome: isLast ? asked.outcome : (attempt.problem?.outcome ?? asked.outcome),
                        detail: isLast ? asked.detail : attempt.problem?.detail, durationMs: attempt.durationMs, recordedAt: clock.now()))
                auditKey = key ?? auditKey
            }
            attempts.append(
                GenerationAttempt(
                    generator: link, outcome: asked.outcome, detail: asked.detail, durationMs: asked.durationMs,
                    auditKey: auditKey))
            if let parsed = asked.answer {
                logger.debug("solution from \(link)", metadata: ["ticket_id": "\(ticket.ticketID)"])
                return finish(
                    Solution(
                        probableCause: parsed.probableCause, steps: parsed.steps, citations: parsed.citations,
                        safetyFlags: parsed.safetyFlags, generator: link, model: asked.reply?.model ?? endpoint.model,
                        language: asked.prompt.language, generatedAt: clock.now()))
            }
            logger.warning(
                "\(link) did not answer: \(asked.outcome)", metadata: ["ticket_id": "\(ticket.ticketID)", "detail": "\(asked.detail ?? "")"])
        }

        if let cached = try await cachedSolution(for: ticket, usable: usable, attempts: &attempts, record: record) {
            return finish(cached)
        }

        let started = ContinuousClock.now
        let solution = extractive.generate(for: ticket, chunks: usable, at: clock.now())
        let elapsed = milliseconds(since: started)
        let detail =
            solution.noDocumentedFix ? "nothing in the retrieved chunks answers the ticket: no documented fix" : "\(solution.steps.count) steps"
        let key = try await record(
            GenerationAuditRecord(
                ticketID: ticket.ticketID, generator: ExtractiveGenerator.generatorID, attempt: 1, endpoint: nil, model: ExtractiveGenerator.modelID,
                language: solution.language, messages: nil, requestBody: nil, httpStatus: nil,
                rawResponse: String(decoding: try FlussoJSON.encode(solution), as: UTF8.self), promptTokens: nil, completionTokens: nil,
                estimatedPromptTokens: nil, trimmedChunks: [], outcome: "answered", detail: detail, durationMs: elapsed, recordedAt: clock.now()))
        attempts.append(
            GenerationAttempt(
                generator: ExtractiveGenerator.generatorID, outcome: "answered", detail: detail,
                durationMs: elapsed, auditKey: key))
        return finish(solution)
    }

    /// The `cache` link: a READY ticket with the same error code and model whose solution cites
    /// only chunks retrieved for this ticket too (so its citations stay checkable).
    private func cachedSolution(
        for ticket: Ticket, usable: [RetrievedChunk], attempts: inout [GenerationAttempt],
        record: (GenerationAuditRecord) async throws -> String?
    ) async throws -> Solution? {
        guard let cache else { return nil }
        guard let code = ticket.errorCode, let model = ticket.asset?.model else {
            attempts.append(
                GenerationAttempt(
                    generator: "cache", outcome: "skipped",
                    detail: "the ticket has no error code and model to match", durationMs: 0))
            return nil
        }
        let started = ContinuousClock.now
        let found: Ticket?
        do {
            found = try await cache.similarSolvedTicket(errorCode: code, productModel: model, excludingTicketID: ticket.ticketID)
        } catch {
            attempts.append(
                GenerationAttempt(
                    generator: "cache", outcome: "unreachable", detail: error.flussoMessage,
                    durationMs: milliseconds(since: started)))
            return nil
        }
        guard let found, var solution = found.solution, !solution.noDocumentedFix, !solution.steps.isEmpty else {
            attempts.append(
                GenerationAttempt(
                    generator: "cache", outcome: "no_match",
                    detail: "no READY ticket with error code \(code) on \(model)", durationMs: milliseconds(since: started)))
            return nil
        }
        let retrieved = Set(usable.map(\.chunk.chunkID))
        let foreign = solution.citedChunkIDs.filter { !retrieved.contains($0) }
        guard foreign.isEmpty else {
            attempts.append(
                GenerationAttempt(
                    generator: "cache", outcome: "unknown_citation",
                    detail: "\(found.ticketID)'s solution cites \(foreign.joined(separator: ", ")), not retrieved for this ticket",
                    durationMs: milliseconds(since: started)))
            return nil
        }
        let elapsed = milliseconds(since: started)
        let key = try await record(
            GenerationAuditRecord(
                ticketID: ticket.ticketID, generator: "cache", attempt: 1, endpoint: nil, model: solution.model, language: solution.language,
                messages: nil, requestBody: nil, httpStatus: nil, rawResponse: String(decoding: try FlussoJSON.encode(solution), as: UTF8.self),
                promptTokens: nil, completionTokens: nil, estimatedPromptTokens: nil, trimmedChunks: [], outcome: "answered",
                detail: "reused from \(found.ticketID)", durationMs: elapsed, recordedAt: clock.now()))
        attempts.append(
            GenerationAttempt(
                generator: "cache", outcome: "answered", detail: "reused from \(found.ticketID)",
                durationMs: elapsed, auditKey: key))
        solution.generator = "cache"
        solution.cachedFromTicketID = found.ticketID
        solution.generatedAt = clock.now()
        // A new answer for this ticket: version 1, edited by no one here.
        solution.version = nil
        solution.editedBy = nil
        solution.editedAt = nil
        return solution
    }
}
