#if _endian(big)
#error("The index file format is written in host order and assumes a little-endian host.")
#endif

extension HNSWIndex {
    /// Saves the index atomically (temp file, fsync, rename) in `IndexFileFormat` version 1.
    /// Searches may continue while saving; writers wait.
    /// - Throws: `io_error` if the file cannot be written (any previous file is left intact).
    public func save(to path: String) throws {
        try lock.withReadLock {
            let g = graph
            let slots = g.slotCount
            let sections: [UnsafeRawBufferPointer] = [
                UnsafeRawBufferPointer(start: g.ids, count: slots * 8),
                UnsafeRawBufferPointer(start: g.vectors, count: slots * g.dimensions * 4),
                UnsafeRawBufferPointer(start: g.links0, count: slots * g.links0Stride * 4),
                UnsafeRawBufferPointer(start: g.upperOffsets, count: slots * 4),
                UnsafeRawBufferPointer(start: g.upperLinks, count: g.upperCount * 4),
                UnsafeRawBufferPointer(start: g.levels, count: slots),
                UnsafeRawBufferPointer(start: g.deleted, count: slots),
            ]
            var payloadHash = FNV1a64()
            for s in sections where s.count > 0 { payloadHash.update(s) }

            var h = ByteWriter()
            h.bytes.append(contentsOf: IndexFileFormat.magic)
            h.u32(IndexFileFormat.version)
            h.u32(IndexFileFormat.kindHNSW)
            h.u32(UInt32(g.dimensions))
            h.u32(g.metric.fileTag)
            h.u32(UInt32(g.m))
            h.u32(UInt32(parameters.efConstruction))
            h.u32(UInt32(parameters.efSearch))
            h.u32(UInt32(bitPattern: Int32(g.maxLevel)))
            h.u32(g.entryPoint)
            h.u32(0)
            h.u64(parameters.seed)
            h.u64(g.rng.state)
            h.u64(UInt64(slots))
            h.u64(UInt64(g.liveCount))
            h.u64(UInt64(g.upperCount))
            h.u64(payloadHash.value)
            var headerHash = FNV1a64()
            h.bytes.withUnsafeBytes { headerHash.update($0) }
            h.u64(headerHash.value)
            precondition(h.bytes.count == IndexFileFormat.headerSize)

            var writer = try AtomicFileWriter(path: path)
            do {
                try h.bytes.withUnsafeBytes { try writer.write($0) }
                for s in sections where s.count > 0 { try writer.write(s) }
                try writer.commit()
            } catch {
                writer.abandon()
                throw error
            }
        }
    }

