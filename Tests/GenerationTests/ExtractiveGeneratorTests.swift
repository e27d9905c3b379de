import FlussoCore
import Foundation
import Testing

@testable import Generation

@Suite struct ExtractiveGeneratorTests {
    let now = Date(timeIntervalSince1970: 1_800_000_100)

    @Test func causeChecksAndFixComeFromTheirSectionsEachCitingItsChunk() {
        let solution = ExtractiveGenerator().generate(for: ticket("Laser disabled, cooling water flow alarm"), chunks: [l101, maintenance], at: now)
        #expect(solution.generator == "extractive" && !solution.noDocumentedFix)
        #expect(solution.probableCause.hasPrefix("The flow switch on the laser tube's water circuit"))
        let texts = solution.steps.map(\.text)
        #expect(texts.first == "Check that the water chiller is switched on and its pump runs.")
        #expect(texts.contains { $0.hasPrefix("Straighten the hoses") })
        #expect(solution.steps.map(\.order) == Array(1...solution.steps.count))
        #expect(solution.steps.allSatisfy { $0.citations == [l101.chunk.chunkID] })
        // Every quote is words of its chunk.
        for citation in solution.citations {
            #expect(l101.chunk.text.contains(citation.quote), "quote not in chunk: \(citation.quote)")
        }
        #expect(solution.safetyFlags == ["Never fire the laser to test it while the flow alarm is active."])
        #expect(texts.last == "Never fire the laser to test it while the flow alarm is active.")
    }

    @Test func inAChunkOfSeveralCodesOnlyTheTicketsCodeSectionIsUsed() {
        let italian = retrieved(
            "kb/it/laser-cutter/safety-systems.md", rank: 1,
            text: """
                ## L101: Flusso dell'acqua di raffreddamento insufficiente

                **Causa.** Il flussostato del circuito del tubo laser misura meno di 2 litri al minuto.

                **Soluzione.** Accendere il refrigeratore e rabboccare con acqua distillata. Non sparare il laser per prova con l'allarme attivo.

                ## L102: Temperatura del liquido di raffreddamento troppo alta

                **Causa.** Il liquido che torna dal tubo supera i 30 °C.

                **Soluzione.** Pulire il radiatore del refrigeratore.
                """, codes: ["L101", "L102"], language: "it")
        let solution = ExtractiveGenerator().generate(
            for: ticket("Allarme flusso acqua, il laser non parte", code: "L102", language: "it"),
            chunks: [italian], at: now)
        #expect(solution.language == "it")
        #expect(solution.probableCause == "Il liquido che torna dal tubo supera i 30 °C.")
        #expect(solution.steps.map(\.text) == ["Pulire il radiatore del refrigeratore."])
    }

    @Test func noChunksOrNothingMatchingMeansNoDocumentedFix() {
        let none = ExtractiveGenerator().generate(for: ticket("Laser disabled"), chunks: [], at: now)
        #expect(none.noDocumentedFix && none.steps.isEmpty && none.citations.isEmpty)
        let unrelated = retrieved("kb/x.md", rank: 1, text: "Bananas are yellow. Apples are often red or green.")
        let solution = ExtractiveGenerator().generate(for: ticket("Laser disabled by cooling alarm", code: nil), chunks: [unrelated], at: now)
        #expect(solution.noDocumentedFix)
        let italian = ExtractiveGenerator().generate(for: ticket("Il laser non parte", code: nil, language: "it"), chunks: [], at: now)
        #expect(italian.probableCause.hasPrefix("Nella base di conoscenza non è documentata"))
    }
}
