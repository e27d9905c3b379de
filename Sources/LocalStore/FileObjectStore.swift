import FlussoCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `ObjectStore` on a directory. A write goes to a temporary file in `root/.tmp`, is fsynced, then
/// renamed over the key's path (atomic on POSIX), and the directory is fsynced.
public struct FileObjectStore: ObjectStore {
    public let root: String

    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root + "/.tmp", withIntermediateDirectories: true)
    }

    public func put(_ data: Data, key: String) async throws {
        try ObjectKey.validate(key)
        let target = root + "/" + key
        let directory = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temp = root + "/.tmp/" + UUID().uuidString
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw FlussoError.storage("cannot create \(temp): \(String(cString: strerror(errno)))") }
        var ok = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temp, target) == 0 else {
            unlink(temp)
            throw FlussoError.storage("cannot write object \(key): \(String(cString: strerror(errno)))")
        }
        let dirFD = open(directory, O_RDONLY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    public func get(key: String) async throws -> Data {
        try ObjectKey.validate(key)
        guard let data = FileManager.default.contents(atPath: root + "/" + key) else {
            throw FlussoError.notFound("object \(key)")
        }
        return data
    }

    public func delete(key: String) async throws {
        try ObjectKey.validate(key)
        if unlink(root + "/" + key) != 0 && errno != ENOENT {
            throw FlussoError.storage("cannot delete object \(key): \(String(cString: strerror(errno)))")
        }
    }

    public func exists(key: String) async throws -> Bool {
        try ObjectKey.validate(key)
        return FileManager.default.fileExists(atPath: root + "/" + key)
    }
}
