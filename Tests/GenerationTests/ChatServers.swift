import FlussoCore
import FlussoTestSupport
import Foundation
import Generation
import Testing

/// A chat server that misbehaves in one way, for fault injection (the real path is tested on
/// llama.cpp): `ok` (a valid answer citing S1), `garbage` (prose, no JSON), `unknown` (cites S9),
/// `slow` (answers after 5 s), `throttled` (429 with Retry-After: 0 twice, then ok), `busy`
/// (always 503), `status500`, `notchat` (an HTML page). Each request body is appended to
/// `requests.jsonl` in `directory`.
final class FaultyChatServer: Sendable {
    let server: ListeningProcess
    let requestLog: String
    var url: String { server.url }

    static func start(_ mode: String) async throws -> FaultyChatServer {
        let (server, log) = try await ScriptedPythonServer.start(
            script: faultyChatScript, mode: mode, logName: "requests.jsonl", directoryPrefix: "flusso-chat")
        return FaultyChatServer(server: server, requestLog: log)
    }

    init(server: ListeningProcess, requestLog: String) {
        self.server = server
        self.requestLog = requestLog
    }

    /// The request bodies received so far.
    func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: requestLog, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }
}

private let faultyChatScript = #"""
    import json, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    calls = {"n": 0}
    ANSWER = {"probable_cause": "The chiller is off, so the flow switch trips.",
              "steps": [{"order": 1, "text": "Check that the water chiller is switched on.", "citations": ["S1"]}],
              "citations": [{"chunk_id": "S1", "quote": "water chiller is switched on"}], "safety_flags": []}
    def completion(content):
        return json.dumps({"id": "c1", "object": "chat.completion", "model": "fake-model",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                           "usage": {"prompt_tokens": 321, "completion_tokens": 45}})
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def send(self, code, body, ctype="application/json", headers=()):
            b = body.encode()
            self.send_response(code); self.send_header("Content-Type", ctype)
            for k, v in headers: self.send_header(k, v)
            self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with open(log, "a") as f: f.write(body.decode() + "\n")
            calls["n"] += 1
            ok = completion(json.dumps(ANSWER))
            if mode == "ok": self.send(200, ok)
            elif mode == "garbage": self.send(200, completion("You should restart the machine and call support."))
            elif mode == "unknown":
                bad = dict(ANSWER, steps=[{"order": 1, "text": "Replace the tube.", "citations": ["S9"]}])
                self.send(200, completion(json.dumps(bad)))
            elif mode == "slow": time.sleep(5); self.send(200, ok)
            elif mode == "throttled":
                if calls["n"] <= 2: self.send(429, '{"error": "slow down"}', headers=[("Retry-After", "0")])
                else: self.send(200, ok)
            elif mode == "busy": self.send(503, '{"error": "busy"}', headers=[("Retry-After", "0")])
            elif mode == "status500": self.send(500, '{"error": "boom"}')
            elif mode == "notchat": self.send(200, "<html>hello</html>", "text/html")
    ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
    """#

/// An endpoint with short timings for tests.
func testEndpoint(_ name: String, url: String, timeout: Duration = .seconds(3), attempts: Int = 3) -> ChatEndpoint {
    var endpoint = ChatEndpoint(name: name, url: url, model: "test")
    endpoint.timeout = timeout
    endpoint.maxAttempts = attempts
    endpoint.retryInterval = .milliseconds(50)
    return endpoint
}

/// A URL on which nothing listens.
func downURL() -> String { "http://127.0.0.1:\(freePort())" }
