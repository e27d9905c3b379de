import AsyncHTTPClient
import FlussoCore
import Foundation
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

    /// The process-wide client: a refused connection fails the try at once instead of being
    /// retried inside the pool until the deadline (our own policy decides).
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

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
            body["response_format"] = .object(["type": .string("json_schema"),
                                               "json_schema": .object(["name": .string("solution"), "strict": .bool(true), "schema": schema])])
        case .ollama:
            body["format"] = schema
        case .none:
            break
        }
        return .object(body)
    }

    /// Sends `messages` to `endpoint` with retries, never past `deadline`.
    public func complete(endpoint: ChatEndpoint, messages: [ChatMessage], schema: JSONValue,
                         deadline: ContinuousClock.Instant) async throws -> ChatExchange {
        let bodyData = try FlussoJSON.encode(Self.requestBody(endpoint: endpoint, messages: messages, schema: schema))
        let bodyText = String(decoding: bodyData, as: UTF8.self)
        var attempts: [ChatAttemptRecord] = []
        var wait = endpoint.retryInterval
        var last = ChatProblem(outcome: "timeout", detail: "no time was left for a request")
        for attempt in 1...endpoint.maxAttempts {
            let now = ContinuousClock.now
            let left = deadline - now
            guard left > .milliseconds(50) else { break }
            let started = now
            var record = ChatAttemptRecord(attempt: attempt, status: nil, rawResponse: nil, durationMs: 0, problem: nil)
            var retryAfter: Duration?
            do {
                let timeout = min(endpoint.timeout, left)
                let (status, headers, body) = try await send(endpoint: endpoint, body: bodyData, timeout: timeout)
                record.status = status
                record.rawResponse = String(decoding: body.prefix(Self.maxAuditBytes), as: UTF8.self)
                record.durationMs = milliseconds(since: started)
                if status == 200 {
                    do {
                        let reply = try Self.decodeReply(body)
                        attempts.append(record)
                        return ChatExchange(requestBody: bodyText, attempts: attempts, result: .success(reply))
                    } catch let problem as ChatProblem {
                        record.problem = problem
                        attempts.append(record)
                        return ChatExchange(requestBody: bodyText, attempts: attempts, result: .failure(problem))
                    }
                }
                let snippet = String(decoding: body.prefix(300), as: UTF8.self)
                if status == 429 || status == 503 {
                    last = ChatProblem(outcome: "throttled", detail: "HTTP \(status): \(snippet)")
                    if let seconds = headers.first(name: "Retry-After").flatMap(Double.init), seconds >= 0 {
                        retryAfter = .milliseconds(Int64(min(seconds, 30) * 1000))
                    }
                } else {
                    last = ChatProblem(outcome: "http_error", detail: "HTTP \(status): \(snippet)")
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch let problem as ChatProblem {
                last = problem
                record.durationMs = milliseconds(since: started)
            }
            record.problem = last
            attempts.append(record)
            guard last.retryable, attempt < endpoint.maxAttempts else { break }
            let pause = retryAfter ?? wait
            guard ContinuousClock.now + pause < deadline else { break }
            try await Task.sleep(for: pause)
            wait = wait * endpoint.backoffRate
        }
        if attempts.count > 1 { last.detail += " (after \(attempts.count) attempts)" }
        return ChatExchange(requestBody: bodyText, attempts: attempts, result: .failure(last))
    }

    private func send(endpoint: ChatEndpoint, body: Data, timeout: Duration) async throws -> (Int, HTTPHeaders, Data) {
        var request = HTTPClientRequest(url: endpoint.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if !endpoint.apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(endpoint.apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanosecondsCount))
            let bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
            return (Int(response.status.code), response.headers, Data(bytes.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch is NIOTooManyBytesError {
            throw ChatProblem(outcome: "http_error", detail: "the answer is larger than \(Self.maxResponseBytes) bytes")
        } catch {
            throw Self.problem(for: error, timeout: timeout)
        }
    }

    private static func problem(for error: any Error, timeout: Duration) -> ChatProblem {
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
                return ChatProblem(outcome: "timeout", detail: "no complete answer within \(timeout)")
            }
            if e == .remoteConnectionClosed {
                return ChatProblem(outcome: "unreachable", detail: "the server closed the connection")
            }
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("connect(descriptor:") {
            return ChatProblem(outcome: "unreachable", detail: "connection refused (is the inference server running?)")
        }
        return ChatProblem(outcome: "unreachable", detail: text)
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
              let content = choice.message?.content ?? choice.text else {
            throw ChatProblem(outcome: "invalid_response",
                              detail: "not a chat completion: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        return ChatReply(content: content, model: parsed.model, finishReason: choice.finish_reason,
                         promptTokens: parsed.usage?.prompt_tokens, completionTokens: parsed.usage?.completion_tokens)
    }
}

extension Duration {
    var nanosecondsCount: Int64 {
        let (s, atto) = components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}

