import Glibc

/// Writes a file atomically: data goes to `<path>.tmp-<pid>`, is fsync'ed, then renamed over
/// `path` and the directory is fsync'ed. Readers see either the old file or the new one,
/// never a partial write. On any failure the temporary file is removed and `io_error` thrown.
struct AtomicFileWriter {
    let path: String
    private let temporaryPath: String
    private var fd: Int32

    init(path: String) throws {
        self.path = path
        temporaryPath = "\(path).tmp-\(getpid())"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.ioError("cannot create \(temporaryPath)") }
    }

    static func ioError(_ what: String) -> VectorIndexError {
        VectorIndexError(.io, "\(what): \(String(cString: strerror(errno)))")
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.ioError("write to \(temporaryPath) failed")
            }
            offset += n
        }
    }

    /// fsync + rename + directory fsync.
    mutating func commit() throws {
        guard fsync(fd) == 0 else { throw Self.ioError("fsync of \(temporaryPath) failed") }
        close(fd)
        fd = -1
        guard rename(temporaryPath, path) == 0 else { throw Self.ioError("rename to \(path) failed") }
        let dir: String
        if let slash = path.lastIndex(of: "/") {
            dir = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            dir = "."
        }
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    /// Removes the temporary file after a failure (no-op after `commit`).
    mutating func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
            unlink(temporaryPath)
        }
    }
}
