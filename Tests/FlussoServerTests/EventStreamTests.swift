import AsyncHTTPClient
import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import NIOCore
import Testing

/// `GET /events` read as a real client reads it: a streaming HTTP response on 127.0.0.1, parsed
/// into Server-Sent Event frames.
@Suite struct EventStreamTests {
    struct Frame: Equatable {
        var id: String?
        var event: String?
        var data: String?
        var comment: String?
    }

    /// Opens `path` and reads frames until `enough` says so (or `seconds` pass); returns them.
    /// `whileOpen` runs once the stream is open (to write events while it is read, or to try a
    /// second stream); the stream stays open until it has finished, even when `enough` is
    /// satisfied sooner: leaving the body closes the connection, and on a busy machine the server
    /// could free the stream's slot before `whileOpen` has even sent its request.
    static func frames(
        port: Int, _ path: String, headers: [(String, String)] = [], seconds: Double = 10,
        whileOpen: @escaping @Sendable () async throws -> Void = {}, enough: @escaping @Sendable ([Frame]) -> Bool
    ) async throws -> (status: Int, frames: [Frame]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(seconds)))
        let status = Int(response.status.code)
        guard status == 200 else { return (status, []) }
        #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
        let writer = Task { try await whileOpen() }
        defer { writer.cancel() }
        var text = ""
        var frames: [Frame] = []
        let deadline = Date().addingTimeInterval(seconds)
        for try await chunk in response.body {
            text += String(buffer: chunk)
            while let end = text.range(of: "\n\n") {
                frames.append(parse(String(text[..<end.lowerBound])))
                text = String(text[end.upperBound...])
            }
            if enough(frames) || Date() > deadline {
                try await writer.value
                return (status, frames)
            }
        }
        try await writer.value
        return (status, frames)
    }

    static func parse(_ block: String) -> Frame {
        var frame = Frame()
        for line in block.split(separator: "\n") {
            if line.hasPrefix(":") { frame.comment = line.dropFirst().trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("id: ") { frame.id = String(line.dropFirst(4)) }
            if line.hasPrefix("event: ") { frame.event = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { frame.data = String(line.dropFirst(6)) }
        }
        return frame
    }

    static func events(_ frames: [Frame]) -> [Frame] { frames.filter { $0.event != nil } }

    /// Writes `types` of a new ticket to the outbox.
    static func publish(_ harness: APIHarness, _ types: [TicketEventType]) async throws -> Ticket {
        let ticket = SampleTickets.ticket()
        for type in types { try await SQLiteOutbox(database: harness.database).publish(TicketEvent(type: type, ticket: ticket, at: Date())) }
        return ticket
    }

    @Test func eventsAreStreamedFilteredByTypeAndResumedAfterTheLastEventID() async throws {
        let harness = try APIHarness { $0.eventsPoll = .milliseconds(20) }
        let first = try await Self.publish(harness, [.created, .processing, .completed])
        try await harness.run { client in
            let port = try #require(client.client.port)
            let (status, frames) = try await Self.frames(
                port: port, "/events?after=0&types=ticket.created,ticket.completed",
                whileOpen: { _ = try await Self.publish(harness, [.created, .completed]) },
                enough: { Self.events($0).count >= 4 })
            #expect(status == 200)
            let events = Self.events(frames)
            #expect(events.map(\.event) == ["ticket.created", "ticket.completed", "ticket.created", "ticket.completed"])
            #expect(events.map(\.id) == ["1", "3", "4", "5"])
            let data = try #require(events[1].data)
            let envelope = try FlussoJSON.decode(EventEnvelope.self, from: Data(data.utf8))
            #expect(envelope.detailType == "ticket.completed" && envelope.detail.ticketID == first.ticketID && envelope.source == "ai-support")
            // Resuming after id 3 gives what followed it, whatever `after` says.
            let resumed = try await Self.frames(
                port: port, "/events?after=0", headers: [("Last-Event-ID", "3")], enough: { Self.events($0).count >= 2 })
            #expect(Self.events(resumed.frames).map(\.id) == ["4", "5"])
        }
    }

    @Test func aNewStreamStartsWithTheNextEventAndKeepsAnIdleConnectionAlive() async throws {
        let harness = try APIHarness {
            $0.eventsPoll = .milliseconds(20)
            $0.eventsKeepAlive = .milliseconds(200)
        }
        _ = try await Self.publish(harness, [.created])
        try await harness.run { client in
            let port = try #require(client.client.port)
            let (_, frames) = try await Self.frames(
                port: port, "/events",
                whileOpen: {
                    try await Task.sleep(for: .milliseconds(500))
                    _ = try await Self.publish(harness, [.failed])
                },
                // Read until both came: on a busy machine the stream may open late enough that the
                // event arrives before the first keep-alive, which then follows the idle stream.
                enough: { frames in Self.events(frames).count >= 1 && frames.contains { $0.comment == "keep-alive" } })
            #expect(Self.events(frames).map(\.event) == ["ticket.failed"])
            #expect(frames.contains { $0.comment == "keep-alive" }, "\(frames)")
        }
    }

    @Test func badParametersAreRefusedAndStreamsAreCapped() async throws {
        let harness = try APIHarness {
            $0.eventsPoll = .milliseconds(20)
            $0.eventsKeepAlive = .milliseconds(200)
            $0.maxEventStreams = 1
        }
        try await harness.run { client in
            let badType = try await client.send(.get, "/events?types=ticket.completed,ticket.exploded")
            #expect(badType.status == 400 && badType.errorField == "types")
            #expect(try await client.send(.get, "/events?after=-1").errorField == "after")
            let port = try #require(client.client.port)
            let badHeader = try await Self.frames(port: port, "/events", headers: [("Last-Event-ID", "abc")], enough: { _ in true })
            #expect(badHeader.status == 400)
            // One stream open: a second is refused; once it closes (seen by the server at its next
            // write, a keep-alive at the latest), a new one is served.
            let (status, _) = try await Self.frames(
                port: port, "/events",
                whileOpen: {
                    // Through AsyncHTTPClient, not the test client: were the stream wrongly served,
                    // the test client would wait for its endless body; this one fails and moves on.
                    let second = try await HTTPClient.shared.execute(
                        HTTPClientRequest(url: "http://127.0.0.1:\(port)/events"), timeout: .seconds(10))
                    #expect(second.status.code == 503)
                    if second.status.code == 503 {
                        let body = try await second.body.collect(upTo: 64 * 1024)
                        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
                        #expect((json?["error"] as? [String: Any])?["code"] as? String == "too_many_event_streams")
                    }
                },
                enough: { $0.count >= 1 })
            #expect(status == 200)
            var reopened = 0
            for _ in 0..<50 where reopened != 200 {
                reopened = try await Self.frames(port: port, "/events", enough: { $0.count >= 1 }).status
                if reopened != 200 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(reopened == 200)
        }
    }
}
