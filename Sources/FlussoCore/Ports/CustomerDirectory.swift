/// Step 2's source of customers (contract, tier, SLA hours). Local: SQLite tables loaded by
/// `flusso enrich import customers`; a site's own JSON API and DynamoDB can stand behind it too.
/// A customer that is not known is nil, never an error.
public protocol CustomerDirectory: Sendable {
    /// Names the source on the ticket (`local`, `http`).
    var sourceName: String { get }
    func customer(id: String) async throws -> CustomerRecord?
}
