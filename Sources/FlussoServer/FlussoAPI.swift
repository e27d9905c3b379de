import FlussoCore
import Foundation
import Hummingbird
import Logging
import Pipeline

/// Settings of the HTTP API; defaults are documented in docs/configuration.md.
public struct APIConfiguration: Sendable {
    /// Largest request body accepted, in bytes (larger bodies get 413).
    public var bodyLimit = 10 * 1024 * 1024
    /// Default and largest page size of `GET /tickets`.
    public var defaultPageSize = 50
    public var maxPageSize = 500
    /// Whether webhook subscriptions may target private, loopback or link-local addresses
    /// (`webhooks.allow_private`).
    public var allowPrivateWebhooks = false
    /// `GET /events`: how often a stream looks for new events, how long it may stay silent
    /// before a keep-alive comment, and how many streams may be open at once.
    public var eventsPoll: Duration = .milliseconds(100)
    public var eventsKeepAlive: Duration = .seconds(15)
    public var maxEventStreams = 64
    /// How long a webhook subscription's previous secret keeps signing after a rotation.
    public var secretRotationGrace: Duration = .seconds(86_400)
    public init() {}
}

/// The HTTP API: routes over the ports. It knows no adapter.
public struct FlussoAPI: Sendable {
    public let intake: IntakeService
    public let store: any TicketStore
    public let queue: any JobQueue
    public let feedback: any FeedbackStore
    public let webhooks: any WebhookSubscriptionStore
    public let deliveries: any WebhookDeliveryStore
    public let metrics: StepMetrics
    /// This process's dispatcher's counters (empty when it runs none).
    public let webhookMetrics: WebhookMetrics
    public let authenticator: APIKeyAuthenticator
    public let configuration: APIConfiguration
    public let clock: any PipelineClock
    /// How many workers run in this process (reported by /readyz).
    public let workers: Int
    /// The local classifier's model (reloaded by `POST /admin/classifier/reload`; its categories
    /// are what feedback's `corrected_category` may name); nil when there is none.
    public let classifierControl: (any ClassifierModelControl)?
    /// Reviewers' decisions (`POST /tickets/{id}/review`); nil: the review routes answer 404.
    public let reviews: (any TicketReviewStore)?
    private let openStreams = EventStreamRoute.OpenStreams()

    public init(
        intake: IntakeService, store: any TicketStore, queue: any JobQueue, feedback: any FeedbackStore,
        webhooks: any WebhookSubscriptionStore, deliveries: any WebhookDeliveryStore, metrics: StepMetrics,
        webhookMetrics: WebhookMetrics = WebhookMetrics(), authenticator: APIKeyAuthenticator, configuration: APIConfiguration = APIConfiguration(),
        clock: any PipelineClock = SystemClock(), workers: Int, classifierControl: (any ClassifierModelControl)? = nil,
        reviews: (any TicketReviewStore)? = nil
    ) {
        self.classifierControl = classifierControl
        self.reviews = reviews
        self.intake = intake
        self.store = store
        self.queue = queue
        self.feedback = feedback
        self.webhooks = webhooks
        self.deliveries = deliveries
        self.metrics = metrics
        self.webhookMetrics = webhookMetrics
        self.authenticator = authenticator
        self.configuration = configuration
        self.clock = clock
        self.workers = workers
    }

