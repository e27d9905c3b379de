import FlussoCore
import Foundation

/// The design's step 2, enrich: the customer's contract and SLA (`CustomerDirectory`), the asset's
/// model, warranty and service history (`AssetRegistry`), on the ticket as `enrichment`. The
/// asset's product type and model fill the ticket's when it lacks them, so classification and
/// retrieval use them. A customer or asset that is not known is `found: false`, not an error;
/// a source that fails (storage) fails the attempt, which the step's policy retries.
///
/// With no source configured the step is recorded as `skipped` with the reason, never faked.
/// Similar solved tickets and SLA due times arrive with the rest of the enrichment issue.
public struct EnrichStep: PipelineStep {
    public let name = StepName.enrich
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    private let customers: (any CustomerDirectory)?
    private let assets: (any AssetRegistry)?
    private let source: String
    /// Service history entries put on the ticket.
    public static let historyLimit = 10

    /// `source` names where the facts came from on the ticket (`local` for the SQLite tables).
    public init(
        customers: (any CustomerDirectory)? = nil, assets: (any AssetRegistry)? = nil, source: String = "local",
        timeout: Duration = .seconds(30)
    ) {
        self.customers = customers
        self.assets = assets
        self.source = source
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let customers, let assets else {
            return .skipped(reason: "no customer directory, asset registry or similar-ticket index is configured")
        }
        var ticket = ticket
        let customer = try await customers.customer(id: ticket.customer.id)
        let serial = ticket.asset?.serial
        let asset = try await serial.asyncMap { try await assets.asset(serial: $0) } ?? nil
        let history = try await serial.asyncMap { try await assets.history(serial: $0, limit: Self.historyLimit) } ?? []
        let enrichment = TicketEnrichment(
            customer: customer, serial: serial, asset: asset, history: history,
            at: ticket.createdAt, source: source)
        ticket.enrichment = enrichment
        if let asset {
            var ref = ticket.asset ?? AssetRef()
            if ref.productType == nil { ref.productType = asset.productType }
            if ref.model == nil { ref.model = asset.model }
            ticket.asset = ref
        }
        return .completed(ticket, detail: Self.summary(enrichment))
    }

    static func summary(_ enrichment: TicketEnrichment) -> String {
        let customer = enrichment.customer
        var parts = [
            customer.found
                ? "customer found"
                    + (customer.tier.map { " (\($0)" + (customer.slaHours.map { ", SLA \($0.plainText) h" } ?? "") + ")" } ?? "")
                : "customer not found"
        ]
        if let asset = enrichment.asset {
            if asset.found {
                var text = "asset \(asset.serial) \(asset.warranty.status.rawValue)"
                if let ends = asset.warranty.ends { text += " (ends \(ends))" }
                text += ", \(asset.serviceHistory.count) service entr\(asset.serviceHistory.count == 1 ? "y" : "ies")"
                parts.append(text)
            } else {
                parts.append("asset \(asset.serial) not found")
            }
        }
        return parts.joined(separator: "; ")
    }
}

extension Optional {
    /// `transform` applied to the value when there is one.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
