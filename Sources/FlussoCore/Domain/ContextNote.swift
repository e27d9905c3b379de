import Foundation

/// A fact about this customer, machine or past tickets that changes what a technician does, with
/// the record it comes from: `customer:ID`, `asset:SERIAL` or `ticket:ID`. Written from the
/// ticket's enrichment by `ContextNotes`, never invented: the guardrails recompute them.
public struct ContextNote: Codable, Sendable, Equatable, Hashable {
    public var text: String
    public var source: String

    public init(text: String, source: String) {
        self.text = text
        self.source = source
    }
}

/// The context notes of a ticket, in Italian or English, from what step 2 found:
/// the warranty (covered parts, or chargeable work), the most recent service actions on the
/// machine, the contract (with its response time when the tier has SLA hours), and similar tickets
/// that were solved (READY, or called helpful) with enough similarity. The same facts go into the
/// generation prompt, where a solved similar ticket also brings the first steps of its solution.
public enum ContextNotes {
    /// Service actions mentioned (newest first).
    public static let maxServiceEntries = 3
    /// Similar tickets mentioned, and the similarity they need.
    public static let maxSimilarTickets = 2
    public static let minimumSimilarity = 0.75

    public static func make(for ticket: Ticket, language: String) -> [ContextNote] {
        guard let enrichment = ticket.enrichment else { return [] }
        let italian = language == "it"
        var notes: [ContextNote] = []
        if let asset = enrichment.asset, asset.found {
            let source = "asset:\(asset.serial)"
            switch (asset.warranty.status, asset.warranty.ends) {
            case (.inWarranty, let ends?):
                notes.append(
                    ContextNote(
                        text: italian
                            ? "In garanzia fino al \(ends): i ricambi sono coperti."
                            : "Under warranty until \(ends): replacement parts are covered.", source: source))
            case (.expired, let ends?):
                notes.append(
                    ContextNote(
                        text: italian
                            ? "Garanzia scaduta il \(ends): ricambi e manodopera sono a pagamento."
                            : "Warranty expired on \(ends): parts and labour are chargeable.", source: source))
            default:
                break
            }
            for event in asset.serviceHistory.prefix(maxServiceEntries) {
                var text = italian ? "Il \(event.date) su questa macchina: \(event.action)" : "On \(event.date) on this machine: \(event.action)"
                if let parts = event.parts, !parts.isEmpty { text += italian ? " (ricambi: \(parts))" : " (parts: \(parts))" }
                notes.append(ContextNote(text: text + ".", source: source))
            }
        }
        let customer = enrichment.customer
        let contract = [customer.tier, customer.contract].compactMap { $0 }.joined(separator: " ")
        if customer.found, ticket.sla == nil, !contract.isEmpty {
            notes.append(
                ContextNote(
                    text: italian ? "Contratto \(contract)." : "\(contract) contract.", source: "customer:\(ticket.customer.id)"))
        }
        if customer.found, let hours = customer.slaHours, let due = ticket.sla?.dueAt {
            let dueText = FlussoJSON.format(due)
            let hoursText = hours.plainText
            notes.append(
                ContextNote(
                    text: italian
                        ? "Contratto \(contract.isEmpty ? "del cliente" : contract): risposta dovuta entro \(dueText) (\(hoursText) h)."
                        : "\(contract.isEmpty ? "The customer's" : contract) contract: response due by \(dueText) (\(hoursText) h).",
                    source: "customer:\(ticket.customer.id)"))
        }
        for similar in solvedSimilarTickets(of: ticket) {
            let what = [similar.model, similar.errorCode].compactMap { $0 }.joined(separator: ", ")
            // A how-to or specification answer has no cause: its first step says what was done.
            let cause = similar.probableCause.flatMap { $0.isEmpty ? nil : $0 } ?? similar.steps.first ?? ""
            notes.append(
                ContextNote(
                    text: italian
                        ? "Un ticket simile\(what.isEmpty ? "" : " (\(what))") è stato risolto: \(cause)"
                        : "A similar ticket\(what.isEmpty ? "" : " (\(what))") was solved: \(cause)",
                    source: "ticket:\(similar.ticketID)"))
        }
        return notes
    }

    /// The similar tickets worth a note: solved (READY, or called helpful), not called unhelpful,
    /// similar enough, with a cause or a step; at most `maxSimilarTickets`, most similar first.
    public static func solvedSimilarTickets(of ticket: Ticket) -> [SimilarTicket] {
        let solved = (ticket.enrichment?.similarTickets ?? []).filter {
            $0.similarity >= minimumSimilarity && $0.helpful != false && $0.status != .rejected
                && ($0.status == .ready || $0.helpful == true)
                && !(($0.probableCause ?? "").isEmpty && $0.steps.isEmpty)
        }
        return Array(solved.prefix(maxSimilarTickets))
    }

    /// The records a note may cite for this ticket: the customer and asset step 2 found, and the
    /// similar tickets it listed.
    public static func sources(of ticket: Ticket) -> Set<String> {
        guard let enrichment = ticket.enrichment else { return [] }
        var sources = Set<String>()
        if enrichment.customer.found { sources.insert("customer:\(ticket.customer.id)") }
        if let asset = enrichment.asset, asset.found { sources.insert("asset:\(asset.serial)") }
        for similar in enrichment.similarTickets ?? [] { sources.insert("ticket:\(similar.ticketID)") }
        return sources
    }
}