    /// The router with every route, the error renderer and, when keys are configured, auth.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: APIKeyMiddleware(authenticator: authenticator))
        router.post("/tickets") { request, context in try await createTicket(request, context) }
        router.get("/tickets") { request, _ in try await listTickets(request) }
        router.get("/tickets/{id}") { _, context in try await showTicket(try ticketID(context)) }
        router.post("/tickets/{id}/feedback") { request, context in try await addFeedback(request, context) }
        router.get("/tickets/{id}/feedback") { _, context in try await listFeedback(try ticketID(context)) }
        if let reviews {
            router.post("/tickets/{id}/review") { request, context in
                let id = try ticketID(context)
                // An unknown or unfinished ticket is refused before its body is read.
                guard Ticket.isWellFormedID(id), let ticket = try await store.ticket(id: id) else { throw FlussoError.notFound("ticket \(id)") }
                try Self.requireFinished(ticket)
                let outcome = try await ReviewService(reviews: reviews, clock: clock).review(try await jsonBody(request, context), ticketID: id)
                context.logger.info(
                    "ticket reviewed",
                    metadata: [
                        "ticket_id": "\(id)", "action": "\(outcome.review.action.rawValue)", "status": "\(outcome.ticket.status.rawValue)",
                        "solution_version": "\(outcome.review.toVersion)",
                    ])
                return JSONResponse.make(outcome.review)
            }
            router.get("/tickets/{id}/reviews") { _, context in
                let id = try ticketID(context)
                guard Ticket.isWellFormedID(id), try await store.ticket(id: id) != nil else { throw FlussoError.notFound("ticket \(id)") }
                return JSONResponse.make(try await reviews.history(ticketID: id))
            }
        }
        router.get("/admin/classifier") { _, _ in
            guard let classifierControl else { throw Self.noLocalClassifier }
            return JSONResponse.make(classifierControl.current())
        }
        router.post("/admin/classifier/reload") { _, context in
            guard let classifierControl else { throw Self.noLocalClassifier }
            let info = try classifierControl.reload()
            context.logger.notice("classifier model reloaded through the API", metadata: ["revision": "\(info.revision)"])
            return JSONResponse.make(info)
        }
        WebhookRoutes(
            store: webhooks, tickets: store, deliveries: deliveries, allowPrivate: configuration.allowPrivateWebhooks, clock: clock,
            maxPageSize: configuration.maxPageSize, rotationGrace: configuration.secretRotationGrace
        ).add(
            to: router, body: { request, context in try await jsonBody(request, context) },
            optionalBody: { request, context in try await optionalJSONBody(request, context) })
        EventStreamRoute(
            deliveries: deliveries, poll: configuration.eventsPoll, keepAlive: configuration.eventsKeepAlive,
            maxStreams: configuration.maxEventStreams, open: openStreams
        ).add(to: router)
        ConsoleRoutes(store: store, feedback: feedback, authenticator: authenticator, clock: clock, pageSize: configuration.defaultPageSize)
            .add(to: router)
        router.get("/healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("/readyz") { _, _ in await readiness() }
        router.get("/metrics") { _, _ in
            JSONResponse.text(
                try await PrometheusText.render(
                    store: store, queue: queue, metrics: metrics, webhooks: webhookMetrics, backlog: try await deliveries.backlog(),
                    now: clock.now()),
                contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/openapi.yaml") { _, _ in
            JSONResponse.text(OpenAPIDocument.yaml, contentType: "application/yaml")
        }
        return router
    }

    // MARK: - Handlers

    private func createTicket(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        let body: JSONValue
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MultipartTicket.boundary(of: contentType) else {
                throw FlussoError(.invalidMultipart, "multipart/form-data needs a boundary parameter")
            }
            body = try MultipartTicket.ticketBody(try await collectBody(request), boundary: boundary)
        } else {
            body = try await jsonBody(request, context)
        }
        let ticket = try await intake.accept(body)
        context.logger.debug("ticket accepted", metadata: ["ticket_id": "\(ticket.ticketID)"])
        var response = JSONResponse.make(["ticket_id": ticket.ticketID, "status": TicketStatus.processing.rawValue], status: .accepted)
        response.headers[.location] = "/tickets/\(ticket.ticketID)"
        return response
    }

    private func showTicket(_ id: String) async throws -> Response {
        guard Ticket.isWellFormedID(id), let ticket = try await store.ticket(id: id) else {
            throw FlussoError.notFound("ticket \(id)")
        }
        async let steps = store.stepRecords(ticketID: id)
        async let feedbackItems = feedback.feedback(ticketID: id)
        return JSONResponse.make(
            TicketDetail(ticket: ticket.refreshingSLA(at: clock.now()), steps: try await steps, feedback: try await feedbackItems))
    }

