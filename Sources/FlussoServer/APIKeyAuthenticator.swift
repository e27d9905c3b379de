import Crypto
import FlussoCore
import Foundation
import Hummingbird

/// Bearer API keys. The configuration holds only SHA-256 hashes (`sha256:<hex>`); a presented
/// key is hashed and compared in constant time. With no keys configured every request passes —
/// and the server refuses to bind anything but 127.0.0.1 (checked at start-up).
public struct APIKeyAuthenticator: Sendable {
    private let hashes: [[UInt8]]

    /// `hashes` are `sha256:<64 hex>` strings; anything else is refused.
    public init(hashes: [String]) throws {
        self.hashes = try hashes.map { entry in
            guard entry.hasPrefix("sha256:"), let bytes = Self.hexBytes(String(entry.dropFirst(7))), bytes.count == 32 else {
                throw FlussoError(
                    .invalidConfiguration, "an API key hash must look like sha256:<64 hex digits>; make one with `flusso config hash-key`")
            }
            return bytes
        }
    }

    public var isEnabled: Bool { !hashes.isEmpty }

    /// The form a key is stored in.
    public static func hash(key: String) -> String {
        "sha256:" + SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func accepts(authorization header: String?) -> Bool {
        guard isEnabled else { return true }
        guard let header, header.lowercased().hasPrefix("bearer ") else { return false }
        let key = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        let digest = Array(SHA256.hash(data: Data(key.utf8)))
        var matched = false
        for stored in hashes {
            var difference: UInt8 = 0
            for index in 0..<32 { difference |= stored[index] ^ digest[index] }
            matched = matched || difference == 0
        }
        return matched
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

/// Refuses requests without a valid key, except the health probes.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let authenticator: APIKeyAuthenticator
    static var openPaths: Set<String> { ["/healthz", "/readyz"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The console signs people in with a cookie; its pages redirect to the sign-in page.
        let path = request.uri.path
        if path == "/console" || path.hasPrefix("/console/") {
            guard !authenticator.isEnabled || path == "/console/login" || ConsoleRoutes.signedIn(request, authenticator: authenticator) else {
                return Response.redirect(to: "/console/login", type: .normal)
            }
            return try await next(request, context)
        }
        if authenticator.isEnabled, !Self.openPaths.contains(request.uri.path),
            !authenticator.accepts(authorization: request.headers[.authorization])
        {
            throw FlussoError(.unauthorized, "a valid bearer API key is required (Authorization: Bearer <key>)")
        }
        return try await next(request, context)
    }
}
