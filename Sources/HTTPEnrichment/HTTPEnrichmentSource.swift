import AsyncHTTPClient
import FlussoCore
import Foundation
import HTTPSupport
import Logging
import NIOCore
import NIOHTTP1

/// Settings of a site's own customer and asset API; defaults are documented in
/// docs/configuration.md (`enrich.http.*`).
public struct HTTPEnrichmentSettings: Sendable {
    /// `http(s)://…{customer_id}…`; nil: customers come from another source.
    public var customerURL: String?
    /// `http(s)://…{serial}…`; nil: assets come from another source.
    public var assetURL: String?
    /// `http(s)://…{serial}…` answering the asset's service history; nil: the history is read
    /// from the asset answer (at `history.items` of the mapping), when it holds one.
    public var historyURL: String?
    /// Sent with every request (e.g. `Authorization: Bearer …`).
    public var headers: [(name: String, value: String)] = []
    /// One attempt's limit, connect to last byte.
    public var timeout: Duration = .seconds(5)
    /// Attempts on timeouts, refused connections, 429 and 5xx.
    public var maxAttempts = 2
    /// How long an answer (also "not found") is reused; zero: never.
    public var cacheTTL: Duration = .seconds(300)
    /// Largest answer read.
    public var maxResponseBytes = 1 << 20
    public var mapping = EnrichmentFieldMapping.identity

    /// The longest one lookup may take: every attempt's timeout and the waits between them.
    public var requestBudget: Duration {
        let attempts = max(1, maxAttempts)
        return timeout * attempts + .seconds(5) * (attempts - 1)
    }

    public init(customerURL: String? = nil, assetURL: String? = nil, historyURL: String? = nil) {
        self.customerURL = customerURL
        self.assetURL = assetURL
        self.historyURL = historyURL
    }

    /// Checks a URL template: http or https, with `placeholder` in it.
    public static func validate(template: String, placeholder: String, key: String) throws {
        let lower = template.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), template.contains(placeholder),
            URL(string: template.replacingOccurrences(of: placeholder, with: "x")) != nil
        else {
            throw FlussoError(.invalidConfiguration, "\(key) must be an http(s) URL containing \(placeholder) (got '\(template)')")
        }
    }
}

/// `CustomerDirectory` and `AssetRegistry` over a site's own JSON API: GET on the URL templates
/// with the id filled in (percent-encoded), the fields read through the mapping's JSON pointers.
/// 404 is "not known" (`found: false`); redirects are not followed (the auth header must not go
/// to another host: configure the final URL); timeouts, refused connections, 429 and 5xx are
/// tried `maxAttempts` times. Every other outcome — a source that hangs, answers 5xx to the
/// end, redirects, sends something that is not a JSON object, or more than `maxResponseBytes` —
/// is an `enrichment_source_unavailable` error saying which, on which the enrich step ends
/// `partial` and the ticket goes on. Answers (and 404s) are cached for `cacheTTL`; failures are
/// not. Values of the wrong shape leave their field empty, with a warning naming it.
public final class HTTPEnrichmentSource: CustomerDirectory, AssetRegistry {
    public let sourceName = "http"
    private let settings: HTTPEnrichmentSettings
    private let sender: RetryingHTTPSender
    private let cache: TTLCache<JSONValue?>
    private let logger: Logger

