import AsyncHTTPClient
import FlussoCore
import Foundation
import HTTPSupport
import NIOCore
import NIOHTTP1

/// A chat message of the OpenAI API.
public struct ChatMessage: Codable, Sendable, Equatable {
    public var role: String
    public var content: String
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// One HTTP try against an endpoint, kept for the audit log.
public struct ChatAttemptRecord: Sendable {
    public var attempt: Int
    public var status: Int?
    /// The answer's body as received (cut at `ChatCompletionClient.maxAuditBytes`).
    public var rawResponse: String?
    public var durationMs: Double
    /// Why this try did not answer (nil when it did).
    public var problem: ChatProblem?
}

/// Why an endpoint did not answer.
public struct ChatProblem: Error, Sendable, Equatable {
    /// `timeout`, `throttled`, `unreachable`, `http_error`, `invalid_response`.
    public var outcome: String
    public var detail: String
    public var retryable: Bool { outcome == "timeout" || outcome == "throttled" }
}

/// What the server answered.
public struct ChatReply: Sendable, Equatable {
    public var content: String
    /// The model the server says it ran.
    public var model: String?
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
}

/// The whole exchange with one endpoint: every try, and the reply or the final problem.
public struct ChatExchange: Sendable {
    public var requestBody: String
    public var attempts: [ChatAttemptRecord]
    public var result: Result<ChatReply, ChatProblem>
}

/// An OpenAI-compatible `POST /v1/chat/completions` client on AsyncHTTPClient.
///
/// Retries follow the design's generation policy: throttling (429, 503) and timeouts are tried
/// again up to `maxAttempts` with exponential backoff (a `Retry-After` header wins); a refused
/// connection, another HTTP error or a body that is not a chat completion ends the exchange at
/// once, so the fallback chain moves on. No try outlives `deadline`; the answer's size is
/// bounded (`maxResponseBytes`) and so is its length (`max_tokens`), so a server that would
/// stream forever cannot hold a ticket.
public struct ChatCompletionClient: Sendable {
    /// Largest answer accepted.
    public static let maxResponseBytes = 4 << 20
    /// Longest raw answer kept in an audit record.
    public static let maxAuditBytes = 256 << 10

    private let client: HTTPClient

    /// The process-wide client (`RetryingHTTPSender.sharedClient`): a refused connection fails the
    /// try at once instead of being retried inside the pool until the deadline (our own policy decides).
    public static var sharedClient: HTTPClient { RetryingHTTPSender.sharedClient }

    public init(client: HTTPClient = ChatCompletionClient.sharedClient) {
        self.client = client
    }

