import FlussoCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads the file behind a `file://` attachment URI, but only inside the configured roots
/// (`ocr.allowed_roots`): the local `AttachmentReader`.
///
/// Invariants: a URI whose path has a `..` or `.` segment (raw or percent-encoded), is relative,
/// or whose real path (symbolic links resolved) is not under a root's real path is refused with
/// `uri_not_allowed` *before* the file is opened; with no roots every `file://` URI is refused;
/// only regular files of at most `maxBytes` are read.
public struct FileAttachmentReader: AttachmentReader {
    public let allowedRoots: [String]
    public let maxBytes: Int

    public init(allowedRoots: [String], maxBytes: Int) {
        self.allowedRoots = allowedRoots
        self.maxBytes = maxBytes
    }

    public func read(uri: String) throws -> Data {
        let path = try resolve(uri: uri)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw FlussoError(.notFound, "cannot open \(uri): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw FlussoError(.uriNotAllowed, "\(uri) is not a regular file")
        }
        guard Int(info.st_size) <= maxBytes else {
            throw FlussoError(.attachmentTooLarge, "\(uri) has \(info.st_size) bytes; at most \(maxBytes) are read (ocr.max_attachment_bytes)")
        }
        var data = Data(count: Int(info.st_size))
        let count = data.withUnsafeMutableBytes { raw -> Int in
            var offset = 0
            while offset < raw.count {
                let got = Glibc.read(fd, raw.baseAddress! + offset, raw.count - offset)
                if got <= 0 { break }
                offset += got
            }
            return offset
        }
        return data.prefix(count)
    }

    /// The real path a `file://` URI may be read from, or `uri_not_allowed`.
    public func resolve(uri: String) throws -> String {
        guard let url = URL(string: uri), url.scheme?.lowercased() == "file" else {
            throw FlussoError(.uriNotAllowed, "\(uri) is not a file:// URI")
        }
        guard url.host == nil || url.host == "" || url.host == "localhost" else {
            throw FlussoError(.uriNotAllowed, "\(uri) names a remote host")
        }
        let rawPath = url.path(percentEncoded: true)
        let path = url.path(percentEncoded: false)
        for candidate in [rawPath, path] {
            let segments = candidate.split(separator: "/", omittingEmptySubsequences: false)
            guard candidate.hasPrefix("/"), !segments.contains(where: { $0 == ".." || $0 == "." }),
                !candidate.lowercased().contains("%2e%2e"), !candidate.contains("\0")
            else {
                throw FlussoError(.uriNotAllowed, "\(uri) must be an absolute path without '.' or '..' segments")
            }
        }
        guard !allowedRoots.isEmpty else {
            throw FlussoError(.uriNotAllowed, "file:// attachments are not allowed: ocr.allowed_roots is empty")
        }
        guard let real = Self.realPath(path) else {
            throw FlussoError(.notFound, "\(uri) does not exist")
        }
        for root in allowedRoots {
            guard let realRoot = Self.realPath(root) else { continue }
            let prefix = realRoot.hasSuffix("/") ? realRoot : realRoot + "/"
            if real.hasPrefix(prefix) { return real }
        }
        throw FlussoError(.uriNotAllowed, "\(uri) is outside the allowed roots (ocr.allowed_roots)")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
