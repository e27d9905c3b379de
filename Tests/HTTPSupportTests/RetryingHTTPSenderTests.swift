import AsyncHTTPClient
import FlussoCore
import FlussoTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import HTTPSupport

/// A Python HTTP server on 127.0.0.1 that answers every POST as `spec` says (the approach of
/// GenerationTests' `FaultyChatServer`): `ok`; `flaky` (503 twice, then 200 "ok"); `always503`;
/// `status400`; `retryafter=V` (429 with `Retry-After: V` once, then 200 "ok"); `slow=S` (answers
/// after S seconds); `size=N` (a body of N bytes with Content-Length); `chunked=N` (N bytes,
/// chunked, no Content-Length); `trickle` (a head announcing 1000 bytes, then one byte every
/// 0.1 s); `close` (reads the request, closes the connection without answering). Each request's
/// arrival (the server's monotonic clock) is appended to `requests.log`.
final class ScriptedServer: Sendable {
    let server: ListeningProcess
    let requestLog: String
    var url: String { server.url + "/v1/test" }

    static func start(_ spec: String) async throws -> ScriptedServer {
        let (server, log) = try await ScriptedPythonServer.start(
            script: scriptedServerScript, mode: spec, logName: "requests.log", directoryPrefix: "flusso-http")
        return ScriptedServer(server: server, requestLog: log)
    }

    init(server: ListeningProcess, requestLog: String) {
        self.server = server
        self.requestLog = requestLog
    }

