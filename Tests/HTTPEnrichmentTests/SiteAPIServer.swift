import FlussoTestSupport
import Foundation

/// A site's customer and asset API that misbehaves on demand: a Python server on 127.0.0.1
/// answering by path. `/customers/c1`, `/assets/SN-1`, `/history/SN-1`: good answers in the
/// site's own shape (see `SiteAPIServer.mapping`); `/customers/missing`: 404; `boom`: 500;
/// `flaky`: 503 once, then good; `slow`: answers after 10 s; `redirect`: 302 elsewhere; `html`:
/// a web page; `array`: JSON that is not an object; `huge`: 50 MB; `weird`: an SLA that is not a
/// number. Every request without `X-Api-Key: secret` gets 401. Each request's path is appended
/// to the log.
final class SiteAPIServer: Sendable {
    let server: ListeningProcess
    let requestLog: String
    var base: String { server.url }

    static func start() async throws -> SiteAPIServer {
        let (server, log) = try await ScriptedPythonServer.start(
            script: siteAPIScript, mode: "site", logName: "requests.log", directoryPrefix: "flusso-site-api")
        return SiteAPIServer(server: server, requestLog: log)
    }

    init(server: ListeningProcess, requestLog: String) {
        self.server = server
        self.requestLog = requestLog
    }

    /// How many requests asked for `path`.
    func requests(to path: String) -> Int {
        guard let text = try? String(contentsOfFile: requestLog, encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").filter { $0 == path }.count
    }

    /// Where the fields are in this site's answers.
    static let mapping = """
        customer: { name: /data/name, tier: /data/level, sla_hours: /data/sla/hours, contract: /data/contract_id }
        asset: { customer_id: /owner, product_type: /type, model: /model, warranty_end: /warranty/end, install_date: /installed }
        history: { items: /entries, date: /when, action: /what, parts: /parts }
        """
}

private let siteAPIScript = #"""
    import json, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    seen = {}
    CUSTOMER = {"data": {"name": "ACME Srl", "level": "gold", "sla": {"hours": 4}, "contract_id": "C-7"}}
    ASSET = {"owner": "c1", "type": "3d-printer", "model": "MK4", "warranty": {"end": "2030-01-01T00:00:00Z"}, "installed": "2025-01-01"}
    HISTORY = {"entries": [
        {"when": "2026-10-02", "what": "replaced thermistor", "parts": "thermistor"},
        {"when": "yesterday", "what": "looked at it"},
        {"when": "2026-11-01", "what": "cleaned the nozzle"}]}
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def send(self, code, body, ctype="application/json", headers=()):
            b = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
            self.send_response(code); self.send_header("Content-Type", ctype)
            for k, v in headers: self.send_header(k, v)
            self.send_header("Content-Length", str(len(b))); self.end_headers()
            try: self.wfile.write(b)
            except Exception: pass
        def do_GET(self):
            path = self.path
            with open(log, "a") as f: f.write(path + "\n")
            seen[path] = seen.get(path, 0) + 1
            if self.headers.get("X-Api-Key") != "secret": return self.send(401, {"error": "no key"})
            name = path.rsplit("/", 1)[-1]
            if path == "/customers/c1": return self.send(200, CUSTOMER)
            if path == "/assets/SN-1": return self.send(200, ASSET)
            if path == "/history/SN-1": return self.send(200, HISTORY)
            if name == "missing": return self.send(404, {"error": "unknown"})
            if name == "boom": return self.send(500, {"error": "database down"})
            if name == "flaky": return self.send(503, "busy", "text/plain") if seen[path] == 1 else self.send(200, CUSTOMER)
            if name == "slow":
                time.sleep(10); return self.send(200, CUSTOMER)
            if name == "redirect": return self.send(302, "", "text/plain", [("Location", "http://127.0.0.1:9/elsewhere")])
            if name == "html": return self.send(200, "<html><body>Login</body></html>", "text/html")
            if name == "array": return self.send(200, [1, 2])
            if name == "weird": return self.send(200, {"data": {"name": "W", "sla": {"hours": "many"}}})
            if name == "huge":
                self.send_response(200); self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(50 * 1024 * 1024)); self.end_headers()
                try:
                    for _ in range(50): self.wfile.write(b" " * (1024 * 1024))
                except Exception: pass
                return
            return self.send(404, {"error": "no route " + path})
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
    """#
