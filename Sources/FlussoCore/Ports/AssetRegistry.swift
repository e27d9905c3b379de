/// Step 2's source of assets (model, warranty, install date) and their service history. Local:
/// SQLite tables loaded by `flusso enrich import assets|history`. An asset that is not known is
/// nil, never an error.
public protocol AssetRegistry: Sendable {
    /// Names the source on the ticket (`local`, `http`).
    var sourceName: String { get }
    func asset(serial: String) async throws -> AssetRecord?
    /// The newest `limit` history entries of `serial`, newest first.
    func history(serial: String, limit: Int) async throws -> [ServiceEvent]
}
