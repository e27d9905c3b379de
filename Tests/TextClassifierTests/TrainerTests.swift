import Testing

@testable import TextClassifier

@Suite struct TrainerTests {
    @Test func sameSeedGivesTheSameModelBytes() throws {
        let examples = try ticketExamples()
        let a = try TextClassifierTrainer.train(examples: examples, settings: TrainingSettings(seed: 7)).model.serialized()
        let b = try TextClassifierTrainer.train(examples: examples, settings: TrainingSettings(seed: 7)).model.serialized()
        let c = try TextClassifierTrainer.train(examples: examples, settings: TrainingSettings(seed: 8)).model.serialized()
        #expect(a == b)
        #expect(a != c)
    }

    @Test func exampleOrderDoesNotChangeTheLabelsOrTheirOrder() throws {
        let examples = try ticketExamples()
        let model = try TextClassifierTrainer.train(examples: examples.reversed()).model
        #expect(model.labels == Array(Set(examples.map(\.label))).sorted())
    }

    @Test func aRealDataSetReachesGoodAccuracy() throws {
        // Twelve banking77 intents: ~1,500 training and 480 test queries.
        let (train, test) = try banking77Subset(classes: 12)
        let result = try TextClassifierTrainer.train(examples: train)
        let evaluation = try Evaluator.evaluate(model: result.model, examples: test)
        #expect(evaluation.examples == 480)
        #expect(evaluation.accuracy >= 0.90, "accuracy \(evaluation.accuracy)")
        #expect(evaluation.macroF1 >= 0.90, "macro-F1 \(evaluation.macroF1)")
        #expect(evaluation.top3Accuracy >= evaluation.accuracy)
        #expect(result.report.validationExamples > 100)
        #expect(result.report.bestEpoch <= result.report.epochsRun)
    }

    @Test func earlyStoppingStopsBeforeTheEpochLimit() throws {
        let (train, _) = try banking77Subset(classes: 6)
        let result = try TextClassifierTrainer.train(examples: train, settings: TrainingSettings(maxEpochs: 40, patience: 2))
        #expect(result.report.epochsRun < 40)
        #expect(result.report.epochsRun - result.report.bestEpoch <= 2)
    }

    @Test func ticketsAreClassifiedOnHandWrittenHeldOutTickets() throws {
        let model = try ticketModel.get()
        let evaluation = try Evaluator.evaluate(model: model, examples: try ticketExamples("tickets-holdout.jsonl"))
        #expect(evaluation.examples == 40)
        #expect(evaluation.accuracy >= 0.6, "accuracy \(evaluation.accuracy)")
        #expect(evaluation.top3Accuracy >= 0.85, "top-3 \(evaluation.top3Accuracy)")
        let p = try model.predict(
            TicketFeatures.input(
                symptomText: "Thermal runaway on the hotend after ten minutes",
                errorCode: "17105", productType: "3d-printer"))
        #expect(p.label == "thermal")
    }

    @Test func predictionsGiveTheTopThreeInOrderWithProbabilities() throws {
        let model = try ticketModel.get()
        let p = try model.predict("the printer does not connect to wifi", topK: 3)
        #expect(p.top.count == 3)
        #expect(p.top[0].label == p.label && p.top[0].probability == p.confidence)
        #expect(p.top[0].probability >= p.top[1].probability && p.top[1].probability >= p.top[2].probability)
        let all = try model.probabilities(ClassifierInput(text: "the printer does not connect to wifi"))
        #expect(abs(all.reduce(0, +) - 1) < 1e-9)
        #expect(Set(p.top.map(\.label)).count == 3)
    }
}
