import Glibc
import Testing
import VectorIndex

@Suite struct PersistenceTests {
    func savedIndex() throws -> (HNSWIndex, String) {
        let (hnsw, _) = try buildPair(randomVectors(600, dimensions: 12, seed: 51), metric: .cosine)
        for id in stride(from: 0, to: 600, by: 7) { try hnsw.remove(id: UInt64(id)) }
        let path = temporaryPath("save")
        try hnsw.save(to: path)
        return (hnsw, path)
    }

    func readBytes(_ path: String) -> [UInt8] {
        let f = fopen(path, "rb")!
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return out
    }

    func writeBytes(_ bytes: [UInt8], to path: String) {
        let f = fopen(path, "wb")!
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        fclose(f)
    }

    func loadError(_ path: String) -> String? {
        do {
            _ = try HNSWIndex.load(from: path)
            return nil
        } catch let e as VectorIndexError { return e.code.rawValue } catch { return "other" }
    }

    @Test func saveAndLoadRoundTripsSearchResultsExactly() throws {
        let (original, path) = try savedIndex()
        defer { unlink(path) }
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == original.count)
        #expect(loaded.dimensions == 12 && loaded.metric == .cosine && loaded.parameters.m == original.parameters.m)
        for q in randomVectors(30, dimensions: 12, seed: 52) {
            #expect(try loaded.search(q, k: 10, ef: 40) == original.search(q, k: 10, ef: 40))
        }
        #expect(!loaded.contains(id: 0) && loaded.contains(id: 1))
    }

    @Test func loadedIndexAcceptsFurtherInsertsLikeTheOriginal() throws {
        let (original, path) = try savedIndex()
        defer { unlink(path) }
        let loaded = try HNSWIndex.load(from: path)
        try loaded.insert(id: 50_000, vector: [Float](repeating: 0.5, count: 12))
        #expect(try loaded.search([Float](repeating: 0.5, count: 12), k: 1).first?.id == 50_000)
        #expect(loaded.count == original.count + 1)
    }

    @Test func emptyIndexRoundTrips() throws {
        let path = temporaryPath("empty")
        defer { unlink(path) }
        try HNSWIndex(dimensions: 3, metric: .innerProduct).save(to: path)
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == 0 && loaded.metric == .innerProduct)
    }

    @Test func truncatedFilesAreRejected() throws {
        let (_, path) = try savedIndex()
        defer { unlink(path) }
        let bytes = readBytes(path)
        for length in [0, 5, 50, 103, 104, bytes.count / 2, bytes.count - 1] {
            writeBytes(Array(bytes.prefix(length)), to: path)
            #expect(loadError(path) == "truncated_file", "length \(length)")
        }
    }

    @Test func corruptedPayloadByteIsRejected() throws {
        let (_, path) = try savedIndex()
        defer { unlink(path) }
        var bytes = readBytes(path)
        for offset in [200, bytes.count / 2, bytes.count - 1] {
            var damaged = bytes
            damaged[offset] ^= 0x40
            writeBytes(damaged, to: path)
            #expect(loadError(path) == "corrupted_file", "offset \(offset)")
        }
        bytes[20] ^= 1  // metric field in the header
        writeBytes(bytes, to: path)
        #expect(loadError(path) == "corrupted_file")
    }

    @Test func wrongMagicAndVersionAreRejected() throws {
        let (_, path) = try savedIndex()
        defer { unlink(path) }
        var bytes = readBytes(path)
        var badMagic = bytes
        badMagic[0] = UInt8(ascii: "X")
        writeBytes(badMagic, to: path)
        #expect(loadError(path) == "bad_magic")
        bytes[8] = 99
        writeBytes(bytes, to: path)
        #expect(loadError(path) == "unsupported_version")
    }

    @Test func missingFileGivesIOError() {
        #expect(loadError("/nonexistent/dir/index.bin") == "io_error")
    }

    @Test func saveReplacesAnExistingFileAtomically() throws {
        let (original, path) = try savedIndex()
        defer { unlink(path) }
        try original.insert(id: 70_000, vector: [Float](repeating: 1, count: 12))
        try original.save(to: path)
        #expect(try HNSWIndex.load(from: path).contains(id: 70_000))
        #expect(access("\(path).tmp-\(getpid())", F_OK) != 0)
    }
}
