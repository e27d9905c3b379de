import FlussoCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only, memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw data.
///
/// Invariants: every tensor's byte range lies inside the file and matches its dtype and shape
/// (checked when the file is opened); the mapping lives as long as this object, so pointers from
/// `floats(_:)` are valid only while it is alive. Immutable after `init`, hence `Sendable`.
public final class SafetensorsFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only (PROT_READ) and never changes after init; the
    // dictionary is immutable. Unmapped only in deinit, when no reader can remain.

    /// One tensor's entry in the header.
    public struct TensorInfo: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var byteRange: Range<Int>
        public var elementCount: Int { shape.reduce(1, *) }
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    private let base: UnsafeRawPointer
    private let mappedLength: Int
    private let dataOffset: Int

    /// Maps `path` and validates its header. Throws `EmbeddingError.modelFile` naming the file.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw EmbeddingError.modelFile(path: path, reason: "cannot open (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw EmbeddingError.modelFile(path: path, reason: "cannot stat") }
        let size = Int(st.st_size)
        guard size >= 8 else { throw EmbeddingError.modelFile(path: path, reason: "file too short (\(size) bytes)") }
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
            throw EmbeddingError.modelFile(path: path, reason: "mmap failed")
        }
        let base = UnsafeRawPointer(raw)
        do {
            let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
            guard headerLength > 1, headerLength <= size - 8, headerLength < 100_000_000 else {
                throw EmbeddingError.modelFile(path: path, reason: "corrupted header length \(headerLength)")
            }
            let headerData = Data(bytes: base + 8, count: headerLength)
            guard let json = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
                throw EmbeddingError.modelFile(path: path, reason: "header is not a JSON object")
            }
            let dataOffset = 8 + headerLength
            let dataSize = size - dataOffset
            var tensors: [String: TensorInfo] = [:]
            for (name, value) in json where name != "__metadata__" {
                guard let entry = value as? [String: Any],
                    let dtype = entry["dtype"] as? String,
                    let shape = entry["shape"] as? [Int],
                    let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                    offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize
                else { throw EmbeddingError.modelFile(path: path, reason: "bad header entry for tensor \(name)") }
                let info = TensorInfo(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
                if let width = Self.byteWidth(dtype), info.elementCount * width != info.byteRange.count {
                    throw EmbeddingError.modelFile(path: path, reason: "tensor \(name) size does not match its shape")
                }
                tensors[name] = info
            }
            self.tensors = tensors
            self.dataOffset = dataOffset
        } catch {
            munmap(raw, size)
            throw error
        }
        self.base = base
        self.mappedLength = size
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
    }

    static func byteWidth(_ dtype: String) -> Int? {
        switch dtype {
        case "F32", "I32", "U32": return 4
        case "F16", "BF16", "I16", "U16": return 2
        case "F64", "I64", "U64": return 8
        case "I8", "U8", "BOOL": return 1
        default: return nil
        }
    }

    /// The float32 tensor `name`, checked against `shape`. The buffer points into the mapping.
    public func floats(_ name: String, shape: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let info = tensors[name] else {
            throw EmbeddingError.modelFile(path: path, reason: "tensor \(name) is missing")
        }
        guard info.dtype == "F32" else {
            throw EmbeddingError.modelFile(path: path, reason: "tensor \(name) is \(info.dtype), expected F32")
        }
        guard info.shape == shape else {
            throw EmbeddingError.modelFile(path: path, reason: "tensor \(name) has shape \(info.shape), expected \(shape)")
        }
        let start = (base + dataOffset + info.byteRange.lowerBound)
        // safetensors data is 8-byte aligned in practice; the mapping is page-aligned.
        guard Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0 else {
            throw EmbeddingError.modelFile(path: path, reason: "tensor \(name) is not 4-byte aligned")
        }
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: info.elementCount)
    }
}
