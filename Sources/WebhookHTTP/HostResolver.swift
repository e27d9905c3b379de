import FlussoCore
import Foundation
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Resolves a host name to its addresses (getaddrinfo, on NIO's blocking-work thread pool), so
/// the transport can check every address before it connects to one of them.
enum HostResolver {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The host's addresses as text, IPv4 first, then IPv6, each in the resolver's order, without
    /// repeats. Gives up after `limit`: getaddrinfo cannot be interrupted, so the lookup is left
    /// to end on its own thread while the caller goes on.
    static func addresses(of host: String, within limit: Duration) async throws -> [String] {
        let outcome = Mutex<CheckedContinuation<[String], any Error>?>(nil)
        let finish: @Sendable (Result<[String], any Error>) -> Void = { result in
            outcome.withLock { continuation in
                continuation?.resume(with: result)
                continuation = nil
            }
        }
        return try await withCheckedThrowingContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let lookup = Task {
                do {
                    finish(.success(try await NIOThreadPool.singleton.runIfActive { try resolve(host) }))
                } catch {
                    finish(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: limit)
                finish(.failure(Failure(description: "\(host) did not resolve within \(limit.seconds) s")))
                lookup.cancel()
            }
        }
    }

    private static func resolve(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0 else {
            throw Failure(description: "\(host) does not resolve: \(String(cString: gai_strerror(code)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var node = list
        while let entry = node?.pointee {
            if let text = text(of: entry), !addresses.contains(text) { addresses.append(text) }
            node = entry.ai_next
        }
        guard !addresses.isEmpty else { throw Failure(description: "\(host) resolves to no address") }
        return addresses.filter { !$0.contains(":") } + addresses.filter { $0.contains(":") }
    }

    private static func text(of entry: addrinfo) -> String? {
        guard let address = entry.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch entry.ai_family {
        case AF_INET:
            var ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard inet_ntop(AF_INET, &ip, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        case AF_INET6:
            var ip = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            guard inet_ntop(AF_INET6, &ip, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        default:
            return nil
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
