import Foundation

/// Blob storage for attachments and step outputs (local: filesystem; hybrid: S3).
///
/// Keys are relative, `/`-separated paths of letters, digits, `.`, `_`, `-`; no `..` segment, no
/// leading `/`. Writes are atomic: a reader sees the old object or the new one, never a part.
public protocol ObjectStore: Sendable {
    func put(_ data: Data, key: String) async throws
    /// Throws `not_found` when there is no such object.
    func get(key: String) async throws -> Data
    func delete(key: String) async throws
    func exists(key: String) async throws -> Bool
}

/// Checks an object key against the rules of `ObjectStore`.
public enum ObjectKey {
    public static func validate(_ key: String) throws {
        guard !key.isEmpty, key.utf8.count <= 1024 else {
            throw FlussoError(.invalidObjectKey, "an object key must have 1 to 1024 bytes")
        }
        guard !key.hasPrefix("/") else {
            throw FlussoError(.invalidObjectKey, "object key '\(key)' must be relative")
        }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else {
                throw FlussoError(.invalidObjectKey, "object key '\(key)' has an empty, '.' or '..' segment")
            }
            guard segment.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }) else {
                throw FlussoError(.invalidObjectKey, "object key '\(key)' may only use letters, digits, '.', '_', '-' and '/'")
            }
        }
    }
}
