import Foundation
import VectorIndex

/// What to benchmark: files, metric and HNSW parameters. Mirrors `flusso bench ann` flags.
public struct ANNBenchOptions: Sendable, Codable {
    public var basePath: String
    public var queryPath: String
    public var groundTruthPath: String
    public var metric: String
    public var k: Int
    public var m: Int
    public var efConstruction: Int
    public var efSearch: [Int]
    public var seed: UInt64
    /// Timed passes over the query set per `ef`; the fastest pass is reported.
    public var rounds: Int

    public init(
        basePath: String, queryPath: String, groundTruthPath: String, metric: String = "l2",
        k: Int = 10, m: Int = 16, efConstruction: Int = 200, efSearch: [Int] = [10, 20, 40, 80, 160],
        seed: UInt64 = 42, rounds: Int = 5
    ) {
        self.basePath = basePath
        self.queryPath = queryPath
        self.groundTruthPath = groundTruthPath
        self.metric = metric
        self.k = k
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
        self.rounds = rounds
    }
}

/// The measured results of one benchmark run (Codable; prints as a table or JSON).
public struct ANNBenchReport: Sendable, Codable {
    /// One `ef` setting: recall@k against the ground truth and single-thread throughput.
    public struct Row: Sendable, Codable {
        public var ef: Int
        public var recall: Double
        public var qps: Double
        public var meanLatencyMicroseconds: Double
    }

    public var library: String
    public var dataset: String
    public var metric: String
    public var vectors: Int
    public var dimensions: Int
    public var queries: Int
    public var k: Int
    public var m: Int
    public var efConstruction: Int
    public var buildSeconds: Double
    /// Index buffers (by capacity) divided by the number of vectors.
    public var bytesPerVector: Double
    /// Growth of the process's resident set during the build, per vector (includes allocator slack).
    public var rssBytesPerVector: Double
    public var rows: [Row]

    /// A fixed-width text table.
    public func table() -> String {
        var s = "\(library) on \(dataset): \(vectors)×\(dimensions) \(metric), \(queries) queries, k=\(k), M=\(m), efC=\(efConstruction)\n"
        s += String(
            format: "build %.2f s, %.0f bytes/vector (index), %.0f bytes/vector (RSS growth)\n",
            buildSeconds, bytesPerVector, rssBytesPerVector)
        s += "   ef  recall@\(k)        QPS   mean µs\n"
        for r in rows {
            s += String(format: "%5d  %9.4f  %9.0f  %8.1f\n", r.ef, r.recall, r.qps, r.meanLatencyMicroseconds)
        }
        return s
    }

    /// Pretty-printed JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Resident set size of this process in bytes (Linux `/proc/self/statm`), or 0 if unknown.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// recall@k of `found` against the first `k` ground-truth ids.
public func recallAtK(found: [[UInt64]], groundTruth: VecsMatrix<Int32>, k: Int) -> Double {
    var hits = 0
    for (q, ids) in found.enumerated() {
        let truth = Set(groundTruth.row(q).prefix(k).map { UInt64($0) })
        hits += ids.prefix(k).filter { truth.contains($0) }.count
    }
    return Double(hits) / Double(max(1, found.count * k))
}

/// Builds an `HNSWIndex` over the base file (ids = row numbers), then for each `ef` runs the
/// whole query set single-threaded `rounds` times and reports the fastest pass and recall@k.
public func runANNBenchmark(_ options: ANNBenchOptions) throws -> ANNBenchReport {
    let metric = try Metric(parsing: options.metric)
    let base = try VecsFile.readFloats(options.basePath)
    let queries = try VecsFile.readFloats(options.queryPath)
    let truth = try VecsFile.readInts(options.groundTruthPath)
    guard queries.dimensions == base.dimensions else { throw VecsFileError(description: "query and base dimensions differ") }
    guard truth.rows >= queries.rows, truth.dimensions >= options.k else { throw VecsFileError(description: "ground truth too small") }

    let clock = ContinuousClock()
    let rssBefore = residentBytes()
    let start = clock.now
    let index = try HNSWIndex(
        dimensions: base.dimensions, metric: metric,
        parameters: HNSWParameters(m: options.m, efConstruction: options.efConstruction, seed: options.seed))
    index.reserveCapacity(base.rows)
    for i in 0..<base.rows {
        try index.insert(id: UInt64(i), vector: Array(base.row(i)))
    }
    let buildSeconds = (clock.now - start).seconds
    let rssAfter = residentBytes()

    let queryRows = (0..<queries.rows).map { Array(queries.row($0)) }
    var rows: [ANNBenchReport.Row] = []
    for ef in options.efSearch {
        var found = [[UInt64]](repeating: [], count: queryRows.count)
        for (i, q) in queryRows.enumerated() { found[i] = try index.search(q, k: options.k, ef: ef).map(\.id) }
        var best = Double.infinity
        for _ in 0..<max(1, options.rounds) {
            let t0 = clock.now
            for q in queryRows { _ = try index.search(q, k: options.k, ef: ef) }
            best = min(best, (clock.now - t0).seconds)
        }
        rows.append(
            .init(
                ef: ef, recall: recallAtK(found: found, groundTruth: truth, k: options.k),
                qps: Double(queryRows.count) / best,
                meanLatencyMicroseconds: best / Double(queryRows.count) * 1e6))
    }
    return ANNBenchReport(
        library: "flusso", dataset: URL(fileURLWithPath: options.basePath).lastPathComponent,
        metric: metric.rawValue, vectors: base.rows, dimensions: base.dimensions, queries: queryRows.count,
        k: options.k, m: options.m, efConstruction: options.efConstruction, buildSeconds: buildSeconds,
        bytesPerVector: Double(index.memoryFootprintBytes) / Double(max(1, base.rows)),
        rssBytesPerVector: Double(max(0, rssAfter - rssBefore)) / Double(max(1, base.rows)),
        rows: rows)
}

extension Duration {
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