    /// The request body for `messages` on `endpoint`, the answer constrained by `schema`.
    public static func requestBody(endpoint: ChatEndpoint, messages: [ChatMessage], schema: JSONValue) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(endpoint.model),
            "messages": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
            "temperature": .number(endpoint.temperature),
            "max_tokens": .number(Double(endpoint.maxTokens)),
            "stream": .bool(false),
        ]
        switch endpoint.format {
        case .llamaCpp:
            body["response_format"] = .object(["type": .string("json_object"), "schema": schema])
        case .openAI:
            body["response_format"] = .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string("solution"), "strict": .bool(true), "schema": schema]),
            ])
        case .ollama:
            body["format"] = schema
        case .none:
            break
        }
        return .object(body)
    }

    /// The design's generation policy for `endpoint` on the shared sender: throttling and
    /// timeouts retried from `retryInterval` × `backoffRate`, a Retry-After up to 30 s wins, no
    /// try with 50 ms or less left, each try's first 256 KiB kept for the audit.
    static func sender(for endpoint: ChatEndpoint, client: HTTPClient) -> RetryingHTTPSender {
        let policy = RetryPolicy(
            maxAttempts: max(1, endpoint.maxAttempts), interval: endpoint.retryInterval,
            backoffRate: max(1, endpoint.backoffRate), maxDelay: RetryingHTTPSender.uncappedDelay,
            jitter: 0, retryOn: [.throttled, .timeout])
        return RetryingHTTPSender(
            client: client,
            configuration: .init(
                policy: policy, attemptTimeout: endpoint.timeout,
                maxResponseBytes: maxResponseBytes, retryAfterCap: .seconds(30),
                minimumAttemptTime: .milliseconds(50), recordedBodyBytes: maxAuditBytes))
    }

    /// Sends `messages` to `endpoint` with retries, never past `deadline`.
    public func complete(
        endpoint: ChatEndpoint, messages: [ChatMessage], schema: JSONValue,
        deadline: ContinuousClock.Instant
    ) async throws -> ChatExchange {
        let bodyData = try FlussoJSON.encode(Self.requestBody(endpoint: endpoint, messages: messages, schema: schema))
        let bodyText = String(decoding: bodyData, as: UTF8.self)
        let result = try await Self.sender(for: endpoint, client: client)
            .send(Self.request(endpoint: endpoint, body: bodyData), deadline: deadline, classify: Self.verdict)
        var attempts = result.attempts.map(Self.record)
        if result.stop == .accepted, let answer = result.response {
            do {
                return ChatExchange(requestBody: bodyText, attempts: attempts, result: .success(try Self.decodeReply(answer.body)))
            } catch let problem as ChatProblem {
                // Not a chat completion: the exchange ends at once, without the attempts suffix.
                attempts[attempts.count - 1].problem = problem
                return ChatExchange(requestBody: bodyText, attempts: attempts, result: .failure(problem))
            }
        }
        var last = attempts.last?.problem ?? ChatProblem(outcome: "timeout", detail: "no time was left for a request")
        if attempts.count > 1 { last.detail += " (after \(attempts.count) attempts)" }
        return ChatExchange(requestBody: bodyText, attempts: attempts, result: .failure(last))
    }

    static func request(endpoint: ChatEndpoint, body: Data) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if !endpoint.apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(endpoint.apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// 200 is the answer; 429/503 throttling and timeouts are retried; anything else ends the link at once.
    static func verdict(_ outcome: HTTPAttemptOutcome) -> HTTPVerdict {
        switch outcome {
        case .response(let answer) where answer.status == 200: .accept
        case .response(let answer) where answer.status == 429 || answer.status == 503: .fail(.throttled)
        case .response: .fail(.permanent)
        case .failure(let failure) where failure.kind == .timeout: .fail(.timeout)
        case .failure(let failure) where failure.kind == .bodyTooLarge: .fail(.permanent)
        case .failure: .fail(.transient)
        }
    }

    /// The audit's view of one try: a try that got no whole answer has no status and no body.
    static func record(_ attempt: HTTPAttemptRecord) -> ChatAttemptRecord {
        var record = ChatAttemptRecord(attempt: attempt.attempt, status: nil, rawResponse: nil, durationMs: attempt.durationMs, problem: nil)
        if let failure = attempt.failure {
            record.problem = problem(for: failure, timeout: attempt.timeout)
            return record
        }
        record.status = attempt.status
        record.rawResponse = String(decoding: attempt.bodyPrefix, as: UTF8.self)
        guard let status = attempt.status, status != 200 else { return record }
        let snippet = String(decoding: attempt.bodyPrefix.prefix(300), as: UTF8.self)
        record.problem = ChatProblem(outcome: status == 429 || status == 503 ? "throttled" : "http_error", detail: "HTTP \(status): \(snippet)")
        return record
    }

    private static func problem(for failure: HTTPTransportFailure, timeout: Duration) -> ChatProblem {
        switch failure.kind {
        case .timeout: ChatProblem(outcome: "timeout", detail: "no complete answer within \(timeout)")
        case .connectionClosed: ChatProblem(outcome: "unreachable", detail: "the server closed the connection")
        case .bodyTooLarge: ChatProblem(outcome: "http_error", detail: "the answer is larger than \(maxResponseBytes) bytes")
        case .connectionRefused: ChatProblem(outcome: "unreachable", detail: "connection refused (is the inference server running?)")
        case .other where failure.description.contains("connect(descriptor:"):
            ChatProblem(outcome: "unreachable", detail: "connection refused (is the inference server running?)")
        case .other: ChatProblem(outcome: "unreachable", detail: failure.description)
        }
    }

    private struct CompletionBody: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message?
            var text: String?
            var finish_reason: String?
        }
        struct Usage: Decodable {
            var prompt_tokens: Int?
            var completion_tokens: Int?
        }
        var choices: [Choice]
        var model: String?
        var usage: Usage?
    }

    static func decodeReply(_ body: Data) throws -> ChatReply {
        guard let parsed = try? JSONDecoder().decode(CompletionBody.self, from: body), let choice = parsed.choices.first,
            let content = choice.message?.content ?? choice.text
        else {
            throw ChatProblem(
                outcome: "invalid_response",
                detail: "not a chat completion: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        return ChatReply(
            content: content, model: parsed.model, finishReason: choice.finish_reason,
            promptTokens: parsed.usage?.prompt_tokens, completionTokens: parsed.usage?.completion_tokens)
    }
}