    /// When each request arrived, in seconds on the server's monotonic clock.
    func arrivals() -> [Double] {
        guard let text = try? String(contentsOfFile: requestLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { Double($0) }
    }
}

private let scriptedServerScript = #"""
    import sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    port, spec, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    mode, _, arg = spec.partition("=")
    calls = {"n": 0}
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def send(self, code, body, headers=()):
            b = body if isinstance(body, bytes) else body.encode()
            self.send_response(code); self.send_header("Content-Type", "text/plain")
            for k, v in headers: self.send_header(k, v)
            self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            calls["n"] += 1; n = calls["n"]
            with open(log, "a") as f: f.write("%.6f\n" % time.monotonic())
            if mode == "ok": self.send(200, "ok")
            elif mode == "flaky": self.send(503, "busy") if n <= 2 else self.send(200, "ok")
            elif mode == "always503": self.send(503, "busy")
            elif mode == "status400": self.send(400, "bad request")
            elif mode == "retryafter": self.send(429, "slow down", [("Retry-After", arg)]) if n == 1 else self.send(200, "ok")
            elif mode == "slow": time.sleep(float(arg)); self.send(200, "late")
            elif mode == "size": self.send(200, b"x" * int(arg))
            elif mode == "chunked":
                self.send_response(200); self.send_header("Transfer-Encoding", "chunked"); self.end_headers()
                left = int(arg)
                while left > 0:
                    c = min(256, left); left -= c
                    self.wfile.write(b"%x\r\n" % c + b"x" * c + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            elif mode == "trickle":
                self.send_response(200); self.send_header("Content-Length", "1000"); self.end_headers()
                for _ in range(1000): self.wfile.write(b"x"); time.sleep(0.1)
            elif mode == "close": self.close_connection = True
    ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
    """#

/// A POST with a small JSON body (replayable: `.bytes`).
func post(_ url: String) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: #"{"input": ["x"]}"#))
    return request
}

/// A sender on the shared client with short timings for tests; the default `retryOn` retries
/// transient failures, timeouts and throttling.
func sender(
    attempts: Int = 3, interval: Duration = .milliseconds(20), jitter: Double = 0,
    retryOn: Set<ErrorKind> = [.transient, .timeout, .throttled], timeout: Duration = .seconds(5),
    maxBytes: Int = 1 << 20, retryAfterCap: Duration? = .seconds(10), minimumAttemptTime: Duration = .zero,
    recorded: Int = 1024, unit: @escaping @Sendable (Int) -> Double = { _ in 0.5 }
) -> RetryingHTTPSender {
    let policy = RetryPolicy(
        maxAttempts: attempts, interval: interval, backoffRate: 2, maxDelay: RetryingHTTPSender.uncappedDelay,
        jitter: jitter, retryOn: retryOn)
    let configuration = RetryingHTTPSender.Configuration(
        policy: policy, attemptTimeout: timeout, maxResponseBytes: maxBytes,
        retryAfterCap: retryAfterCap, minimumAttemptTime: minimumAttemptTime,
        recordedBodyBytes: recorded)
    return RetryingHTTPSender(configuration: configuration, jitterUnit: unit)
}

/// The embedder's judgement: 200 is the answer; 429 throttled, 5xx transient, other statuses
/// permanent; a timeout is a timeout, a body too large permanent, any other failure transient.
let verdict: @Sendable (HTTPAttemptOutcome) -> HTTPVerdict = { outcome in
    switch outcome {
    case .response(let response) where response.status == 200: .accept
    case .response(let response) where response.status == 429: .fail(.throttled)
    case .response(let response) where response.status >= 500: .fail(.transient)
    case .response: .fail(.permanent)
    case .failure(let failure) where failure.kind == .timeout: .fail(.timeout)
    case .failure(let failure) where failure.kind == .bodyTooLarge: .fail(.permanent)
    case .failure: .fail(.transient)
    }
}

/// The error text NIO gives a refused connect, for the classification test.
private struct TextError: Error, CustomStringConvertible {
    var description: String
}

@Suite(.serialized) struct RetryingHTTPSenderTests {
    // MARK: Against a real server

    @Test func retryableAnswersAreRetriedWithJitteredBackoffUntilOneSucceedsAndEveryAttemptIsRecorded() async throws {
        let server = try await ScriptedServer.start("flaky")
        // 100 ms × 2^(n-1), ± 50 %: the first draw is the low end (50 ms), the second the high end (200 ms × 1.5).
        let s = sender(interval: .milliseconds(100), jitter: 0.5, recorded: 3, unit: { attempt in attempt == 1 ? 0 : 1 })
        let result = try await s.send(post(server.url), classify: verdict)
        #expect(result.stop == .accepted)
        #expect(result.response?.status == 200 && result.response?.body == Data("ok".utf8))
        let attempts = result.attempts
        #expect(attempts.map(\.attempt) == [1, 2, 3])
        #expect(attempts.map(\.status) == [503, 503, 200])
        #expect(attempts.map(\.verdict) == [.fail(.transient), .fail(.transient), .accept])
        #expect(attempts.map(\.pause) == [.milliseconds(50), .milliseconds(300), nil])
        #expect(attempts.allSatisfy { $0.retryAfter == nil && $0.failure == nil && $0.timeout == .seconds(5) })
        #expect(attempts.map(\.bytes) == [4, 4, 2])
        #expect(attempts.map(\.bodyPrefix) == [Data("bus".utf8), Data("bus".utf8), Data("ok".utf8)])
        #expect(attempts.allSatisfy { $0.durationMs > 0 && $0.durationMs < 5000 })
        #expect(attempts[1].startedAt - attempts[0].startedAt >= .milliseconds(50))
        #expect(attempts[2].startedAt - attempts[1].startedAt >= .milliseconds(300))
        let arrivals = server.arrivals()
        #expect(arrivals.count == 3)
        if arrivals.count == 3 {
            #expect(arrivals[1] - arrivals[0] >= 0.045 && arrivals[2] - arrivals[1] >= 0.29, "\(arrivals)")
        }
    }

    @Test func retryAfterReplacesTheBackoffUpToItsCap() async throws {
        // (header, cap, expected wait): capped, below the cap, zero, and ignored without a cap.
        let cases: [(String, Duration?, Duration, Duration?)] = [
            ("30", .milliseconds(400), .milliseconds(400), .milliseconds(400)),
            ("0.25", .seconds(10), .milliseconds(250), .milliseconds(250)),
            ("0", .seconds(10), .zero, .zero),
            ("30", nil, .milliseconds(20), nil),
        ]
        for (header, cap, wait, retryAfter) in cases {
            let server = try await ScriptedServer.start("retryafter=\(header)")
            let start = ContinuousClock.now
            let result = try await sender(retryAfterCap: cap).send(post(server.url), classify: verdict)
            let elapsed = ContinuousClock.now - start
            #expect(result.stop == .accepted, "Retry-After: \(header)")
            #expect(result.attempts.map(\.status) == [429, 200], "Retry-After: \(header)")
            #expect(result.attempts.first?.verdict == .fail(.throttled))
            #expect(result.attempts.first?.pause == wait, "Retry-After: \(header)")
            #expect(result.attempts.first?.retryAfter == retryAfter, "Retry-After: \(header)")
            #expect(elapsed >= wait && elapsed < .seconds(10), "Retry-After: \(header): \(elapsed)")
        }
    }

    @Test func aStatusThatIsNotRetryableEndsAtOnceAndRetriesStopAtTheLastAttempt() async throws {
        let refused = try await ScriptedServer.start("status400")
        let once = try await sender(attempts: 5).send(post(refused.url), classify: verdict)
        #expect(once.stop == .notRetryable)
        #expect(once.attempts.count == 1 && once.attempts[0].status == 400 && once.attempts[0].pause == nil)
        #expect(once.attempts[0].verdict == .fail(.permanent))
        #expect(once.response?.body == Data("bad request".utf8))
        #expect(refused.arrivals().count == 1)

        let busy = try await ScriptedServer.start("always503")
        let exhausted = try await sender(attempts: 3).send(post(busy.url), classify: verdict)
        #expect(exhausted.stop == .attemptsExhausted)
        #expect(exhausted.attempts.map(\.status) == [503, 503, 503])
        #expect(exhausted.attempts.map(\.pause) == [.milliseconds(20), .milliseconds(40), nil])
        #expect(busy.arrivals().count == 3)
    }

    @Test func theDeadlineBoundsTheAttemptAndStopsTheRetries() async throws {
        // A hung server: the attempt gets what the deadline leaves (not its 10 s), times out, and
        // the 50 ms wait would end past the deadline, so no second attempt is made.
        let hung = try await ScriptedServer.start("slow=5")
        let start = ContinuousClock.now
        let result = try await sender(attempts: 5, interval: .milliseconds(50), timeout: .seconds(10))
            .send(post(hung.url), deadline: start + .milliseconds(800), classify: verdict)
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(result.stop == .deadline)
        #expect(result.attempts.count == 1)
        #expect(result.failure?.kind == .timeout && result.attempts[0].status == nil)
        #expect(result.attempts[0].timeout <= .milliseconds(800) && result.attempts[0].pause == nil)
        #expect(hung.arrivals().count == 1)

        // A wait longer than what is left is not started.
        let busy = try await ScriptedServer.start("always503")
        let waitStart = ContinuousClock.now
        let short = try await sender(interval: .seconds(2)).send(post(busy.url), deadline: waitStart + .seconds(1), classify: verdict)
        #expect(ContinuousClock.now - waitStart < .milliseconds(1900))
        #expect(short.stop == .deadline && short.attempts.count == 1 && short.attempts[0].pause == nil)

        // Too little left: no attempt at all.
        let noTime = try await sender(minimumAttemptTime: .milliseconds(50))
            .send(post(busy.url), deadline: ContinuousClock.now + .milliseconds(30), classify: verdict)
        #expect(noTime.stop == .deadline && noTime.attempts.isEmpty && noTime.outcome == nil)
        #expect(busy.arrivals().count == 1)
    }

    @Test func aBodyThatStallsAfterTheHeadIsBoundedByTheAttemptTimeout() async throws {
        let server = try await ScriptedServer.start("trickle")
        let start = ContinuousClock.now
        let result = try await sender(attempts: 1, timeout: .milliseconds(600)).send(post(server.url), classify: verdict)
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(result.failure?.kind == .timeout)
        #expect(result.failure?.description == "\(HTTPClientError.deadlineExceeded)")
        // The head had arrived: its status is kept, the body is not.
        #expect(result.attempts.first?.status == 200 && result.attempts.first?.bytes == nil)
        #expect(result.stop == .attemptsExhausted)
    }

    @Test func theBodyLimitIsEnforcedWithAndWithoutContentLength() async throws {
        for spec in ["size=5000", "chunked=5000"] {
            let server = try await ScriptedServer.start(spec)
            let result = try await sender(maxBytes: 1000).send(post(server.url), classify: verdict)
            #expect(result.failure?.kind == .bodyTooLarge, "\(spec)")
            #expect(result.attempts.count == 1 && result.stop == .notRetryable, "\(spec)")
            #expect(result.attempts[0].status == 200 && result.attempts[0].bytes == nil, "\(spec)")
        }
        // The limit itself is allowed.
        let exact = try await ScriptedServer.start("size=1000")
        let result = try await sender(maxBytes: 1000).send(post(exact.url), classify: verdict)
        #expect(result.stop == .accepted && result.attempts.first?.bytes == 1000)
    }

    @Test func aRefusedConnectionIsClassifiedAndFailsFast() async throws {
        let url = "http://127.0.0.1:\(freePort())/v1/test"
        let start = ContinuousClock.now
        // The embedder's policy retries it …
        let retried = try await sender(attempts: 2).send(post(url), classify: verdict)
        #expect(retried.stop == .attemptsExhausted)
        #expect(retried.attempts.map { $0.failure?.kind } == [.connectionRefused, .connectionRefused])
        #expect(retried.attempts.allSatisfy { $0.status == nil && $0.bytes == nil })
        // … the chat's (throttling and timeouts only) ends at once.
        let chat = try await sender(attempts: 3, retryOn: [.throttled, .timeout]).send(post(url), classify: verdict)
        #expect(chat.stop == .notRetryable && chat.attempts.count == 1)
        // The shared client does not retry the connection inside its pool.
        #expect(ContinuousClock.now - start < .seconds(3))

        let closing = try await ScriptedServer.start("close")
        let closed = try await sender(attempts: 1).send(post(closing.url), classify: verdict)
        #expect(closed.failure?.kind == .connectionClosed, "\(closed.failure?.description ?? "")")
    }

    @Test func cancellationAbandonsTheWaitAndTheRequestInFlight() async throws {
        let busy = try await ScriptedServer.start("always503")
        let hung = try await ScriptedServer.start("slow=5")
        for (url, interval) in [(busy.url, Duration.seconds(5)), (hung.url, Duration.milliseconds(20))] {
            let s = sender(interval: interval, timeout: .seconds(10))
            let start = ContinuousClock.now
            let task = Task { try await s.send(post(url), classify: verdict) }
            try await Task.sleep(for: .milliseconds(400))
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { _ = try result.get() }
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    // MARK: Without a server

    @Test func transportErrorsAreClassifiedAsTheClientsDid() {
        #expect(HTTPTransportFailure(classifying: HTTPClientError.deadlineExceeded).kind == .timeout)
        #expect(HTTPTransportFailure(classifying: HTTPClientError.readTimeout).kind == .timeout)
        #expect(HTTPTransportFailure(classifying: HTTPClientError.connectTimeout).kind == .timeout)
        #expect(HTTPTransportFailure(classifying: HTTPClientError.remoteConnectionClosed).kind == .connectionClosed)
        #expect(HTTPTransportFailure(classifying: NIOTooManyBytesError(maxBytes: 10)).kind == .bodyTooLarge)
        #expect(HTTPTransportFailure(classifying: HTTPClientError.cancelled).kind == .other)
        let refused = TextError(description: "connect(descriptor:3, addr: [IPv4]127.0.0.1/127.0.0.1:9): Connection refused (errno: 111)")
        #expect(HTTPTransportFailure(classifying: refused).kind == .connectionRefused)
        #expect(HTTPTransportFailure(classifying: refused).description == refused.description)
        #expect(HTTPTransportFailure(classifying: TextError(description: "No route to host")).kind == .other)
    }

    @Test func retryAfterIsReadAsDeltaSecondsAndCapped() {
        func headers(_ value: String) -> HTTPHeaders { ["Retry-After": value] }
        let cap = Duration.seconds(30)
        #expect(RetryingHTTPSender.retryAfter(in: headers("5"), cap: cap) == .seconds(5))
        #expect(RetryingHTTPSender.retryAfter(in: headers("0.25"), cap: cap) == .milliseconds(250))
        #expect(RetryingHTTPSender.retryAfter(in: headers("45"), cap: cap) == .seconds(30))
        #expect(RetryingHTTPSender.retryAfter(in: headers("0"), cap: cap) == .zero)
        #expect(RetryingHTTPSender.retryAfter(in: headers("-1"), cap: cap) == nil)
        #expect(RetryingHTTPSender.retryAfter(in: headers("Wed, 21 Oct 2015 07:28:00 GMT"), cap: cap) == nil)
        #expect(RetryingHTTPSender.retryAfter(in: [:], cap: cap) == nil)
    }

    @Test func theWaitIsTheCappedBackoffSpreadByTheInjectedJitterUnlessRetryAfterSaysOtherwise() {
        let policy = RetryPolicy(maxAttempts: 5, interval: .seconds(1), backoffRate: 2, maxDelay: .seconds(3), jitter: 0.5)
        let draws: [Int: Double] = [1: 0, 2: 1, 3: 0.5, 4: 7]
        let s = RetryingHTTPSender(
            configuration: .init(policy: policy, attemptTimeout: .seconds(1), maxResponseBytes: 1, retryAfterCap: .seconds(2)),
            jitterUnit: { draws[$0] ?? 0.5 })
        let plain = HTTPAttemptOutcome.response(HTTPResponseData(status: 503))
        // 1 s − 50 %; 2 s + 50 %; min(4 s, 3 s) unspread; a draw outside 0…1 is clamped to 1.
        #expect(
            (1...4).map { s.pause(afterAttempt: $0, outcome: plain).pause }
                == [.milliseconds(500), .seconds(3), .seconds(3), .milliseconds(4500)])
        let asked = HTTPAttemptOutcome.response(HTTPResponseData(status: 429, headers: ["Retry-After": "9"]))
        let told = s.pause(afterAttempt: 1, outcome: asked)
        #expect(told.pause == .seconds(2) && told.retryAfter == .seconds(2))
        let failed = HTTPAttemptOutcome.failure(HTTPTransportFailure(kind: .timeout, description: "t"))
        #expect(s.pause(afterAttempt: 2, outcome: failed).retryAfter == nil)
        #expect(RetryingHTTPSender.timeAmount(.milliseconds(1500)) == .milliseconds(1500))
    }
}
