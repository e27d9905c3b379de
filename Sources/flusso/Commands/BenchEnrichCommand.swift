import ArgumentParser
import FlussoCore
import Foundation
import Knowledge
import LocalStore
import Logging
import Pipeline
import VectorIndex

/// `flusso bench enrich`: step 2 over the tables `flusso enrich import` filled (used by
/// `scripts/bench-enrich`, which times the imports). Loads `--tickets` finished tickets' entries
/// of the similar-ticket index (vector and summary, as step 8 stores them) with generated embeddings (clustered unit vectors, `--models` product models), builds the
/// similar-ticket index, then times, for `--queries` new tickets: the similar-ticket search
/// (against an exact scan of the same model's vectors, the yardstick, measured in the same run,
/// with recall@5) and the whole enrich step (customer, asset, history, SLA, similar tickets).
/// The symptom's embedding is not counted: queries come with precomputed vectors (the pipeline
/// computes it once and shares it with the retrieve step).
struct BenchEnrich: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich", abstract: "Step 2 p50/p95 and similar-ticket search p50/p95 and recall@5 over imported tables.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Finished tickets with generated vectors in the similar-ticket index.") var tickets = 100_000
    @Option(help: "New tickets timed.") var queries = 1000
    @Option(help: "Customers imported (ids cust-000001 …), to draw the tickets' customers from.") var customers = 100_000
    @Option(help: "Assets imported (serials SN-0000001 …), to draw the tickets' assets from.") var assets = 300_000
    @Option(
        help:
            "Product models the tickets spread over (the search's filter). At 10 each filter keeps 10 %: the graph is searched; at 20 or more (5 % or less) the index scans the allowed vectors exactly."
    ) var models = 10
    @Option(help: "Vector dimensions (384: MiniLM and multilingual-e5-small).") var dimensions = 384
    @Option(help: "The similar-ticket search's candidate list (HNSW ef); empty: the index's default.") var ef: Int?
    @Option(help: "Seed.") var seed: UInt64 = 42
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            guard tickets > 0, queries > 0, customers > 0, assets > 0, models > 0, dimensions > 1 else {
                throw FlussoError(.invalidParameter, "--tickets, --queries, --customers, --assets, --models and --dimensions must be positive")
            }
            let runtime = try await Runtime(settings: try global.settings(), needs: .storage)
            let persistence = runtime.persistence
            guard let vectorStore = persistence.ticketVectors as? SQLiteTicketVectorStore else {
                throw FlussoError(.invalidConfiguration, "the enrich benchmark needs the SQLite persistence backend")
            }
            let embedder = TableEmbedder(dimensions: dimensions)
            // The benchmark adds its generated entries to the data directory's similar-ticket index:
            // only a directory without them is accepted.
            guard try await vectorStore.vectors(modelID: embedder.modelID, after: 0, limit: 1).isEmpty else {
                throw FlussoError(
                    .invalidParameter, "the data directory already holds benchmark entries: use a scratch --data-dir (scripts/bench-enrich does)")
            }
            var random = SplitMix64(state: seed)
            let centres = (0..<256).map { _ in Self.unit((0..<dimensions).map { _ in Self.gaussian(&random) }) }
            // A ticket is its topic's centre plus noise of norm ≈ `spread` (per component spread/√d):
            // at 0.35 a ticket's cosine to its centre is ≈ 0.94, to another topic's ≈ 0.
            let perComponent = 1 / Float(dimensions).squareRoot()
            func vector(near centre: [Float], spread: Float) -> [Float] {
                Self.unit(zip(centre, (0..<dimensions).map { _ in Self.gaussian(&random) }).map { $0 + spread * perComponent * $1 })
            }
            let modelNames = (1...models).map { "BM-\($0)" }

            // 1. Finished tickets' index entries (what step 8 leaves behind), loaded in bulk.
            let loadStart = ContinuousClock.now
            var loaded: [(ticketID: String, productModel: String?, vector: [Float], summary: SimilarTicket)] = []
            var byModel: [String: [(id: String, vector: [Float])]] = [:]
            for index in 0..<tickets {
                let model = modelNames[Int(random.next() % UInt64(models))]
                let v = vector(near: centres[Int(random.next() % UInt64(centres.count))], spread: 0.35)
                var ticket = Ticket(
                    createdAt: Date(), customer: CustomerRef(id: Self.customerID(Int(random.next() % UInt64(customers)) + 1)),
                    asset: AssetRef(model: model), errorCode: "E\(100 + index % 50)", symptomText: "generated ticket \(index)")
                ticket.solution = Solution(
                    probableCause: "cause \(index % 97)", steps: [SolutionStep(order: 1, text: "step", citations: [])], citations: [],
                    safetyFlags: [], generator: "extractive", model: nil, language: "en", generatedAt: Date())
                ticket.transition(to: .ready, at: Date())
                loaded.append((ticket.ticketID, model.uppercased(), v, HNSWSimilarTickets.summary(of: ticket)))
                byModel[model.uppercased(), default: []].append((ticket.ticketID, v))
            }
            for start in stride(from: 0, to: loaded.count, by: 10_000) {
                try await vectorStore.addAll(Array(loaded[start..<min(start + 10_000, loaded.count)]), modelID: embedder.modelID)
            }
            let loadSeconds = (ContinuousClock.now - loadStart).seconds
            let directory = NSTemporaryDirectory() + "flusso-bench-enrich-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let index = try HNSWSimilarTickets(
                embedder: embedder, vectors: vectorStore, feedback: persistence.feedback,
                directory: directory, snapshotEvery: tickets + 1, efSearch: ef, logger: Logger(label: "flusso.bench"))
            let buildStart = ContinuousClock.now
            try await index.catchUp()
            let buildSeconds = (ContinuousClock.now - buildStart).seconds

            // 2. New tickets with precomputed vectors: similar-ticket search, and the exact scan.
            var probes: [Ticket] = []
            for index in 0..<queries {
                let model = modelNames[Int(random.next() % UInt64(models))]
                let serial = Self.serial(Int(random.next() % UInt64(assets)) + 1)
                let ticket = Ticket(
                    createdAt: Date(), customer: CustomerRef(id: Self.customerID(Int(random.next() % UInt64(customers)) + 1)),
                    asset: AssetRef(serial: serial, productType: "3d-printer", model: model), errorCode: "E\(100 + index % 50)",
                    symptomText: "new ticket \(index)")
                let v = vector(near: centres[Int(random.next() % UInt64(centres.count))], spread: 0.35)
                embedder.register(HNSWSimilarTickets.text(for: ticket), v)
                probes.append(ticket)
            }
            var searchTimes: [Double] = []
            var exactTimes: [Double] = []
            var hits = 0
            var wanted = 0
            for ticket in probes {
                let start = ContinuousClock.now
                let found = try await index.similar(to: ticket, k: 5)
                searchTimes.append((ContinuousClock.now - start).milliseconds)
                let query = embedder.vector(for: HNSWSimilarTickets.text(for: ticket))
                let scanStart = ContinuousClock.now
                let pool = byModel[(ticket.asset?.model ?? "").uppercased()] ?? []
                let best = Self.topK(query, pool, k: 5)
                exactTimes.append((ContinuousClock.now - scanStart).milliseconds)
                wanted += best.count
                hits += Set(found.map(\.ticketID)).intersection(best).count
            }

            // 3. The whole enrich step over the imported tables and the index.
            let step = EnrichStep(
                customers: persistence.customers, assets: persistence.assets, similar: index, slaCalendar: runtime.settings.sla)
            let context = StepContext(records: [], logger: Logger(label: "flusso.bench"))
            var stepTimes: [Double] = []
            var counts = (customers: 0, assets: 0, similar: 0, partial: 0)
            for ticket in probes {
                let start = ContinuousClock.now
                let outcome = try await step.run(ticket, context: context)
                stepTimes.append((ContinuousClock.now - start).milliseconds)
                if case .partial(_, let reason) = outcome {
                    counts.partial += 1
                    if counts.partial == 1 { FileHandle.standardError.write(Data("warning: a step ended partial: \(reason)\n".utf8)) }
                }
                if case .completed(let done, _) = outcome {
                    if done.enrichment?.customer.found == true { counts.customers += 1 }
                    if done.enrichment?.asset?.found == true { counts.assets += 1 }
                    if !(done.enrichment?.similarTickets ?? []).isEmpty { counts.similar += 1 }
                }
            }
            let report = EnrichBenchReport(
                tickets: tickets, queries: queries, models: models, dimensions: dimensions, loadSeconds: loadSeconds,
                indexBuildSeconds: buildSeconds,
                similarP50Ms: Percentile.nearestRank(searchTimes, 0.5), similarP95Ms: Percentile.nearestRank(searchTimes, 0.95),
                exactScanP50Ms: Percentile.nearestRank(exactTimes, 0.5), exactScanP95Ms: Percentile.nearestRank(exactTimes, 0.95),
                recallAt5: wanted == 0 ? 0 : Double(hits) / Double(wanted),
                stepP50Ms: Percentile.nearestRank(stepTimes, 0.5), stepP95Ms: Percentile.nearestRank(stepTimes, 0.95),
                customersFound: counts.customers, assetsFound: counts.assets, withSimilarTickets: counts.similar, partialSteps: counts.partial)
            printOut(json ? String(decoding: try FlussoJSON.encode(report, pretty: true), as: UTF8.self) : report.table)
        }
    }

    static func customerID(_ n: Int) -> String { String(format: "cust-%06d", n) }
    static func serial(_ n: Int) -> String { String(format: "SN-%07d", n) }

    static func gaussian(_ random: inout SplitMix64) -> Float {
        let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12)
        let u2 = Double(random.next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * .pi * u2))
    }

    static func unit(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }

    /// The yardstick: every vector of the pool, by dot product (cosine on unit vectors).
    static func topK(_ query: [Float], _ pool: [(id: String, vector: [Float])], k: Int) -> [String] {
        var scored: [(String, Float)] = []
        scored.reserveCapacity(pool.count)
        for item in pool {
            var dot: Float = 0
            for i in 0..<query.count { dot += query[i] * item.vector[i] }
            scored.append((item.id, dot))
        }
        return scored.sorted { $0.1 > $1.1 }.prefix(k).map(\.0)
    }
}

