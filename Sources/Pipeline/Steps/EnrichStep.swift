import FlussoCore
import Foundation

/// The design's step 2, enrich: the customer's contract and SLA (`CustomerDirectory`), the asset's
/// model, warranty and service history (`AssetRegistry`), on the ticket as `enrichment`. The
/// asset's product type and model fill the ticket's when it lacks them, so classification and
/// retrieval use them. A customer or asset that is not known is `found: false`, not an error;
/// a site API that is down leaves that part `found: false` with `unavailable: reason` and the
/// step `partial` (the ticket goes on, never FAILED); the local tables failing (storage) fails
/// the attempt, which the step's policy retries.
///
/// With no source configured the step is recorded as `skipped` with the reason, never faked.
/// The customer's SLA hours become the ticket's `sla.due_at` on the configured `SLACalendar`.
/// The `similarTickets` most similar finished tickets (`SimilarTicketIndex`) go on the enrichment;
/// when that search fails (an embedding server down) the step ends `partial` with the reason and
/// the ticket goes on with the rest.
public struct EnrichStep: PipelineStep {
    public let name = StepName.enrich
    public let retryPolicy = RetryPolicy.standard
    public let timeout: Duration
    private let customers: (any CustomerDirectory)?
    private let assets: (any AssetRegistry)?
    private let similar: (any SimilarTicketIndex)?
    private let similarCount: Int
    private let slaCalendar: SLACalendar
    private let clock: any PipelineClock
    /// Service history entries put on the ticket.
    public static let historyLimit = 10
    /// Similar finished tickets put on the ticket by default (`enrich.similar_tickets`).
    public static let defaultSimilarTickets = 5

    /// Each source names itself on the ticket (`local` for the SQLite tables, `http` for a site's
    /// API); `slaCalendar` counts the customer's SLA hours into the ticket's due time.
    public init(
        customers: (any CustomerDirectory)? = nil, assets: (any AssetRegistry)? = nil, similar: (any SimilarTicketIndex)? = nil,
        similarTickets: Int = EnrichStep.defaultSimilarTickets, slaCalendar: SLACalendar = SLACalendar(),
        clock: any PipelineClock = SystemClock(), timeout: Duration = .seconds(30)
    ) {
        self.clock = clock
        self.customers = customers
        self.assets = assets
        self.similar = similarTickets > 0 ? similar : nil
        self.similarCount = similarTickets
        self.slaCalendar = slaCalendar
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let customers, let assets else {
            return .skipped(reason: "no customer directory, asset registry or similar-ticket index is configured")
        }
        var ticket = ticket
        // A site API that is down (`enrichment_source_unavailable`) leaves its part unknown and
        // the step partial; the local tables' errors fail the attempt (retried).
        var missing: [String] = []
        let serial = ticket.asset?.serial
        let customerID = ticket.customer.id
        // The customer and the asset are asked at the same time (a site API answers each in its
        // own time; the step's timeout covers the slower one and then the history).
        async let customerLookup = Self.lookup { try await customers.customer(id: customerID) }
        async let assetLookup = Self.lookup { () -> (AssetRecord?, [ServiceEvent])? in
            guard let serial else { return nil }
            let asset = try await assets.asset(serial: serial)
            let history = asset == nil ? [] : try await assets.history(serial: serial, limit: Self.historyLimit)
            return (asset, history)
        }
        let (customerAnswer, customerDown) = try await customerLookup
        let (assetAnswer, assetDown) = try await assetLookup
        let customer = customerAnswer ?? nil
        let asset = assetAnswer??.0
        let history = assetAnswer??.1 ?? []
        if let customerDown { missing.append("customer source unavailable: \(customerDown)") }
        if let assetDown { missing.append("asset source unavailable: \(assetDown)") }
        var enrichment = TicketEnrichment(
            customer: customer, serial: serial, asset: asset, history: history,
            at: ticket.createdAt, source: customers.sourceName, assetSource: assets.sourceName)
        enrichment.customer.unavailable = customerDown
        enrichment.asset?.unavailable = assetDown
        if let asset {
            var ref = ticket.asset ?? AssetRef()
            if ref.productType == nil { ref.productType = asset.productType }
            if ref.model == nil { ref.model = asset.model }
            ticket.asset = ref
        }
        if let hours = customer?.slaHours, hours > 0 {
            let due = slaCalendar.dueDate(from: ticket.createdAt, hours: hours)
            ticket.sla = TicketSLA(dueAt: due, hours: hours, basis: slaCalendar.basis)
            ticket = ticket.refreshingSLA(at: clock.now())
        }
        if let similar {
            do {
                // After the asset filled the model: the search is filtered by it.
                enrichment.similarTickets = try await similar.similar(to: ticket, k: similarCount)
            } catch {
                if Task.isCancelled || error is CancellationError { throw error }
                missing.append("similar tickets unavailable: \(error.flussoMessage)")
                context.logger.warning(
                    "similar-ticket search failed; the ticket goes on without it",
                    metadata: ["ticket_id": "\(ticket.ticketID)", "error": "\(error.flussoMessage)"])
            }
        }
        ticket.enrichment = enrichment
        let summary = Self.summary(enrichment, sla: ticket.sla)
        if !missing.isEmpty { return .partial(ticket, reason: missing.joined(separator: "; ") + " (\(summary))") }
        return .completed(ticket, detail: summary)
    }

    /// True for a remote source that could not answer (cancellation is never swallowed).
    static func isSourceDown(_ error: any Error) -> Bool {
        !(error is CancellationError) && FlussoError(error).code == .enrichmentSourceUnavailable
    }

    /// `body`'s answer, or nil and why when its source is down; other errors are thrown.
    static func lookup<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> (T?, String?) {
        do {
            return (try await body(), nil)
        } catch let error where isSourceDown(error) {
            return (nil, error.flussoMessage)
        }
    }

    static func summary(_ enrichment: TicketEnrichment, sla: TicketSLA? = nil) -> String {
        let customer = enrichment.customer
        var parts = [
            customer.found
                ? "customer found"
                    + (customer.tier.map { " (\($0)" + (customer.slaHours.map { ", SLA \($0.plainText) h" } ?? "") + ")" } ?? "")
                : customer.unavailable == nil ? "customer not found" : "customer unknown (source unavailable)"
        ]
        if let asset = enrichment.asset {
            if asset.found {
                var text = "asset \(asset.serial) \(asset.warranty.status.rawValue)"
                if let ends = asset.warranty.ends { text += " (ends \(ends))" }
                text += ", \(asset.serviceHistory.count) service entr\(asset.serviceHistory.count == 1 ? "y" : "ies")"
                parts.append(text)
            } else {
                parts.append("asset \(asset.serial) " + (asset.unavailable == nil ? "not found" : "unknown (source unavailable)"))
            }
        }
        if let sla { parts.append("due \(FlussoJSON.format(sla.dueAt))") }
        if let similar = enrichment.similarTickets {
            parts.append("\(similar.count) similar ticket\(similar.count == 1 ? "" : "s")")
        }
        return parts.joined(separator: "; ")
    }
}
