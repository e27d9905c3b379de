import AsyncHTTPClient
import FlussoCore
import Foundation
import HTTPSupport
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// `WebhookTransport` over AsyncHTTPClient, with the safety of outbound calls:
///
/// - Unless `allowPrivate`, the URL's host is checked as written and, for a name, on every
///   address it resolves to (`OutboundAddress`); the request then goes to the checked address
///   (HTTP: the URL names the address and `Host` the name; HTTPS: a client whose DNS override pins
///   the name to the address, so the certificate is still checked against the name). A name that
///   resolves to a private address at delivery time is refused, and DNS cannot be switched
///   between the check and the connection.
/// - Redirects are never followed: a 3xx is the answer (a failed attempt).
/// - Connect timeout, and a total timeout covering the answer's head and body.
/// - At most `maxResponseBytes` of the answer are read; the rest is dropped with the connection.
public struct HTTPWebhookTransport: WebhookTransport {
    public struct Settings: Sendable {
        public var allowPrivate = false
        public var connectTimeout: Duration = .seconds(3)
        /// Connect to the answer's last byte read.
        public var totalTimeout: Duration = .seconds(10)
        public var maxResponseBytes = 64 * 1024
        public init() {}
    }

    public let settings: Settings

    /// The process-wide client for plain deliveries: redirects disallowed, no connection retries
    /// inside the pool (a down receiver fails the attempt at once; the dispatcher retries).
    static let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration())

    static func configuration(dnsOverride: [String: String] = [:], connect: Duration = .seconds(3)) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .milliseconds(connect.milliseconds.rounded().int64)
        configuration.dnsOverride = dnsOverride
        return configuration
    }

    public init(settings: Settings) {
        self.settings = settings
    }

    public func send(_ request: WebhookRequest) async -> WebhookResponse {
        let started = ContinuousClock.now
        func failed(_ failure: WebhookResponse.Failure, _ message: String, status: Int? = nil) -> WebhookResponse {
            WebhookResponse(status: status, duration: ContinuousClock.now - started, failure: failure, message: message)
        }
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            return failed(.invalidURL, "\(request.url) is not an http(s) URL with a host")
        }
        var target = Target(url: request.url, hostHeader: nil, dnsOverride: [:])
        if !settings.allowPrivate {
            if let problem = OutboundAddress.problem(withURL: request.url) {
                return failed(.refusedAddress, "\(problem); Flusso calls public addresses only unless webhooks.allow_private is true")
            }
            let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
            if !Self.isLiteral(bare) {
                let addresses: [String]
                do {
                    addresses = try await HostResolver.addresses(of: bare, within: settings.connectTimeout)
                } catch {
                    return failed(.unresolved, "\(error)")
                }
                for address in addresses {
                    if let problem = OutboundAddress.problem(withHost: address) {
                        return failed(
                            .refusedAddress,
                            "\(bare) resolves to \(address): \(problem); Flusso calls public addresses only unless webhooks.allow_private is true"
                        )
                    }
                }
                guard let pinned = Target.pinned(url: url, scheme: scheme, host: bare, address: addresses[0]) else {
                    return failed(.invalidURL, "\(request.url) cannot be rewritten to its checked address \(addresses[0])")
                }
                target = pinned
            }
        }
        let pinned = target
        do {
            return try await withTimeout(settings.totalTimeout) { try await self.post(request, to: pinned, started: started) }
        } catch is TimedOut {
            return failed(.timeout, "no whole answer within \(settings.totalTimeout.seconds) s")
        } catch {
            let failure = HTTPTransportFailure(classifying: error)
            switch failure.kind {
            case .timeout: return failed(.timeout, "no whole answer within \(settings.totalTimeout.seconds) s")
            case .connectionRefused: return failed(.connectionRefused, "connection refused: \(failure.description)")
            default: return failed(.other, failure.description)
            }
        }
    }

    /// Where the request really goes once the host's address is checked.
    struct Target: Sendable {
        var url: String
        var hostHeader: String?
        var dnsOverride: [String: String]

        /// Nil when the URL cannot be rewritten (never sent unpinned: that would resolve again).
        static func pinned(url: URL, scheme: String, host: String, address: String) -> Target? {
            if scheme == "https" {
                return Target(url: url.absoluteString, hostHeader: nil, dnsOverride: [host: address])
            }
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
            let literal = address.contains(":") ? "[\(address)]" : address
            components?.percentEncodedHost = literal
            guard let pinned = components?.url?.absoluteString else { return nil }
            let hostHeader = url.port.map { "\(host):\($0)" } ?? host
            return Target(url: pinned, hostHeader: hostHeader, dnsOverride: [:])
        }
    }

    private func post(_ request: WebhookRequest, to target: Target, started: ContinuousClock.Instant) async throws -> WebhookResponse {
        var http = HTTPClientRequest(url: target.url)
        http.method = .POST
        for header in request.headers { http.headers.add(name: header.name, value: header.value) }
        if let hostHeader = target.hostHeader { http.headers.replaceOrAdd(name: "host", value: hostHeader) }
        http.body = .bytes(ByteBuffer(bytes: request.body))
        let client: HTTPClient
        if target.dnsOverride.isEmpty {
            client = Self.client
        } else {
            client = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                configuration: Self.configuration(dnsOverride: target.dnsOverride, connect: settings.connectTimeout))
        }
        do {
            let response = try await client.execute(http, timeout: .milliseconds(settings.totalTimeout.milliseconds.rounded().int64))
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read >= settings.maxResponseBytes { break }
            }
            if client !== Self.client { try? await client.shutdown() }
            return WebhookResponse(
                status: Int(response.status.code), duration: ContinuousClock.now - started,
                retryAfter: RetryAfter.parse(response.headers.first(name: "retry-after"), now: Date()))
        } catch {
            if client !== Self.client { try? await client.shutdown() }
            throw error
        }
    }

    static func isLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

struct TimedOut: Error {}

/// Runs `body`, cancelling it when `limit` passes first (then throws `TimedOut`).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut() }
        return value
    }
}

extension Double {
    fileprivate var int64: Int64 { Int64(self) }
}
