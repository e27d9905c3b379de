/// The versioned binary layout of a saved `HNSWIndex` (all integers little-endian).
///
/// Header (104 bytes):
/// ```
///   0  magic "FLVINDEX" (8)       8  version UInt32 (= 1)   12 kind UInt32 (1 = HNSW)
///  16  dimensions UInt32          20 metric UInt32 (0 l2, 1 ip, 2 cosine)
///  24  m UInt32  28 efConstruction UInt32  32 efSearch UInt32
///  36  maxLevel Int32 (-1 = empty)          40 entryPoint UInt32 (0xFFFFFFFF = none)
///  44  reserved (0)  48 seed UInt64  56 rngState UInt64
///  64  slotCount UInt64  72 liveCount UInt64  80 upperLinkCount UInt64
///  88  payload checksum (FNV-1a 64 over every byte after the header)
///  96  header checksum  (FNV-1a 64 over bytes 0..<96)
/// ```
/// Payload, in order: ids `[UInt64 × slots]`, vectors `[Float32 × slots × dimensions]`,
/// level-0 links `[UInt32 × slots × (2m + 1)]`, upper offsets `[UInt32 × slots]`,
/// upper links `[UInt32 × upperLinkCount]`, levels `[UInt8 × slots]`,
/// deleted flags `[UInt8 × slots]`. The file size must match exactly.
enum IndexFileFormat {
    static let magic: [UInt8] = Array("FLVINDEX".utf8)
    static let version: UInt32 = 1
    static let kindHNSW: UInt32 = 1
    static let headerSize = 104

    /// Payload size for the given counts, or nil on arithmetic overflow.
    static func payloadSize(slots: Int, dimensions: Int, m: Int, upperCount: Int) -> Int? {
        var total = 0
        for (a, b) in [(slots, 8), (slots, dimensions * 4), (slots, (2 * m + 1) * 4), (slots, 4), (upperCount, 4), (slots, 2)] {
            let (p, o1) = a.multipliedReportingOverflow(by: b)
            let (t, o2) = total.addingReportingOverflow(p)
            if o1 || o2 { return nil }
            total = t
        }
        return total
    }
}

/// Little-endian header builder.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
}

/// Bounds-checked little-endian reader over a mapped file.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    func u64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
