#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The model file format, version 1 (all integers and floats little-endian):
///
/// ```
/// magic      8 bytes  "FLUSSOCM"
/// version    u32      1
/// settings   u32 bucketBits, u32 wordNgramMax, u32 charNgramMin, u32 charNgramMax, u8 sublinearTF
/// modelID    u32 length + UTF-8
/// temperature f64
/// labels     u32 count, then count × (u32 length + UTF-8), sorted, unique
/// rows       u32 R
/// buckets    R × u32       (each < 2^bucketBits)
/// idf        R × f32
/// weights    R × labels × f32 (row-major)
/// bias       labels × f32
/// checksum   u64 FNV-1a 64 of every byte before it
/// ```
///
/// Reading fails with `not_a_model` (wrong magic), `incompatible_model` (another format version
/// or settings this build cannot use), `truncated_model` (the file ends early) or
/// `corrupted_model` (checksum mismatch, trailing bytes, impossible values).
public enum ModelFile {
    public static let magic: [UInt8] = Array("FLUSSOCM".utf8)
    public static let version: UInt32 = 1
    /// The extension used for model files in `models/`.
    public static let fileExtension = "fcm"
}

extension TrainedModel {
    /// The model in the file format above.
    public func serialized() -> [UInt8] {
        var w = ByteWriter()
        w.bytes(ModelFile.magic)
        w.u32(ModelFile.version)
        w.u32(UInt32(settings.bucketBits))
        w.u32(UInt32(settings.wordNgramMax))
        w.u32(UInt32(settings.charNgramMin))
        w.u32(UInt32(settings.charNgramMax))
        w.u8(settings.sublinearTF ? 1 : 0)
        w.string(modelID)
        w.u64(temperature.bitPattern)
        w.u32(UInt32(labels.count))
        for label in labels { w.string(label) }
        w.u32(UInt32(space.buckets.count))
        for b in space.buckets { w.u32(b) }
        for v in space.idf { w.u32(v.bitPattern) }
        for v in weights { w.u32(v.bitPattern) }
        for v in bias { w.u32(v.bitPattern) }
        w.u64(FNV1a.hash(w.out))
        return w.out
    }

    /// Reads a model written by `serialized()`; see `ModelFile` for the errors.
    public init(serialized bytes: [UInt8], name: String = "model") throws {
        guard bytes.count >= ModelFile.magic.count, Array(bytes.prefix(ModelFile.magic.count)) == ModelFile.magic else {
            throw ClassifierError("not_a_model", "\(name) is not a Flusso classifier model (no FLUSSOCM header)")
        }
        var r = ByteReader(bytes: bytes, position: ModelFile.magic.count, name: name)
        let version = try r.u32()
        guard version == ModelFile.version else {
            throw ClassifierError(
                "incompatible_model",
                "\(name) has model format version \(version); this build reads version \(ModelFile.version): retrain it with `flusso classifier train`"
            )
        }
        let settings = FeatureSettings(
            bucketBits: Int(try r.u32()), wordNgramMax: Int(try r.u32()),
            charNgramMin: Int(try r.u32()), charNgramMax: Int(try r.u32()), sublinearTF: try r.u8() == 1)
        do { try settings.validate() } catch let error as ClassifierError {
            throw ClassifierError("incompatible_model", "\(name): unsupported feature settings (\(error.message))")
        }
        let modelID = try r.string()
        let temperature = Double(bitPattern: try r.u64())
        let labelCount = Int(try r.u32())
        guard labelCount >= 2, labelCount <= 1_000_000 else { throw r.corrupted("label count \(labelCount)") }
        var labels: [String] = []
        for _ in 0..<labelCount { labels.append(try r.string()) }
        let rows = Int(try r.u32())
        try r.need(rows * 4 * (2 + labelCount) + labelCount * 4 + 8)
        var buckets = [UInt32](repeating: 0, count: rows)
        for i in 0..<rows { buckets[i] = try r.u32() }
        var idf = [Float](repeating: 0, count: rows)
        for i in 0..<rows { idf[i] = Float(bitPattern: try r.u32()) }
        var weights = [Float](repeating: 0, count: rows * labelCount)
        for i in 0..<weights.count { weights[i] = Float(bitPattern: try r.u32()) }
        var bias = [Float](repeating: 0, count: labelCount)
        for i in 0..<labelCount { bias[i] = Float(bitPattern: try r.u32()) }
        let end = r.position
        let stored = try r.u64()
        guard r.position == bytes.count else { throw r.corrupted("\(bytes.count - r.position) unexpected byte(s) after the checksum") }
        guard FNV1a.hash(bytes[0..<end]) == stored else { throw r.corrupted("checksum mismatch") }
        guard zip(labels, labels.dropFirst()).allSatisfy({ $0 < $1 }) else { throw r.corrupted("labels are not sorted and unique") }
        guard temperature > 0, temperature.isFinite else { throw r.corrupted("temperature \(temperature)") }
        let limit = UInt32(1) << UInt32(settings.bucketBits)
        guard buckets.allSatisfy({ $0 < limit }), Set(buckets).count == rows else { throw r.corrupted("bucket out of range or repeated") }
        guard idf.allSatisfy(\.isFinite), weights.allSatisfy(\.isFinite), bias.allSatisfy(\.isFinite) else {
            throw r.corrupted("a weight is not finite")
        }
        self.init(
            settings: settings, labels: labels, modelID: modelID, temperature: temperature,
            buckets: buckets, idf: idf, weights: weights, bias: bias)
    }

    /// Loads a model file.
    public static func load(path: String) throws -> TrainedModel {
        let bytes: [UInt8]
        do { bytes = try DatasetLoader.readFile(path) } catch let error as ClassifierError {
            throw ClassifierError("unreadable_file", error.message)
        }
        return try TrainedModel(serialized: bytes, name: path)
    }

    /// Writes the model atomically: a temporary file in the same directory, flushed to disk,
    /// then renamed over `path`, so a reader sees the old model or the new one.
    public func write(to path: String) throws {
        let bytes = serialized()
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw ClassifierError("write_failed", "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ClassifierError("write_failed", "cannot write \(path): \(reason)")
        }
    }
}

struct ByteWriter {
    var out: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { out += b }
    mutating func u8(_ v: UInt8) { out.append(v) }
    mutating func u32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    mutating func u64(_ v: UInt64) { for s in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) } }
    mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        out += Array(s.utf8)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    let name: String

    func need(_ n: Int) throws {
        guard n >= 0, bytes.count - position >= n else {
            throw ClassifierError("truncated_model", "\(name) ends early (\(bytes.count) bytes): the file is truncated")
        }
    }
    func corrupted(_ what: String) -> ClassifierError {
        ClassifierError("corrupted_model", "\(name) is corrupted (\(what)): retrain it or restore a good copy")
    }
    mutating func u8() throws -> UInt8 {
        try need(1)
        defer { position += 1 }
        return bytes[position]
    }
    mutating func u32() throws -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << UInt32(8 * i) }
        position += 4
        return v
    }
    mutating func u64() throws -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << UInt64(8 * i) }
        position += 8
        return v
    }
    mutating func string() throws -> String {
        let n = Int(try u32())
        guard n <= 1 << 20 else { throw corrupted("a string of \(n) bytes") }
        try need(n)
        defer { position += n }
        guard let s = String(validating: bytes[position..<(position + n)], as: UTF8.self) else { throw corrupted("a string is not UTF-8") }
        return s
    }
}

/// `write(2)`, named so it does not clash with `TrainedModel.write(to:)`.
@inline(__always)
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