/// The benchmark's stand-in for an embedding model: it answers each registered text with the
/// vector generated for it, so the symptom's embedding costs nothing (the issue's target leaves
/// it out: the pipeline computes it once and shares it with the retrieve step).
final class TableEmbedder: Embedder, @unchecked Sendable {
    let dimensions: Int
    let modelID = "bench-table"
    private let lock = NSLock()
    private var table: [String: [Float]] = [:]

    init(dimensions: Int) { self.dimensions = dimensions }

    func register(_ text: String, _ vector: [Float]) { lock.withLock { table[text] = vector } }
    func vector(for text: String) -> [Float] { lock.withLock { table[text] ?? [] } }

    func embed(_ texts: [String], role: EmbeddingRole) async throws -> [[Float]] {
        try texts.map { text in
            guard let vector = lock.withLock({ table[text] }) else {
                throw FlussoError(.embeddingFailed, "the benchmark has no vector for '\(text.prefix(40))'")
            }
            return vector
        }
    }
}

struct EnrichBenchReport: Encodable {
    var tickets, queries, models, dimensions: Int
    var loadSeconds, indexBuildSeconds: Double
    var similarP50Ms, similarP95Ms, exactScanP50Ms, exactScanP95Ms, recallAt5: Double
    var stepP50Ms, stepP95Ms: Double
    var customersFound, assetsFound, withSimilarTickets, partialSteps: Int

