import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// Context notes say what the records say, in the ticket's language, each citing its record.
@Suite struct ContextNotesTests {
    @Test func warrantyServiceDueTimeAndTheSolvedSimilarTicketAreNoted() {
        let notes = ContextNotes.make(for: EnrichedTickets.ticket(), language: "en")
        #expect(
            notes == [
                ContextNote(text: "Under warranty until 2030-01-01: replacement parts are covered.", source: "asset:SN-9"),
                ContextNote(text: "On 2026-10-02 on this machine: replaced thermistor (parts: thermistor).", source: "asset:SN-9"),
                ContextNote(text: "On 2026-06-11 on this machine: cleaned the nozzle.", source: "asset:SN-9"),
                ContextNote(text: "gold C-2026-01 contract: response due by 2026-11-30T04:53:20.000Z (4 h).", source: "customer:cust-9"),
                // The unhelpful one and the one below the similarity bar are left out.
                ContextNote(
                    text: "A similar ticket (MK4, 17105) was solved: The thermistor cable is loose.",
                    source: "ticket:\(EnrichedTickets.solvedTicketID)"),
            ])
    }

    @Test func italianTicketsGetItalianNotesAndAnExpiredWarrantySaysWorkIsChargeable() {
        var ticket = EnrichedTickets.ticket(language: "it")
        ticket.enrichment?.asset?.warranty = .init(status: .expired, ends: "2026-01-31")
        let notes = ContextNotes.make(for: ticket, language: "it")
        #expect(notes.first == ContextNote(text: "Garanzia scaduta il 2026-01-31: ricambi e manodopera sono a pagamento.", source: "asset:SN-9"))
        #expect(notes.contains { $0.text == "Il 2026-10-02 su questa macchina: replaced thermistor (ricambi: thermistor)." })
        #expect(notes.contains { $0.text.hasPrefix("Un ticket simile (MK4, 17105) è stato risolto: ") })
    }

    @Test func aSolvedHowToWithoutACauseIsNotedByItsFirstStep() {
        var ticket = EnrichedTickets.ticket()
        ticket.enrichment?.similarTickets = [
            SimilarTicket(
                ticketID: "tkt_00000000-0000-0000-0000-0000000000b1", similarity: 0.9, status: .ready, model: "MK4",
                probableCause: "", steps: ["Open the lid and lift the spool holder."]),
            SimilarTicket(ticketID: "tkt_00000000-0000-0000-0000-0000000000b2", similarity: 0.9, status: .ready, probableCause: "", steps: []),
        ]
        #expect(
            ContextNotes.make(for: ticket, language: "en").last
                == ContextNote(
                    text: "A similar ticket (MK4) was solved: Open the lid and lift the spool holder.",
                    source: "ticket:tkt_00000000-0000-0000-0000-0000000000b1"))
        #expect(ContextNotes.solvedSimilarTickets(of: ticket).map(\.ticketID) == ["tkt_00000000-0000-0000-0000-0000000000b1"])
    }

    @Test func aRejectedTicketIsNeverOfferedAsSolvedEvenIfOnceCalledHelpful() {
        var ticket = EnrichedTickets.ticket()
        var rejected = SimilarTicket(
            ticketID: "tkt_00000000-0000-0000-0000-0000000000c1", similarity: 0.95, status: .rejected, model: "MK4",
            probableCause: "A loose belt.", steps: ["Tighten the belt."])
        rejected.helpful = true
        ticket.enrichment?.similarTickets = [rejected]
        #expect(ContextNotes.solvedSimilarTickets(of: ticket).isEmpty)
    }

    @Test func aContractWithoutSLAHoursIsStillNoted() {
        var ticket = EnrichedTickets.ticket()
        ticket.sla = nil
        #expect(ContextNotes.make(for: ticket, language: "en").contains(ContextNote(text: "gold C-2026-01 contract.", source: "customer:cust-9")))
        #expect(ContextNotes.make(for: ticket, language: "it").contains(ContextNote(text: "Contratto gold C-2026-01.", source: "customer:cust-9")))
    }

    @Test func nothingFoundMeansNothingNotedAndNoRecordToCite() {
        var ticket = EnrichedTickets.ticket()
        ticket.enrichment?.customer.found = false
        ticket.enrichment?.asset?.found = false
        ticket.enrichment?.similarTickets = []
        #expect(ContextNotes.make(for: ticket, language: "en").isEmpty)
        #expect(ContextNotes.sources(of: ticket).isEmpty)
        #expect(ContextNotes.make(for: SampleTickets.ticket(), language: "en").isEmpty)
        #expect(
            ContextNotes.sources(of: EnrichedTickets.ticket())
                == [
                    "customer:cust-9", "asset:SN-9", "ticket:\(EnrichedTickets.solvedTicketID)", "ticket:tkt_00000000-0000-0000-0000-0000000000a2",
                    "ticket:tkt_00000000-0000-0000-0000-0000000000a3",
                ])
    }
}
