import FlussoCore
import FlussoTestSupport
import Testing

@testable import Generation

@Suite struct PromptBuilderTests {
    @Test func thePromptCarriesTheTicketAndLabelsEachChunkWithItsID() {
        var t = ticket("The laser stopped with a cooling alarm")
        var photo = Attachment(id: "att_1", type: .image, objectKey: "attachments/x/att_1")
        photo.extractedText = "DISPLAY: L101 FLOW LOW"
        t.attachments = [photo]
        let prompt = PromptBuilder.build(ticket: t, chunks: [l101, maintenance], promptBudget: 2000)
        let user = prompt.messages[1].content
        #expect(prompt.messages[0].role == "system" && prompt.messages[0].content.contains("Write in English"))
        #expect(user.contains("Model: AL-40") && user.contains("Error code: L101") && user.contains("Product: laser-cutter"))
        #expect(user.contains("The laser stopped with a cooling alarm") && user.contains("DISPLAY: L101 FLOW LOW"))
        #expect(user.contains("[S1] (\(l101.chunk.chunkID))") && user.contains("[S2] (\(maintenance.chunk.chunkID))"))
        #expect(prompt.labels.map(\.chunkID) == [l101.chunk.chunkID, maintenance.chunk.chunkID])
        #expect(prompt.trimmed.isEmpty)
    }

    @Test func thePromptCarriesStepTwosFactsWithTheirRecords() {
        let prompt = PromptBuilder.build(ticket: EnrichedTickets.ticket(), chunks: [l101], promptBudget: 2000)
        let user = prompt.messages[1].content
        #expect(user.contains("Facts from the customer's records"))
        #expect(user.contains("- [asset:SN-9] Under warranty until 2030-01-01: replacement parts are covered."))
        #expect(user.contains("- [asset:SN-9] On 2026-10-02 on this machine: replaced thermistor (parts: thermistor)."))
        #expect(user.contains("- [customer:cust-9] gold C-2026-01 contract: response due by"))
        #expect(
            user.contains(
                "- [ticket:\(EnrichedTickets.solvedTicketID)] A similar ticket (MK4, 17105) was solved: The thermistor cable is loose. Its solution's steps: Reseat the thermistor cable"
            ))
        // The facts come before the sources, which alone are labelled for citation.
        #expect(user.range(of: "Facts from")!.lowerBound < user.range(of: "Sources:")!.lowerBound)
        #expect(prompt.labels.map(\.label) == ["S1"])
        // Without enrichment there is no facts section.
        #expect(!PromptBuilder.build(ticket: ticket("x"), chunks: [l101], promptBudget: 2000).messages[1].content.contains("Facts from"))
    }

    @Test func anItalianTicketGetsAnItalianPrompt() {
        let prompt = PromptBuilder.build(ticket: ticket("Il laser si ferma", language: "it-IT"), chunks: [l101], promptBudget: 2000)
        #expect(prompt.language == "it")
        #expect(prompt.messages[0].content.contains("Scrivi in italiano"))
        #expect(prompt.messages[1].content.contains("Codice di errore: L101"))
    }

    @Test func chunksOverTheContextAreCutThenLeftOutAndTheTrimIsReported() {
        let long = retrieved("kb/long.md", rank: 1, text: String(repeating: "word ", count: 3000))
        let prompt = PromptBuilder.build(ticket: ticket("x"), chunks: [long, l101], promptBudget: 900)
        #expect(prompt.labels.map(\.chunkID) == ["kb/long.md#0"])
        #expect(prompt.trimmed.count == 2)
        #expect(prompt.trimmed[0].hasPrefix("kb/long.md#0: cut to"))
        #expect(prompt.trimmed[1] == "\(l101.chunk.chunkID): left out")
        #expect(prompt.estimatedTokens <= 900)
    }
}
