import FlussoCore
import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization

/// `GET /events`: the outbox's events as Server-Sent Events — `id:` the event's position (send it
/// back as `Last-Event-ID` to resume after it), `event:` its type, `data:` the envelope webhooks
/// carry. `types=` filters (comma-separated); without `Last-Event-ID` or `after=` a stream starts
/// with the next event. A comment line every `keepAlive` keeps proxies from closing an idle
/// stream; at most `maxStreams` are open at once. A stream ends when the server shuts down or the
/// client goes (seen at the next write: a keep-alive at the latest, which then frees its slot).
struct EventStreamRoute: Sendable {
    let deliveries: any WebhookDeliveryStore
    let poll: Duration
    let keepAlive: Duration
    let maxStreams: Int
    let open: OpenStreams

    /// Events read from the store per look.
    static let batch = 500

    final class OpenStreams: Sendable {
        let count = Atomic<Int>(0)
        init() {}
    }

    /// One stream's place among the open ones, given back when the response body is released —
    /// also when it never ran (the client left before the head was written).
    final class Slot: Sendable {
        let streams: OpenStreams
        init(_ streams: OpenStreams) { self.streams = streams }
        deinit { streams.count.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
    }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/events") { request, _ in try await stream(request) }
    }

    private func stream(_ request: Request) async throws -> Response {
        let types = try Self.types(request.uri.queryParameters["types"].map(String.init))
        var cursor = try Self.start(request)
        if cursor == nil { cursor = try await deliveries.latestEventSeq() }
        guard open.count.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue <= maxStreams else {
            open.count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            throw FlussoError(.tooManyEventStreams, "\(maxStreams) event streams are open, the most this server allows (server.max_event_streams)")
        }
        let slot = Slot(open)
        let start = cursor ?? 0
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { [deliveries, poll, keepAlive, slot] writer in
                withExtendedLifetime(slot) {}
                var position = start
                // The reconnection delay, and the headers on their way at once.
                try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
                var lastWrite = ContinuousClock.now
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    let batch = try await deliveries.events(after: position, limit: Self.batch)
                    var text = ""
                    for entry in batch.entries where types.isEmpty || types.contains(entry.event.type) {
                        text += Self.frame(entry)
                    }
                    position = batch.lastSeq ?? position
                    if !text.isEmpty {
                        try await writer.write(ByteBuffer(string: text))
                        lastWrite = .now
                    }
                    if batch.count == Self.batch { continue }
                    if ContinuousClock.now - lastWrite >= keepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        lastWrite = .now
                    }
                    try await Task.sleep(for: poll)
                }
                try await writer.finish(nil)
            })
    }

    /// One event as an SSE frame (the envelope is one line of JSON).
    static func frame(_ entry: OutboxEntry) -> String {
        let data = (try? FlussoJSON.encode(EventEnvelope(entry.event))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "id: \(entry.seq)\nevent: \(entry.event.type.rawValue)\ndata: \(data)\n\n"
    }

    static func types(_ text: String?) throws -> Set<TicketEventType> {
        guard let text, !text.isEmpty else { return [] }
        var types: Set<TicketEventType> = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let type = TicketEventType(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw FlussoError(
                    .invalidParameter,
                    "types must list event types separated by commas, from \(TicketEventType.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "types")
            }
            types.insert(type)
        }
        return types
    }

    /// Where to resume: after `Last-Event-ID` (an event's `id:`), else after `after=`; nil: now.
    static func start(_ request: Request) throws -> Int64? {
        if let header = request.headers.first(where: { $0.name.canonicalName == "last-event-id" })?.value {
            guard let seq = Int64(header.trimmingCharacters(in: .whitespaces)), seq >= 0 else {
                throw FlussoError(
                    .invalidParameter, "Last-Event-ID must be the id of an event this stream sent (a whole number)", field: "Last-Event-ID")
            }
            return seq
        }
        if let text = request.uri.queryParameters["after"].map(String.init) {
            guard let seq = Int64(text), seq >= 0 else {
                throw FlussoError(.invalidParameter, "after must be a whole number (0: every event kept)", field: "after")
            }
            return seq
        }
        return nil
    }
}
