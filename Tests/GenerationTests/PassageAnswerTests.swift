import FlussoCore
import Foundation
import Testing

@testable import Generation

/// Answers from a manual's prose and procedures: sentences chosen across chunks, shaped by kind.
@Suite struct PassageAnswerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_100)

    let pairing = retrieved(
        "manual.pdf", rank: 1,
        text: """
            ## Remote control

            The remote control works up to 8 metres from the sensor. To pair the remote, point it at the sensor on the front panel.
            Then press and hold the PAIR button for five seconds until the blue light blinks.
            Release the button: the light stays on when the remote is paired.
            Never open the battery compartment while the machine is printing.

            ## Display

            The display shows the nozzle and bed temperatures.
            """, section: ["Remote control"])
    let specs = retrieved(
        "manual.pdf", rank: 2,
        text: """
            ## Technical data

            The remote control uses two AAA batteries. The infrared range is 8 metres in a straight line.
            The bed heats to a maximum temperature of 110 °C.
            """, section: ["Technical data"])
    let duplicate = retrieved(
        "manual-copy.pdf", rank: 3,
        text: "To pair the remote, point it at the sensor on the front panel. The sensor sits behind the smoked glass.",
        section: ["Remote control"])

    @Test func aHowToIsTheProcedureInOrderWithItsWarningAndNoProbableCause() throws {
        let solution = ExtractiveGenerator().generate(
            for: ticket("How do I pair the remote with the sensor?", code: nil), chunks: [pairing, specs, duplicate], at: now)
        #expect(!solution.noDocumentedFix && solution.probableCause.isEmpty)
        let texts = solution.steps.map(\.text)
        let point = try #require(texts.firstIndex { $0.hasPrefix("To pair the remote") })
        let press = try #require(texts.firstIndex { $0.hasPrefix("Then press and hold") })
        #expect(point < press, "steps out of order: \(texts)")
        // The copy in the third chunk is not quoted twice.
        #expect(texts.filter { $0.hasPrefix("To pair the remote") }.count == 1)
        #expect(solution.steps.map(\.order) == Array(1...solution.steps.count))
        for (step, citation) in zip(solution.steps, solution.citations) {
            #expect(step.citations == [citation.chunkID] && citation.quote == step.text)
            let chunk = try #require([pairing, specs, duplicate].first { $0.chunk.chunkID == citation.chunkID })
            #expect(chunk.chunk.text.replacingOccurrences(of: "\n", with: " ").contains(citation.quote))
        }
        // Within the kind's budget: a few sentences, not the whole section.
        let words = texts.joined(separator: " ").split(separator: " ").count
        #expect(words <= ExtractiveSettings().howtoWords + 30, "\(words) words")
    }

    @Test func aSpecificationIsTheSentenceThatHoldsTheValue() {
        let solution = ExtractiveGenerator().generate(
            for: ticket("What is the maximum bed temperature?", code: nil), chunks: [pairing, specs], at: now)
        #expect(solution.probableCause.isEmpty)
        #expect(solution.steps.first?.text == "The bed heats to a maximum temperature of 110 °C.", "\(solution.steps.map(\.text))")
        #expect(solution.steps.count <= 3)
    }

    @Test func aValueInASentenceAboutSomethingElseIsNotTheValueAskedFor() {
        // "maximum", "range" and "display" are each in a different sentence: none states the value asked for.
        let unrelated = ExtractiveGenerator().generate(
            for: ticket("What is the maximum range of the display?", code: nil), chunks: [pairing, specs], at: now)
        #expect(unrelated.noDocumentedFix && unrelated.steps.isEmpty)
        let asked = ExtractiveGenerator().generate(
            for: ticket("What is the infrared range of the remote?", code: nil), chunks: [pairing, specs], at: now)
        #expect(asked.steps.first?.text == "The infrared range is 8 metres in a straight line.", "\(asked.steps.map(\.text))")
    }

    @Test func aFaultInProseLeadsWithTheSentenceThatExplainsIt() {
        let prose = retrieved(
            "manual.pdf", rank: 1,
            text: """
                ## Remote does not respond

                If the remote does not respond, its batteries are usually flat. Replace both AAA batteries and pair the remote again.
                """, section: ["Troubleshooting"])
        let solution = ExtractiveGenerator().generate(
            for: ticket("the remote does not respond any more, batteries?", code: nil), chunks: [prose, specs], at: now)
        #expect(solution.probableCause == "If the remote does not respond, its batteries are usually flat.")
        #expect(solution.steps.map(\.text).contains("Replace both AAA batteries and pair the remote again."))
        #expect(solution.citations.first?.quote == solution.probableCause)
    }

    @Test func nothingSharedWithTheTicketIsNoDocumentedFix() {
        let solution = ExtractiveGenerator().generate(for: ticket("wifi password reset", code: nil), chunks: [pairing, specs], at: now)
        #expect(solution.noDocumentedFix && solution.steps.isEmpty)
        // The selection itself gives nothing when no unit shares a term.
        let units = PassageSelection.units(of: [pairing, specs])
        #expect(
            PassageSelection(settings: ExtractiveSettings())
                .select(query: ["wifi", "passw"], errorCode: nil, kind: .howto, from: units).isEmpty)
    }

    @Test func aSpecificationsCoverageIgnoresTheModelNameInTheQuery() {
        // The model's name is in a sentence of its own, which holds a number too: scored with the
        // model's terms, it would lead, and hold none of what was asked.
        let titled = retrieved(
            "manual.pdf", rank: 1,
            text: "The Aurora XR-9000 Pro is a printer for schools. The bed reaches a maximum temperature of 110 °C.",
            section: ["Data"])
        let solution = ExtractiveGenerator().generate(
            for: ticket("What is the maximum temperature?", code: nil, model: "Aurora XR-9000 Pro"), chunks: [titled], at: now)
        #expect(solution.steps.first?.text == "The bed reaches a maximum temperature of 110 °C.", "\(solution.steps.map(\.text))")
    }
}
