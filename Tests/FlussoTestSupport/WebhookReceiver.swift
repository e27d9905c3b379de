import FlussoCore
import Foundation

/// A real receiving server on 127.0.0.1 (Python's http.server) that checks every webhook with the
/// Standard Webhooks reference implementation (.venv-webhooks) and misbehaves by path:
/// `/ok/…` answers 200; `/fail/N/…` 500 to the first N requests on that path, then 200;
/// `/retry-after/S/…` 503 with `Retry-After: S` once, then 200; `/redirect/…` 302 to `/ok/followed`;
/// `/gone/…` 410; `/status/CODE/…` CODE; `/hang/…` never answers; `/huge/…` a 100 MB answer.
/// Every request is logged (path, webhook-id, verification, body) as a JSON line.
public final class WebhookReceiver: Sendable {
    public struct Request: Decodable, Sendable {
        public var path: String
        public var id: String?
        public var verified: String
        public var body: String
        public var time: Double
    }

    static let script = #"""
        import json, sys, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from standardwebhooks.webhooks import Webhook

        port, secret, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        hook = Webhook(secret)
        counts, lock = {}, threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def answer(self, status, headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                names = ("webhook-id", "webhook-timestamp", "webhook-signature")
                try:
                    hook.verify(body, {name: self.headers.get(name) for name in names})
                    verified = "ok"
                except Exception as error:
                    verified = "refused: %s" % error
                with lock:
                    counts[self.path] = counts.get(self.path, 0) + 1
                    count = counts[self.path]
                    with open(log, "a") as out:
                        out.write(json.dumps({"path": self.path, "id": self.headers.get("webhook-id"), "verified": verified,
                                              "body": body.decode(), "time": time.time()}) + "\n")
                parts = self.path.strip("/").split("/")
                kind = parts[0]
                if kind == "ok":
                    self.answer(200)
                elif kind == "fail":
                    self.answer(500 if count <= int(parts[1]) else 200)
                elif kind == "retry-after":
                    self.answer(503, {"Retry-After": parts[1]}) if count == 1 else self.answer(200)
                elif kind == "redirect":
                    self.answer(302, {"Location": "/ok/followed"})
                elif kind == "gone":
                    self.answer(410)
                elif kind == "status":
                    self.answer(int(parts[1]))
                elif kind == "hang":
                    time.sleep(60)
                elif kind == "huge":
                    self.send_response(200)
                    self.send_header("Content-Length", str(100 * 1024 * 1024))
                    self.end_headers()
                    chunk = b"x" * 65536
                    try:
                        for _ in range(1600):
                            self.wfile.write(chunk)
                    except Exception:
                        pass

        ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """#

    public let server: ListeningProcess
    public let log: String
    public let secret: WebhookSecret

    /// The checkout these tests belong to.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `port`: where to listen (a free one when nil).
    public init(directory: TemporaryDirectory, secret: WebhookSecret, port: Int? = nil) async throws {
        let python = Self.repository + "/.venv-webhooks/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ServerFailed(message: "the reference implementation is missing: run scripts/setup-webhooks-test")
        }
        let path = directory.file("receiver.py")
        try Self.script.write(toFile: path, atomically: true, encoding: .utf8)
        log = directory.file("received.jsonl")
        self.secret = secret
        let port = port ?? freePort()
        server = try ListeningProcess(executable: python, arguments: [path, "\(port)", secret.text, log], port: port)
        try await server.waitUntilListening()
    }

    public func url(_ path: String) -> String { server.url + path }

    /// Every request received so far, in order.
    public func requests() -> [Request] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    public func requests(path: String) -> [Request] { requests().filter { $0.path == path } }
}
