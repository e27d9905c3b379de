import Crypto
import Foundation

/// AWS Signature Version 4 (header form), as in the AWS General Reference: canonical request →
/// string to sign → HMAC-SHA256 key chain (date, region, service, `aws4_request`) → signature.
///
/// Invariants: the canonical URI encodes each path segment once (RFC 3986 unreserved characters
/// kept), as S3 and every JSON/query service expect; query parameters are sorted by encoded name
/// then value; header names are lower-cased, values trimmed with inner runs of spaces folded;
/// `host`, `x-amz-date`, `x-amz-content-sha256` (unless `sendsPayloadHash` is off) and, with
/// temporary credentials, `x-amz-security-token` are always signed.
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    /// Send and sign `x-amz-content-sha256` (S3 requires it; other services accept it).
    public var sendsPayloadHash = true

    public init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to the request (`authorization`, `x-amz-date`, `x-amz-content-sha256`,
    /// and `x-amz-security-token` when there is a session token). `headers` must already hold
    /// `host` and any other header the request will carry that should be signed.
    public func sign(method: String, url: URL, headers: [String: String], body: Data, date: Date) -> [String: String] {
        let timestamp = Self.timestamp(date)
        let day = String(timestamp.prefix(8))
        let payloadHash = Self.hex(SHA256.hash(data: body))
        var signed = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), Self.trimmed($0.value)) })
        signed["x-amz-date"] = timestamp
        if sendsPayloadHash { signed["x-amz-content-sha256"] = payloadHash }
        if let token = credentials.sessionToken { signed["x-amz-security-token"] = token }
        if signed["host"] == nil { signed["host"] = Self.hostHeader(url) }
        let names = signed.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(signed[$0]!)\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let canonicalRequest = [
            method.uppercased(), Self.canonicalURI(url), Self.canonicalQuery(url), canonicalHeaders,
            signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        var out: [String: String] = [
            "authorization":
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)",
            "x-amz-date": timestamp,
        ]
        if sendsPayloadHash { out["x-amz-content-sha256"] = payloadHash }
        if let token = credentials.sessionToken { out["x-amz-security-token"] = token }
        return out
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    static func hostHeader(_ url: URL) -> String {
        let host = url.host ?? ""
        guard let port = url.port else { return host }
        let isDefault = (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    static func canonicalURI(_ url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? "/"
        guard !path.isEmpty else { return "/" }
        // Decode what the URL holds, then encode each segment the AWS way (once).
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { uriEncode(String($0).removingPercentEncoding ?? String($0)) }
            .joined(separator: "/")
    }

    static func canonicalQuery(_ url: URL) -> String {
        guard let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems, !items.isEmpty else { return "" }
        return items.map { (uriEncode($0.name), uriEncode($0.value ?? "")) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// RFC 3986 encoding as SigV4 wants it: unreserved characters (`A-Z a-z 0-9 - . _ ~`) kept,
    /// every other byte as `%XX` in upper case.
    public static func uriEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
