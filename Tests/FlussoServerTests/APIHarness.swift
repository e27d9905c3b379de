import FlussoCore
import FlussoServer
import FlussoTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import LocalStore
import Logging
import Pipeline
import Testing

/// A real API on a real SQLite file, served on 127.0.0.1 by the live test framework; every
/// response a test reads is also held against the OpenAPI document.
struct APIHarness {
    let directory = TemporaryDirectory()
    let database: SQLiteDatabase
    let store: SQLiteTicketStore
    let queue: SQLiteJobQueue
    let objects: FileObjectStore
    let api: FlussoAPI
    let conformance: OpenAPIConformance

    init(
        keyHashes: [String] = [], bodyLimit: Int = 10 * 1024 * 1024, classifierControl: (any ClassifierModelControl)? = nil,
        configure: (inout APIConfiguration) -> Void = { _ in }
    ) throws {
        database = try SQLiteDatabase(directory: directory.path)
        store = SQLiteTicketStore(database: database)
        queue = SQLiteJobQueue(database: database)
        objects = try FileObjectStore(root: directory.path + "/objects")
        var configuration = APIConfiguration()
        configuration.bodyLimit = bodyLimit
        configure(&configuration)
        api = FlussoAPI(
            intake: IntakeService(store: store, objects: objects, signal: WorkSignal()), store: store, queue: queue,
            feedback: SQLiteFeedbackStore(database: database), webhooks: SQLiteWebhookSubscriptionStore(database: database),
            deliveries: SQLiteWebhookDeliveryStore(database: database), metrics: StepMetrics(),
            authenticator: try APIKeyAuthenticator(hashes: keyHashes), configuration: configuration, workers: 0,
            classifierControl: classifierControl, reviews: SQLiteTicketReviewStore(database: database))
        conformance = try OpenAPIConformance()
    }

    /// Runs every queued ticket through the standard pipeline, as a worker would.
    func processQueued(classifier: (any TicketClassifier)? = nil, ocr: OCRStep = OCRStep(), enrich: EnrichStep = EnrichStep()) async throws {
        let processor = TicketProcessor(
            steps: StandardPipeline.steps(
                objects: objects, publisher: SQLiteOutbox(database: database),
                enrich: enrich, ocr: ocr, classifier: classifier),
            store: store, runner: StepRunner(), logger: Logger(label: "test"))
        while let lease = try await queue.lease(worker: "test", visibility: .seconds(60)) {
            _ = try await processor.process(ticketID: lease.ticketID)
            try await queue.complete(lease)
        }
    }

    func run(_ body: @escaping @Sendable (APIClient) async throws -> Void) async throws {
        let app = Application(router: api.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(APIClient(client: client, conformance: conformance))
        }
    }
}

/// A response with its parsed JSON.
struct APIResponse {
    var status: Int
    var headers: HTTPFields
    var body: Data
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol
    let conformance: OpenAPIConformance

    /// Sends a request; `template` is the documented path the response is checked against.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, template: String? = nil, body: String? = nil,
        contentType: String? = "application/json", authorization: String? = nil, data: Data? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let contentType, body != nil || data != nil { headers[.contentType] = contentType }
        let body = body.map { Data($0.utf8) } ?? data
        if let authorization { headers[.authorization] = authorization }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        let result = APIResponse(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        let path = template ?? String(uri.split(separator: "?").first ?? "")
        let problems = conformance.problems(
            method: method.rawValue, path: path, status: result.status,
            contentType: response.headers[.contentType], body: result.body)
        #expect(problems.isEmpty, "OpenAPI: \(problems)", sourceLocation: sourceLocation)
        return result
    }
}

extension APIClient {
    /// A request to a page outside the OpenAPI document (the console), with the given headers.
    func page(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> APIResponse {
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return APIResponse(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
    }
}

extension APIResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The `Set-Cookie` headers, by cookie name, as sent.
    var setCookies: [String: String] {
        var cookies: [String: String] = [:]
        for field in headers where field.name == .setCookie {
            let name = String(field.value.prefix { $0 != "=" })
            cookies[name] = field.value
        }
        return cookies
    }
}

extension OpenAPIConformance: @unchecked Sendable {}
// Safe: the parsed document is never mutated after init; it only holds Foundation plist values.
