import FlussoCore
import Testing

@testable import Generation

@Suite struct AnswerParserTests {
    let labels = [(label: "S1", chunkID: "kb/a.md#0"), (label: "S2", chunkID: "kb/b.md#3")]

    @Test func aFencedAnswerWithProseAroundItParsesAndLabelsBecomeChunkIDs() throws {
        let content = """
            Sure! Here is the answer:
            ```json
            {"probable_cause": "The chiller is off.", "steps": [{"order": 2, "text": "Top up the water.", "citations": ["S2"]},
             {"order": 1, "text": "Switch the chiller on.", "citations": ["[S1]", "kb/b.md#3"]}],
             "citations": [{"chunk_id": "s1", "quote": "water chiller"}], "safety_flags": ["Never fire the laser"]}
            ```
            I hope this helps {not json}.
            """
        let answer = try AnswerParser.parse(content, labels: labels)
        #expect(answer.probableCause == "The chiller is off.")
        #expect(answer.steps.map(\.text) == ["Switch the chiller on.", "Top up the water."])
        #expect(answer.steps.map(\.order) == [1, 2])
        #expect(answer.steps[0].citations == ["kb/a.md#0", "kb/b.md#3"])
        #expect(answer.citations == [SolutionCitation(chunkID: "kb/a.md#0", quote: "water chiller")])
        #expect(answer.safetyFlags == ["Never fire the laser"])
    }

    @Test func anAnswerCitingAnIdThatWasNotGivenIsRejected() {
        let content = #"{"probable_cause": "x", "steps": [{"order": 1, "text": "Do it.", "citations": ["S7"]}], "citations": [], "safety_flags": []}"#
        #expect(throws: AnswerRejection(outcome: "unknown_citation", detail: "the answer cites 'S7', which was not among the sources given")) {
            try AnswerParser.parse(content, labels: labels)
        }
    }

    @Test(arguments: [
        ("I cannot help with that.", "unparsable"),
        (#"{"probable_cause": "x", "steps": "#, "unparsable"),
        (#"{"probable_cause": "", "steps": [{"text": "a", "citations": ["S1"]}]}"#, "invalid_answer"),
        (#"{"probable_cause": "x", "steps": []}"#, "invalid_answer"),
        (#"{"probable_cause": "x", "steps": [{"order": 1, "citations": ["S1"]}]}"#, "invalid_answer"),
        (#"[1, 2, 3]"#, "unparsable"),
    ])
    func badAnswersAreRejectedWithTheirOutcome(content: String, outcome: String) {
        do {
            _ = try AnswerParser.parse(content, labels: labels)
            Issue.record("accepted: \(content)")
        } catch let rejection as AnswerRejection {
            #expect(rejection.outcome == outcome)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aHostileAnswerOfManyOpenBracesIsRejectedQuickly() {
        let content = String(repeating: "{\"a\": ", count: 200_000)
        let start = ContinuousClock.now
        #expect(throws: AnswerRejection.self) { try AnswerParser.parse(content, labels: labels) }
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
