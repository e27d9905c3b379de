/// Where `flusso enrich import` writes: each call is one transaction (all of a file's accepted
/// rows, or none), customers and assets upserted by id and serial, history entries added once
/// (an identical entry imported again is kept once).
public protocol EnrichmentImportTarget: Sendable {
    func upsert(customers: [CustomerRecord]) async throws
    func upsert(assets: [AssetRecord]) async throws
    func add(history: [ServiceEvent]) async throws
}
