import FlussoCore
import Foundation

/// A ticket as step 2 leaves it: a gold customer with a 4-hour SLA, a machine under warranty with
/// two service entries, and three similar tickets (one solved, one called unhelpful, one too far).
public enum EnrichedTickets {
    public static let created = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30 00:53:20 UTC
    public static let solvedTicketID = "tkt_00000000-0000-0000-0000-0000000000a1"

    public static func ticket(language: String = "en", symptom: String = "Thermal runaway on the hotend") -> Ticket {
        var ticket = Ticket(
            createdAt: created, customer: CustomerRef(id: "cust-9"), asset: AssetRef(serial: "SN-9", productType: "3d-printer", model: "MK4"),
            errorCode: "17105", symptomText: symptom, language: language)
        var customer = TicketEnrichment(
            customer: CustomerRecord(id: "cust-9", name: "ACME Srl", tier: "gold", slaHours: 4, contract: "C-2026-01"), serial: "SN-9",
            asset: AssetRecord(serial: "SN-9", customerID: "cust-9", model: "MK4", warrantyEnd: "2030-01-01", installDate: "2025-01-01"),
            history: [
                ServiceEvent(serial: "SN-9", date: "2026-10-02", action: "replaced thermistor", parts: "thermistor"),
                ServiceEvent(serial: "SN-9", date: "2026-06-11", action: "cleaned the nozzle"),
            ], at: created, source: "local")
        customer.similarTickets = [
            SimilarTicket(
                ticketID: solvedTicketID, similarity: 0.91, status: .ready, errorCode: "17105", model: "MK4",
                probableCause: "The thermistor cable is loose.", steps: ["Reseat the thermistor cable"], helpful: true),
            SimilarTicket(
                ticketID: "tkt_00000000-0000-0000-0000-0000000000a2", similarity: 0.88, status: .ready, model: "MK4",
                probableCause: "The heater cartridge failed.", helpful: false),
            SimilarTicket(
                ticketID: "tkt_00000000-0000-0000-0000-0000000000a3", similarity: 0.41, status: .ready, model: "MK4",
                probableCause: "The fan is blocked."),
        ]
        ticket.enrichment = customer
        ticket.sla = TicketSLA(dueAt: created.addingTimeInterval(4 * 3600), hours: 4, basis: "calendar")
        return ticket
    }
}
