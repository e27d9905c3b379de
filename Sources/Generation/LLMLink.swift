import FlussoCore
import Foundation

/// What asking one LLM endpoint for a solution gave: the parsed answer or why there is none, with
/// everything the audit log and the benchmark need.
public struct LLMLinkResult: Sendable {
    public var link: String
    public var prompt: Prompt
    public var exchange: ChatExchange
    /// `answered`, or the outcome of the failure (`timeout`, `throttled`, `unreachable`,
    /// `http_error`, `invalid_response`, `unparsable`, `invalid_answer`, `unknown_citation`).
    public var outcome: String
    public var detail: String?
    public var answer: ParsedAnswer?
    public var reply: ChatReply?
    public var durationMs: Double
}

/// One LLM link of the chain: prompt → request with retries → parse and check the answer.
public enum LLMLink {
    public static func ask(
        _ endpoint: ChatEndpoint, ticket: Ticket, chunks: [RetrievedChunk], client: ChatCompletionClient,
        deadline: ContinuousClock.Instant, screen: (any PromptTextScreen)? = nil,
        redactor: (any TextRedactor)? = nil
    ) async throws -> LLMLinkResult {
        let started = ContinuousClock.now
        let prompt = PromptBuilder.build(
            ticket: ticket, chunks: chunks, promptBudget: endpoint.promptBudget, screen: screen,
            redactor: endpoint.redactPII ? redactor : nil)
        let schema = AnswerSchema.schema(labels: prompt.labels.map(\.label), kind: prompt.kind)
        let exchange = try await client.complete(endpoint: endpoint, messages: prompt.messages, schema: schema, deadline: deadline)
        var result = LLMLinkResult(
            link: "llm:\(endpoint.name)", prompt: prompt, exchange: exchange, outcome: "answered", detail: nil,
            answer: nil, reply: nil, durationMs: 0)
        switch exchange.result {
        case .success(let reply):
            result.reply = reply
            do {
                result.answer = try AnswerParser.parse(
                    reply.content, labels: prompt.labels, requiresCause: AnswerSchema.hasCause(prompt.kind))
            } catch let rejection as AnswerRejection {
                let cut = reply.finishReason == "length" ? " (the answer was cut at max_tokens \(endpoint.maxTokens))" : ""
                result.outcome = rejection.outcome
                result.detail = rejection.detail + cut
            }
        case .failure(let problem):
            result.outcome = problem.outcome
            result.detail = problem.detail
        }
        result.durationMs = milliseconds(since: started)
        return result
    }
}