    /// Loads an index saved by `save(to:)`, reading it through a read-only memory mapping.
    /// Filter thresholds (`exactFilterThreshold`, `exactFilterMinimum`) are runtime settings
    /// and come back as their defaults.
    /// - Throws: `io_error`, `bad_magic`, `unsupported_version`, `truncated_file` or
    ///   `corrupted_file` (checksum mismatch or inconsistent structure). Never crashes on a
    ///   damaged file.
    public static func load(from path: String) throws -> HNSWIndex {
        let file = try MappedFile(path: path)
        let b = file.bytes
        let magic = IndexFileFormat.magic
        let corrupted = { (why: String) in VectorIndexError(.corruptedFile, "\(path): \(why)") }
        guard b.count >= magic.count else {
            throw VectorIndexError(.truncatedFile, "\(path): \(b.count) bytes is too short for an index file")
        }
        guard Array(b[0..<magic.count]) == magic else { throw VectorIndexError(.badMagic, "\(path) is not a Flusso vector index file") }
        guard b.count >= IndexFileFormat.headerSize else {
            throw VectorIndexError(.truncatedFile, "\(path): header is truncated (\(b.count) bytes)")
        }
        let r = ByteReader(bytes: b)
        let version = r.u32(8)
        guard version == IndexFileFormat.version else {
            throw VectorIndexError(.unsupportedVersion, "\(path): format version \(version) is not supported (expected \(IndexFileFormat.version))")
        }
        var headerHash = FNV1a64()
        headerHash.update(UnsafeRawBufferPointer(rebasing: b[0..<96]))
        guard headerHash.value == r.u64(96) else { throw corrupted("header checksum mismatch") }

        guard r.u32(12) == IndexFileFormat.kindHNSW else { throw corrupted("unknown index kind \(r.u32(12))") }
        let dimensions = Int(r.u32(16))
        guard (1...(1 << 20)).contains(dimensions) else { throw corrupted("bad dimensions \(dimensions)") }
        guard let metric = Metric(fileTag: r.u32(20)) else { throw corrupted("unknown metric tag \(r.u32(20))") }
        let parameters = HNSWParameters(
            m: Int(r.u32(24)), efConstruction: Int(r.u32(28)),
            efSearch: Int(r.u32(32)), seed: r.u64(48))
        do { try parameters.validate() } catch { throw corrupted("bad parameters") }
        let maxLevel = Int(Int32(bitPattern: r.u32(36)))
        let entryPoint = r.u32(40)
        let slotsU = r.u64(64), liveU = r.u64(72), upperU = r.u64(80)
        guard slotsU < UInt64(UInt32.max), liveU <= slotsU, upperU < UInt64(UInt32.max) else { throw corrupted("bad counts") }
        let slots = Int(slotsU), live = Int(liveU), upperCount = Int(upperU)
        guard let payload = IndexFileFormat.payloadSize(slots: slots, dimensions: dimensions, m: parameters.m, upperCount: upperCount) else {
            throw corrupted("counts overflow")
        }
        let expected = IndexFileFormat.headerSize + payload
        guard b.count >= expected else {
            throw VectorIndexError(.truncatedFile, "\(path): expected \(expected) bytes, found \(b.count)")
        }
        guard b.count == expected else { throw corrupted("expected \(expected) bytes, found \(b.count)") }
        var payloadHash = FNV1a64()
        payloadHash.update(UnsafeRawBufferPointer(rebasing: b[IndexFileFormat.headerSize...]))
        guard payloadHash.value == r.u64(88) else { throw corrupted("payload checksum mismatch") }

        let g = HNSWGraph(dimensions: dimensions, metric: metric, parameters: parameters, rngState: r.u64(56))
        g.reserve(slots: max(slots, 16))
        g.reserveUpper(upperCount)
        var offset = IndexFileFormat.headerSize
        func copy<T>(_ dst: UnsafeMutablePointer<T>, _ n: Int) {
            let bytes = n * MemoryLayout<T>.stride
            if bytes > 0 { UnsafeMutableRawPointer(dst).copyMemory(from: b.baseAddress! + offset, byteCount: bytes) }
            offset += bytes
        }
        copy(g.ids, slots)
        copy(g.vectors, slots * dimensions)
        copy(g.links0, slots * g.links0Stride)
        copy(g.upperOffsets, slots)
        copy(g.upperLinks, upperCount)
        copy(g.levels, slots)
        copy(g.deleted, slots)
        g.slotCount = slots
        g.upperCount = upperCount
        g.entryPoint = entryPoint
        g.maxLevel = maxLevel

        // Structural validation: a file that passes the checksum but is inconsistent must
        // still never cause an out-of-bounds access later.
        if slots == 0 {
            guard entryPoint == .max, maxLevel == -1 else { throw corrupted("entry point in an empty index") }
        } else {
            guard entryPoint < UInt32(slots), maxLevel >= 0, Int(g.levels[Int(entryPoint)]) == maxLevel else {
                throw corrupted("bad entry point")
            }
        }
        var liveSeen = 0
        for s in 0..<slots {
            let level = Int(g.levels[s])
            guard level <= max(maxLevel, 0), g.deleted[s] <= 1 else { throw corrupted("bad level or flag at slot \(s)") }
            if level > 0 {
                guard Int(g.upperOffsets[s]) + level * g.upperStride <= upperCount else { throw corrupted("bad upper offset at slot \(s)") }
            }
            for l in 0...level {
                let list = g.linkList(UInt32(s), l)
                let n = Int(list[0])
                guard n <= (l == 0 ? g.m0 : g.m) else { throw corrupted("bad link count at slot \(s)") }
                for j in 0..<n where list[j + 1] >= UInt32(slots) { throw corrupted("bad link target at slot \(s)") }
            }
            if g.deleted[s] == 0 {
                liveSeen += 1
                guard g.slot(of: g.ids[s]) == nil else { throw corrupted("duplicate id \(g.ids[s])") }
                g.table.insert(slot: UInt32(s), ids: g.ids)
            } else if UInt32(s) != entryPoint {
                g.freeSlots.append(UInt32(s))
            }
        }
        guard liveSeen == live else { throw corrupted("live count \(live) does not match flags (\(liveSeen))") }
        g.liveCount = live
        g.freeSlots.reverse()
        return HNSWIndex(graph: g)
    }
}
