import Testing

@testable import TextClassifier

@Suite struct EvaluatorTests {
    @Test func figuresAddUpOnTicketData() throws {
        let model = try ticketModel.get()
        var examples = try ticketExamples("tickets-holdout.jsonl")
        examples.append(LabelledExample(text: "the cat sat on the mat", label: "not_a_category"))
        let e = try Evaluator.evaluate(model: model, examples: examples)
        #expect(e.examples == 41)
        #expect(e.unknownLabels == 1)
        let supports = e.perClass.map(\.support).reduce(0, +)
        #expect(supports == 41)
        let correct = e.perClass.map { Double($0.support) * $0.recall }.reduce(0, +)
        #expect(abs(correct / 41 - e.accuracy) < 1e-9)
        let mistakes = e.confusions.map(\.count).reduce(0, +)
        #expect(mistakes <= 41 - Int((e.accuracy * 41).rounded()))
        #expect(e.confusions.contains { $0.actual == "not_a_category" })
        #expect(zip(e.confusions, e.confusions.dropFirst()).allSatisfy { $0.count >= $1.count })
        #expect(e.macroF1 > 0 && e.macroF1 <= 1)
        #expect(errorCode { _ = try Evaluator.evaluate(model: model, examples: []) } == "empty_dataset")
    }
}