    private func listTickets(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var status: TicketStatus?
        if let text = query["status"].map(String.init), !text.isEmpty {
            guard let parsed = TicketStatus(rawValue: text.uppercased()) else {
                throw FlussoError(
                    .invalidParameter, "status must be one of \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            status = parsed
        }
        var limit = configuration.defaultPageSize
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...configuration.maxPageSize).contains(value) else {
                throw FlussoError(.invalidParameter, "limit must be an integer from 1 to \(configuration.maxPageSize)", field: "limit")
            }
            limit = value
        }
        var overdue = false
        if let text = query["overdue"].map(String.init), !text.isEmpty {
            guard let value = Bool(text.lowercased()) else {
                throw FlussoError(.invalidParameter, "overdue must be true or false", field: "overdue")
            }
            overdue = value
        }
        let cursor = query["cursor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let now = clock.now()
        let page = try await store.list(TicketFilter(status: status, overdueAt: overdue ? now : nil), limit: limit, cursor: cursor)
        return JSONResponse.make(TicketList(tickets: page.tickets.map { $0.refreshingSLA(at: now) }, nextCursor: page.nextCursor))
    }

    private func addFeedback(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try ticketID(context)
        let categories = classifierControl.map { Set($0.current().categories) }
        let service = FeedbackService(store: store, feedback: feedback, clock: clock, categories: categories)
        // An unknown or unfinished ticket is refused before its body is read.
        guard Ticket.isWellFormedID(id), let ticket = try await store.ticket(id: id) else { throw FlussoError.notFound("ticket \(id)") }
        try Self.requireFinished(ticket)
        let item = try await service.accept(try await jsonBody(request, context), ticketID: id)
        var response = JSONResponse.make(item, status: .created)
        response.headers[.location] = "/tickets/\(id)"
        return response
    }

    private func listFeedback(_ id: String) async throws -> Response {
        guard Ticket.isWellFormedID(id), try await store.ticket(id: id) != nil else { throw FlussoError.notFound("ticket \(id)") }
        return JSONResponse.make(FeedbackHistory(try await feedback.feedback(ticketID: id)))
    }

    private static func requireFinished(_ ticket: Ticket) throws {
        guard ticket.status.isFinal else {
            throw FlussoError(
                .ticketNotFinished, "ticket \(ticket.ticketID) is \(ticket.status.rawValue); it takes feedback and reviews once it is final")
        }
    }

    private static let noLocalClassifier = FlussoError(
        .noLocalClassifier, "this process has no local classifier model (classifier.backend local with a model file) to show or reload")

    private func readiness() async -> Response {
        do {
            _ = try await store.ticket(id: "tkt_00000000-0000-0000-0000-000000000000")
            _ = try await queue.stats()
            return JSONResponse.make(ReadyStatus(status: "ready", database: "ok", workers: workers))
        } catch {
            return JSONResponse.make(ReadyStatus(status: "not_ready", database: error.flussoMessage, workers: workers), status: .serviceUnavailable)
        }
    }

    // MARK: - Request helpers

    private func ticketID(_ context: BasicRequestContext) throws -> String {
        guard let id = context.parameters.get("id") else { throw FlussoError(.invalidParameter, "missing ticket id", field: "id") }
        return id
    }

    /// Reads a JSON body: 415 unless the content type is JSON, 413 past the limit, 400 for bad JSON.
    private func jsonBody(_ request: Request, _ context: BasicRequestContext) async throws -> JSONValue {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            throw FlussoError(.unsupportedMediaType, "send the body as application/json (got \(type ?? "no content type"))")
        }
        let data = try await collectBody(request)
        guard !data.isEmpty else { throw FlussoError(.invalidJSON, "the body is empty; send a JSON object") }
        return try JSONValue.parse(data)
    }

    /// The JSON body, or nil when there is none (an empty body needs no content type).
    private func optionalJSONBody(_ request: Request, _ context: BasicRequestContext) async throws -> JSONValue? {
        let data = try await collectBody(request)
        guard !data.isEmpty else { return nil }
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            throw FlussoError(.unsupportedMediaType, "send the body as application/json (got \(type ?? "no content type"))")
        }
        return try JSONValue.parse(data)
    }

    /// The whole body, or 413 past `bodyLimit`.
    private func collectBody(_ request: Request) async throws -> Data {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > configuration.bodyLimit {
            throw FlussoError(.bodyTooLarge, "the body has \(length) bytes; the limit is \(configuration.bodyLimit)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.bodyLimit)
        } catch {
            throw FlussoError(.bodyTooLarge, "the body is larger than the limit of \(configuration.bodyLimit) bytes")
        }
        return Data(buffer.readableBytesView)
    }
}

struct ReadyStatus: Encodable {
    var status: String
    var database: String
    var workers: Int
}

struct TicketList: Encodable {
    var tickets: [Ticket]
    var nextCursor: String?
    enum CodingKeys: String, CodingKey {
        case tickets
        case nextCursor = "next_cursor"
    }
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tickets, forKey: .tickets)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// `GET /tickets/{id}`: the ticket's fields plus its step records and feedback.
public struct TicketDetail: Encodable {
    public var ticket: Ticket
    public var steps: [StepRecord]
    public var feedback: [Feedback]
    public init(ticket: Ticket, steps: [StepRecord], feedback: [Feedback]) {
        self.ticket = ticket
        self.steps = steps
        self.feedback = feedback
    }
    enum Extra: String, CodingKey { case steps, feedback }
    public func encode(to encoder: Encoder) throws {
        try ticket.encode(to: encoder)
        var container = encoder.container(keyedBy: Extra.self)
        try container.encode(steps, forKey: .steps)
        try container.encode(feedback, forKey: .feedback)
    }
}
