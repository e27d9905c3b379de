import AsyncHTTPClient
import FlussoCore
import Foundation
import HTTPSupport
import NIOCore
import NIOHTTP1

/// Where and how to reach one AWS service.
///
/// `endpoint` overrides the public one (`https://{service}.{region}.amazonaws.com`): moto,
/// LocalStack or a VPC endpoint. Attempts and backoff follow the AWS SDKs' standard mode:
/// throttling and 5xx answers and connection errors are retried, doubling the wait.
public struct AWSServiceConfiguration: Sendable {
    public var region: String
    public var endpoint: String?
    public var credentials: AWSCredentials
    public var timeout: Duration = .seconds(30)
    public var maxAttempts: Int = 3
    public var initialBackoff: Duration = .milliseconds(100)

    public init(region: String, endpoint: String? = nil, credentials: AWSCredentials) {
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
    }
}

/// An answer from AWS.
public struct AWSResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// The small client core every adapter uses: signs each request with SigV4 for its service,
/// sends it with a deadline, retries what AWS says is retryable, and turns an AWS error answer
/// (XML or JSON) into a `FlussoError` with the AWS code in the message.
public struct AWSClient: Sendable {
    /// The signing name (`s3`, `sqs`, `sagemaker`, …).
    public let service: String
    /// The first label of the public host when it is not the signing name
    /// (`runtime.sagemaker`, `bedrock-runtime`).
    public let hostPrefix: String
    public let configuration: AWSServiceConfiguration
    /// The shared retry loop (`HTTPSupport`) with the SDKs' standard policy (no Retry-After).
    private let sender: RetryingHTTPSender
    private static let maxResponseBytes = 64 << 20

    public init(service: String, hostPrefix: String? = nil, configuration: AWSServiceConfiguration, http: HTTPClient = .shared) {
        self.service = service
        self.hostPrefix = hostPrefix ?? service
        self.configuration = configuration
        let policy = RetryPolicy(
            maxAttempts: max(1, configuration.maxAttempts), interval: configuration.initialBackoff, backoffRate: 2,
            maxDelay: RetryingHTTPSender.uncappedDelay, retryOn: [.transient, .throttled])
        sender = RetryingHTTPSender(
            client: http,
            configuration: .init(
                policy: policy, attemptTimeout: configuration.timeout,
                maxResponseBytes: Self.maxResponseBytes))
    }

    /// `https://{hostPrefix}.{region}.amazonaws.com`, or the configured endpoint.
    public var baseURL: String {
        var base = configuration.endpoint ?? "https://\(hostPrefix).\(configuration.region).amazonaws.com"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Sends one request (path already percent-encoded, starting with `/`) and returns any answer
    /// below 300, or throws: 404 → `not_found`; 403/400 signature or credential errors →
    /// `aws_auth` (permanent); other 4xx → `aws_error` (permanent); throttling, 5xx and
    /// connection failures after the last attempt → transient/throttled.
    public func send(
        method: String, path: String, query: [(String, String)] = [], headers: [String: String] = [:],
        body: Data = Data()
    ) async throws -> AWSResponse {
        var components = URLComponents(string: baseURL + path)
        if !query.isEmpty {
            components?.percentEncodedQuery = query.map { SigV4Signer.uriEncode($0.0) + "=" + SigV4Signer.uriEncode($0.1) }
                .joined(separator: "&")
        }
        guard let url = components?.url else { throw FlussoError(.invalidConfiguration, "bad AWS endpoint \(baseURL)\(path)") }
        let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: service)
        let service = self.service
        let baseURL = self.baseURL
        let result = try await sender.send(
            classify: { Self.verdict($0, service: service) },
            makeRequest: { _ in
                // Signed afresh for every attempt (the signature covers the current time).
                var request = HTTPClientRequest(url: url.absoluteString)
                request.method = HTTPMethod(rawValue: method)
                var all = headers
                all["host"] = SigV4Signer.hostHeader(url)
                for (name, value) in signer.sign(method: method, url: url, headers: all, body: body, date: Date()) { all[name] = value }
                for (name, value) in all where name != "host" { request.headers.add(name: name, value: value) }
                if !body.isEmpty || method == "PUT" || method == "POST" { request.body = .bytes(ByteBuffer(bytes: body)) }
                return request
            })
        switch result.outcome {
        case .response(let answer)?:
            let response = Self.response(answer)
            if response.status < 300 { return response }
            throw Self.failure(from: response, service: service)
        case .failure(let failure)?:
            throw FlussoError(.awsUnavailable, "\(service) at \(baseURL): \(failure.description)")
        case nil:
            throw FlussoError(.awsUnavailable, "no attempt made")
        }
    }

    /// Below 300 is the answer; an AWS error is retried when its code's kind is throttled or
    /// transient; every transport failure is transient (`aws_unavailable`).
    static func verdict(_ outcome: HTTPAttemptOutcome, service: String) -> HTTPVerdict {
        switch outcome {
        case .response(let answer) where answer.status < 300: .accept
        case .response(let answer): .fail(failure(from: response(answer), service: service).kind)
        case .failure: .fail(.transient)
        }
    }

    static func response(_ answer: HTTPResponseData) -> AWSResponse {
        AWSResponse(status: answer.status, headers: answer.headers.map { ($0.name, $0.value) }, body: answer.body)
    }

    /// The `FlussoError` of an AWS error answer: the AWS code from an XML (`<Code>`) or JSON
    /// (`__type`, `code`) body or `x-amzn-ErrorType`; the HTTP status and that code in `detail`.
    static func failure(from response: AWSResponse, service: String) -> FlussoError {
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        var code = response.header("x-amzn-ErrorType")?.split(separator: ":").first.map(String.init) ?? ""
        var message = ""
        if let start = text.range(of: "<Code>"), let end = text.range(of: "</Code>", range: start.upperBound..<text.endIndex) {
            code = String(text[start.upperBound..<end.lowerBound])
        }
        if let start = text.range(of: "<Message>"), let end = text.range(of: "</Message>", range: start.upperBound..<text.endIndex) {
            message = String(text[start.upperBound..<end.lowerBound])
        }
        if code.isEmpty, let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            code = ((object["__type"] ?? object["code"] ?? object["Code"]) as? String).map { String($0.split(separator: "#").last ?? "") } ?? ""
            message = (object["message"] ?? object["Message"]) as? String ?? ""
        }
        let summary = "\(service) answered HTTP \(response.status)\(code.isEmpty ? "" : " \(code)")\(message.isEmpty ? "" : ": \(message)")"
        let detail = "HTTP \(response.status)\(code.isEmpty ? "" : " \(code)")"
        let throttling: Set<String> = [
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
            "TooManyRequestsException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
            "SlowDown", "BandwidthLimitExceeded", "RequestThrottled", "PriorRequestNotComplete",
        ]
        if response.status == 429 || throttling.contains(code) { return FlussoError(.awsThrottled, summary, detail: detail) }
        if response.status >= 500 { return FlussoError(.awsUnavailable, summary, detail: detail) }
        if response.status == 404 { return FlussoError(.notFound, summary, detail: detail) }
        let auth: Set<String> = [
            "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidClientTokenId", "UnrecognizedClientException",
            "ExpiredToken", "ExpiredTokenException", "AccessDenied", "AccessDeniedException", "InvalidSignatureException",
            "MissingAuthenticationToken", "IncompleteSignature", "AuthFailure",
        ]
        if response.status == 403 || auth.contains(code) { return FlussoError(.awsAuth, summary, detail: detail) }
        return FlussoError(.awsError, summary, detail: detail)
    }
}
