import AsyncHTTPClient
import FlussoCore
import FlussoTestSupport
import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The built `flusso` binary (`FLUSSO_BIN`, or `.build/debug/flusso` in this package).
enum FlussoBinary {
    static var path: String {
        if let path = ProcessInfo.processInfo.environment["FLUSSO_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/flusso").path
    }

    /// Runs a command to its end (killed, and an error thrown, past `timeout`); returns exit
    /// status, stdout and stderr. `directory` is the working directory (default: this process's).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil, directory: String? = nil,
        unsetting: [String] = [], timeout: Duration = .seconds(600)
    ) throws -> (status: Int32, out: String, err: String) {
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in unsetting { variables.removeValue(forKey: name) }
        let result = try ChildProcess.run(
            path, arguments, environment: variables, directory: directory, stdin: stdin, timeout: timeout)
        return (result.status, result.out, result.err)
    }
}

/// A real `flusso serve` process on 127.0.0.1, its log kept in a file.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: the Process is only touched by the test that owns this value, one call at a time.
    let dataDir: String
    let port: Int
    let logPath: String
    let environment: [String: String]
    /// Variables removed from the inherited environment.
    let unsetting: [String]
    private var process: ChildProcess?

    init(dataDir: String, environment: [String: String] = [:], unsetting: [String] = []) {
        self.unsetting = unsetting
        self.dataDir = dataDir
        self.port = freePort()
        self.logPath = (dataDir as NSString).deletingLastPathComponent + "/serve-\(UUID().uuidString).log"
        self.environment = environment
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func start() async throws {
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in unsetting { variables.removeValue(forKey: name) }
        let process = try ChildProcess(
            executable: FlussoBinary.path, arguments: ["serve", "--data-dir", dataDir, "--port", String(port)], environment: variables,
            stdout: .file(logPath, append: true), stderr: .file(logPath, append: true))
        self.process = process
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let response = try? await client.execute(HTTPClientRequest(url: baseURL + "/healthz"), timeout: .seconds(1)),
                response.status.code == 200
            {
                return
            }
            guard process.isRunning else { throw FlussoError(.serverUnreachable, "flusso serve exited: \(self.log())") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FlussoError(.timeout, "flusso serve did not answer /healthz within 20 s")
    }

    var processIdentifier: Int32? { process?.pid }

    func kill9() {
        guard let process else { return }
        process.kill()
        self.process = nil
    }

    /// Sends SIGTERM and waits (up to 60 s, then SIGKILL and -1) for the exit; returns the exit status.
    func terminate() -> Int32 {
        guard let process else { return -1 }
        self.process = nil
        process.signal(SIGTERM)
        return (try? process.wait(timeout: .seconds(60))) ?? -1
    }

    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    deinit {
        kill9()
    }
}

/// JSON over HTTP against a server process.
struct HTTPJSON {
    let client: HTTPClient
    let base: String

    func post(_ path: String, _ body: String) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return try await send(request)
    }

    func get(_ path: String) async throws -> (status: Int, json: [String: Any]) {
        try await send(HTTPClientRequest(url: base + path))
    }

    private func send(_ request: HTTPClientRequest) async throws -> (status: Int, json: [String: Any]) {
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }
}

/// An HTTP client for one test, shut down with `close()`.
final class HTTPJSONClient: Sendable {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    func http(_ base: String) -> HTTPJSON { HTTPJSON(client: client, base: base) }

    /// The body of a GET, as text.
    func text(_ url: String) async throws -> String {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
    }

    func close() { _ = client.shutdown() }
}
