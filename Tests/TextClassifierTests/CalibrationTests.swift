import Testing

@testable import TextClassifier

@Suite struct CalibrationTests {
    @Test func calibratedConfidenceMatchesAccuracyOnHeldOutData() throws {
        let (train, test) = try banking77Subset(classes: 12)
        let result = try TextClassifierTrainer.train(examples: train)
        let evaluation = try Evaluator.evaluate(model: result.model, examples: test)
        #expect(evaluation.expectedCalibrationError <= 0.06, "ECE \(evaluation.expectedCalibrationError)")
        #expect(result.report.validationECEAfter! <= result.report.validationECEBefore! + 1e-9)
    }

    @Test func temperatureSoftensOverconfidentScoresAndSharpensUnderconfidentOnes() {
        // Scores that always pick class 0 with margin 10, right 70 % of the time: far too sure.
        let scores: [[Float]] = (0..<100).map { _ in [10, 0, 0] }
        let truth = (0..<100).map { $0 < 70 ? 0 : 1 }
        let soft = TextClassifierTrainer.fitTemperature(scores: scores, truth: truth, lowest: 0.25)
        #expect(soft > 5)
        let p = TrainedModel.softmax([10, 0, 0], temperature: soft)
        #expect(abs(p[0] - 0.7) < 0.02)
        // Margin 0.2 but right 95 % of the time: too timid.
        let timid: [[Float]] = (0..<100).map { _ in [0.2, 0, 0] }
        let mostlyRight = (0..<100).map { $0 < 95 ? 0 : 2 }
        #expect(TextClassifierTrainer.fitTemperature(scores: timid, truth: mostlyRight, lowest: 0.25) < 0.3)
        #expect(TextClassifierTrainer.fitTemperature(scores: timid, truth: mostlyRight, lowest: 1) >= 1)
    }

    @Test func expectedCalibrationErrorOfKnownCases() {
        // Confidence 0.8 and right 8 times out of 10: perfectly calibrated.
        let calibrated = (0..<10).map { (0.8, $0 < 8) }
        #expect(Evaluator.expectedCalibrationError(calibrated) < 1e-12)
        // Confidence 0.9, always wrong: error 0.9.
        #expect(abs(Evaluator.expectedCalibrationError((0..<10).map { _ in (0.9, false) }) - 0.9) < 1e-12)
        // Two bins, half the data each: |1 - 0.6| and |0 - 0.2| → 0.3.
        let mixed = (0..<10).map { i in i < 5 ? (0.6, true) : (0.2, false) }
        #expect(abs(Evaluator.expectedCalibrationError(mixed) - 0.3) < 1e-12)
    }
}