    var table: String {
        let f = { (value: Double) in String(format: "%.3f", value) }
        return """
            finished tickets loaded: \(tickets) (\(models) models, \(dimensions) dims) in \(String(format: "%.1f", loadSeconds)) s; similar-ticket index built in \(String(format: "%.1f", indexBuildSeconds)) s
            similar-ticket search (k=5, same model): p50 \(f(similarP50Ms)) ms, p95 \(f(similarP95Ms)) ms (target p95 < 10 ms); recall@5 vs exact \(String(format: "%.3f", recallAt5))
            exact scan of the model's vectors (yardstick): p50 \(f(exactScanP50Ms)) ms, p95 \(f(exactScanP95Ms)) ms; HNSW is \(String(format: "%.1f", exactScanP95Ms / max(similarP95Ms, 1e-9)))x faster at p95
            enrich step (customer, asset, history, SLA, similar tickets; embedding precomputed): p50 \(f(stepP50Ms)) ms, p95 \(f(stepP95Ms)) ms (target p95 < 5 ms) over \(queries) tickets
            found: \(customersFound) customers, \(assetsFound) assets, \(withSimilarTickets) with similar tickets; \(partialSteps) partial steps
            """
    }

    enum CodingKeys: String, CodingKey {
        case tickets, queries, models, dimensions
        case loadSeconds = "load_s"
        case indexBuildSeconds = "index_build_s"
        case similarP50Ms = "similar_p50_ms"
        case similarP95Ms = "similar_p95_ms"
        case exactScanP50Ms = "exact_scan_p50_ms"
        case exactScanP95Ms = "exact_scan_p95_ms"
        case recallAt5 = "recall_at_5"
        case stepP50Ms = "step_p50_ms"
        case stepP95Ms = "step_p95_ms"
        case customersFound = "customers_found"
        case assetsFound = "assets_found"
        case withSimilarTickets = "with_similar_tickets"
        case partialSteps = "partial_steps"
    }
}
