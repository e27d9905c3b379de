import FlussoCore
import Foundation
import HTTPSupport

/// How a server wants to be told the answer's JSON schema.
public enum StructuredOutputFormat: String, Sendable, CaseIterable {
    /// llama.cpp (`llama_cpp.server`, `llama-server`): `response_format: {"type": "json_object", "schema": …}`.
    case llamaCpp = "llama-cpp"
    /// OpenAI, vLLM and most hosted APIs: `response_format: {"type": "json_schema", "json_schema": {…}}`.
    case openAI = "openai"
    /// Ollama: a top-level `format` holding the schema.
    case ollama
    /// No schema is sent; the prompt alone asks for the JSON (servers that refuse both forms).
    case none
}

/// One OpenAI-compatible chat endpoint of the fallback chain, with the design's defaults.
///
/// Invariants (checked by `validated()`): `url` is http(s); `temperature` in 0…2; `maxTokens`,
/// `maxAttempts` and `contextTokens` positive, and `contextTokens` leaves room for a prompt.
public struct ChatEndpoint: Sendable, Equatable {
    /// The link's name in the chain: `primary`, `secondary`.
    public var name: String
    /// Base URL (`http://127.0.0.1:8090`) or the full `…/v1/chat/completions`.
    public var url: String
    /// The `model` field of each request (llama.cpp serves whatever it loaded; Ollama and vLLM need it).
    public var model: String
    public var format: StructuredOutputFormat = .llamaCpp
    /// 0.3, as in the design.
    public var temperature: Double = 0.3
    /// 2000, as in the design: also what bounds a server that would stream forever.
    public var maxTokens: Int = 2000
    /// Deadline of one request (connect + whole answer).
    public var timeout: Duration = .seconds(60)
    /// Attempts on throttling (429/503) and timeouts: 3, as in the design.
    public var maxAttempts: Int = 3
    /// First wait between attempts (5 s in the design), multiplied by `backoffRate` each time; a
    /// `Retry-After` header (up to 30 s) wins.
    public var retryInterval: Duration = .seconds(5)
    public var backoffRate: Double = 2.0
    /// The server's context window in tokens: prompt + `maxTokens` must fit, so chunks are trimmed.
    public var contextTokens: Int = 4096
    /// Sent as `Authorization: Bearer …` when not empty.
    public var apiKey: String = ""
    /// Replace personal data in the prompt with placeholders before sending (for an endpoint off
    /// this machine); needs the chain's redactor.
    public var redactPII = false

    public init(name: String, url: String, model: String) {
        self.name = name
        self.url = url
        self.model = model
    }

    /// `url` itself if it names the completions route, else `url + /v1/chat/completions`.
    public var endpoint: String { EndpointURL.resolve(url, routeSuffix: "/chat/completions", fullRoute: "/v1/chat/completions") }

    /// Tokens left for the prompt once the answer's budget is reserved.
    public var promptBudget: Int { contextTokens - maxTokens }

    /// This endpoint, or `invalid_configuration` naming the key (`generation.<name>.*`) at fault.
    public func validated() throws -> ChatEndpoint {
        let key = "generation.\(name)"
        guard let parsed = URL(string: endpoint), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw FlussoError(.invalidConfiguration, "\(key).url must be an http(s) URL, got '\(url)'")
        }
        guard (0...2).contains(temperature) else { throw FlussoError(.invalidConfiguration, "\(key).temperature must be 0 to 2") }
        guard maxTokens >= 16 else { throw FlussoError(.invalidConfiguration, "\(key).max_tokens must be at least 16") }
        guard (1...10).contains(maxAttempts) else { throw FlussoError(.invalidConfiguration, "\(key).max_attempts must be 1 to 10") }
        guard timeout > .zero, retryInterval >= .zero, backoffRate >= 1 else {
            throw FlussoError(.invalidConfiguration, "\(key).timeout_s must be positive, retry_interval_s ≥ 0, backoff_rate ≥ 1")
        }
        guard promptBudget >= 256 else {
            throw FlussoError(
                .invalidConfiguration,
                "\(key).context_tokens (\(contextTokens)) must exceed \(key).max_tokens (\(maxTokens)) by at least 256 tokens for the prompt")
        }
        return self
    }
}