    /// RFC 3986's unreserved characters.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A client that never follows redirects and fails a refused connection at once (the
    /// sender's policy decides how often it is tried).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(settings: HTTPEnrichmentSettings, logger: Logger) throws {
        if let url = settings.customerURL {
            try HTTPEnrichmentSettings.validate(template: url, placeholder: "{customer_id}", key: "enrich.http.customer_url")
        }
        if let url = settings.assetURL { try HTTPEnrichmentSettings.validate(template: url, placeholder: "{serial}", key: "enrich.http.asset_url") }
        if let url = settings.historyURL {
            try HTTPEnrichmentSettings.validate(template: url, placeholder: "{serial}", key: "enrich.http.history_url")
        }
        self.settings = settings
        self.logger = logger
        cache = TTLCache(ttl: settings.cacheTTL)
        sender = RetryingHTTPSender(
            client: Self.client,
            configuration: .init(
                policy: RetryPolicy(
                    maxAttempts: max(1, settings.maxAttempts), interval: .milliseconds(200), backoffRate: 2, maxDelay: .seconds(5),
                    retryOn: [.transient, .throttled]),
                attemptTimeout: settings.timeout, maxResponseBytes: settings.maxResponseBytes, retryAfterCap: .seconds(5)))
    }

    public func customer(id: String) async throws -> CustomerRecord? {
        guard let template = settings.customerURL else {
            throw FlussoError(.invalidConfiguration, "no customer URL is configured (enrich.http.customer_url)")
        }
        guard let document = try await fetch(template, placeholder: "{customer_id}", id: id, what: "customer \(id)") else { return nil }
        let fields = settings.mapping.customer
        let value = { (field: String) in document.at(pointer: fields[field] ?? "/" + field) }
        var record = CustomerRecord(id: id, name: EnrichmentValues.text(value("name")) ?? "")
        record.tier = EnrichmentValues.text(value("tier"))
        record.contract = EnrichmentValues.text(value("contract"))
        record.slaHours = EnrichmentValues.hours(value("sla_hours"))
        warnMisfits(["sla_hours": (value("sla_hours"), record.slaHours != nil)], record: "customer \(id)")
        return record
    }

    public func asset(serial: String) async throws -> AssetRecord? {
        guard let document = try await assetDocument(serial: serial) else { return nil }
        let fields = settings.mapping.asset
        let value = { (field: String) in document.at(pointer: fields[field] ?? "/" + field) }
        let record = AssetRecord(
            serial: serial, customerID: EnrichmentValues.text(value("customer_id")), productType: EnrichmentValues.text(value("product_type")),
            model: EnrichmentValues.text(value("model")), warrantyEnd: EnrichmentValues.date(value("warranty_end")),
            installDate: EnrichmentValues.date(value("install_date")))
        warnMisfits(
            [
                "warranty_end": (value("warranty_end"), record.warrantyEnd != nil),
                "install_date": (value("install_date"), record.installDate != nil),
            ], record: "asset \(serial)")
        return record
    }

    public func history(serial: String, limit: Int) async throws -> [ServiceEvent] {
        let document: JSONValue?
        if let template = settings.historyURL {
            document = try await fetch(template, placeholder: "{serial}", id: serial, what: "service history of \(serial)")
        } else {
            document = try await assetDocument(serial: serial)
        }
        let fields = settings.mapping.history
        guard case .array(let items)? = document?.at(pointer: fields["items"] ?? "/service_history") else { return [] }
        var events: [ServiceEvent] = []
        var skipped = 0
        for item in items {
            let value = { (field: String) in item.at(pointer: fields[field] ?? "/" + field) }
            guard let date = EnrichmentValues.date(value("date")), let action = EnrichmentValues.text(value("action")) else {
                skipped += 1
                continue
            }
            events.append(
                ServiceEvent(
                    serial: serial, date: date, action: action, parts: EnrichmentValues.text(value("parts")),
                    note: EnrichmentValues.text(value("note"))))
        }
        if skipped > 0 {
            logger.warning(
                "service history entries without a date or action were left out",
                metadata: ["serial": "\(serial)", "skipped": "\(skipped)"])
        }
        return Array(events.enumerated().sorted { ($0.element.date, $1.offset) > ($1.element.date, $0.offset) }.map(\.element).prefix(max(0, limit)))
    }

    private func assetDocument(serial: String) async throws -> JSONValue? {
        guard let template = settings.assetURL else {
            throw FlussoError(.invalidConfiguration, "no asset URL is configured (enrich.http.asset_url)")
        }
        return try await fetch(template, placeholder: "{serial}", id: serial, what: "asset \(serial)")
    }

    /// The JSON object at the template's URL for `id`; nil for 404.
    private func fetch(_ template: String, placeholder: String, id: String, what: String) async throws -> JSONValue? {
        // Only unreserved characters stay as they are: an id can add no path segment or query
        // parameter, and `.`/`..` (a path of their own) are no id.
        guard id != ".", id != "..", !id.isEmpty else { return nil }
        let encoded = id.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? id
        let url = template.replacingOccurrences(of: placeholder, with: encoded)
        if let cached = cache.value(for: url) { return cached }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        for header in settings.headers { request.headers.add(name: header.name, value: header.value) }
        let deadline = ContinuousClock.now + settings.requestBudget
        let result = try await sender.send(request, deadline: deadline) { outcome in
            switch outcome {
            case .failure: .fail(.transient)
            case .response(let response) where response.status == 429: .fail(.throttled)
            case .response(let response) where response.status >= 500: .fail(.transient)
            case .response: .accept
            }
        }
        let tries = "\(result.attempts.count) attempt\(result.attempts.count == 1 ? "" : "s")"
        guard let response = result.response else {
            let why = result.failure.map { Self.describe($0, limit: settings.maxResponseBytes) } ?? "no attempt fitted in the deadline"
            throw unavailable("\(what): \(why) (\(tries))")
        }
        switch response.status {
        case 200..<300:
            guard let document = try? JSONValue.parse(response.body), case .object = document else {
                let type = response.headers.first(name: "Content-Type") ?? "no content type"
                throw unavailable("\(what): the source answered \(response.status) with a body that is not a JSON object (\(type))")
            }
            cache.store(document, for: url)
            return document
        case 404:
            cache.store(nil, for: url)
            return nil
        case 300..<400:
            let location = response.headers.first(name: "Location") ?? "no Location"
            throw unavailable(
                "\(what): the source answered \(response.status), a redirect to \(location); redirects are not followed: configure the final URL")
        default:
            throw unavailable("\(what): the source answered HTTP \(response.status) (\(tries))")
        }
    }

    private func unavailable(_ message: String) -> FlussoError {
        FlussoError(.enrichmentSourceUnavailable, message)
    }

    static func describe(_ failure: HTTPTransportFailure, limit: Int) -> String {
        switch failure.kind {
        case .timeout: "no answer within the timeout"
        case .connectionRefused: "connection refused"
        case .connectionClosed: "the source closed the connection before answering"
        case .bodyTooLarge: "the answer is larger than \(limit) bytes"
        case .other: "the request failed: \(failure.description)"
        }
    }

    private func warnMisfits(_ fields: [String: (value: JSONValue?, used: Bool)], record: String) {
        for (field, entry) in fields.sorted(by: { $0.key < $1.key }) where entry.value != nil && entry.value != .null && !entry.used {
            logger.warning(
                "a field of the site API's answer has the wrong shape and was left empty",
                metadata: ["record": "\(record)", "field": "\(field)", "type": "\(entry.value?.typeName ?? "null")"])
        }
    }
}
