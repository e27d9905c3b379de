/// Quality figures of a model on labelled examples.
public struct Evaluation: Sendable, Equatable {
    /// Precision, recall and F1 of one label; `support` is its number of true examples.
    public struct ClassFigures: Sendable, Equatable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }
    /// `count` examples of `actual` predicted as `predicted`.
    public struct Confusion: Sendable, Equatable {
        public var actual: String
        public var predicted: String
        public var count: Int
    }
    public var examples: Int
    public var accuracy: Double
    /// Unweighted mean of per-label F1 over labels that occur in the data or the predictions.
    public var macroF1: Double
    /// Share of examples whose label is among the top 3.
    public var top3Accuracy: Double
    /// Expected calibration error of the top label's probability (15 equal-width bins).
    public var expectedCalibrationError: Double
    public var logLoss: Double
    public var perClass: [ClassFigures]
    /// The most frequent mistakes, most frequent first (at most 20).
    public var confusions: [Confusion]
    /// Examples whose label the model does not know (counted as errors).
    public var unknownLabels: Int
}

/// Computes `Evaluation`s.
public enum Evaluator {
    public static func evaluate(model: TrainedModel, examples: [LabelledExample]) throws -> Evaluation {
        guard !examples.isEmpty else { throw ClassifierError("empty_dataset", "no examples to evaluate") }
        let labels = model.labels
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var extra: [String] = []
        var tp = [String: Int](), fp = [String: Int](), support = [String: Int]()
        var confusion = [String: Int]()
        var correct = 0, top3 = 0, unknown = 0
        var loss = 0.0
        var calibration: [(Double, Bool)] = []
        calibration.reserveCapacity(examples.count)
        for example in examples {
            let p = try model.probabilities(example.input)
            let prediction = TrainedModel.prediction(p, labels: labels, topK: 3)
            let ok = prediction.label == example.label
            calibration.append((prediction.confidence, ok))
            support[example.label, default: 0] += 1
            if ok {
                correct += 1
                tp[example.label, default: 0] += 1
            } else {
                fp[prediction.label, default: 0] += 1
                confusion[example.label + "\u{0}" + prediction.label, default: 0] += 1
            }
            if prediction.top.contains(where: { $0.label == example.label }) { top3 += 1 }
            if let i = index[example.label] {
                loss -= max(p[i], 1e-12).logValue
            } else {
                unknown += 1
                loss -= (1e-12).logValue
                if !extra.contains(example.label) { extra.append(example.label) }
            }
        }
        var perClass: [Evaluation.ClassFigures] = []
        for label in labels + extra.sorted() where support[label, default: 0] > 0 || fp[label, default: 0] > 0 {
            let t = Double(tp[label, default: 0]), f = Double(fp[label, default: 0]), s = Double(support[label, default: 0])
            let precision = t + f > 0 ? t / (t + f) : 0
            let recall = s > 0 ? t / s : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            perClass.append(.init(label: label, precision: precision, recall: recall, f1: f1, support: Int(s)))
        }
        let confusions = confusion.map { key, count -> Evaluation.Confusion in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            return .init(actual: String(parts[0]), predicted: String(parts[1]), count: count)
        }.sorted { ($0.count, $1.actual, $1.predicted) > ($1.count, $0.actual, $0.predicted) }
        let n = Double(examples.count)
        return Evaluation(
            examples: examples.count, accuracy: Double(correct) / n,
            macroF1: perClass.map(\.f1).reduce(0, +) / Double(max(perClass.count, 1)),
            top3Accuracy: Double(top3) / n,
            expectedCalibrationError: expectedCalibrationError(calibration),
            logLoss: loss / n, perClass: perClass, confusions: Array(confusions.prefix(20)),
            unknownLabels: unknown)
    }

    /// ECE over `(confidence, correct)` pairs: Σ over 15 equal-width confidence bins of
    /// (bin share) × |accuracy − mean confidence|.
    public static func expectedCalibrationError(_ pairs: [(Double, Bool)], bins: Int = 15) -> Double {
        guard !pairs.isEmpty else { return 0 }
        var count = [Int](repeating: 0, count: bins)
        var confidence = [Double](repeating: 0, count: bins)
        var hits = [Double](repeating: 0, count: bins)
        for (c, ok) in pairs {
            let b = min(bins - 1, max(0, Int(c * Double(bins))))
            count[b] += 1
            confidence[b] += c
            if ok { hits[b] += 1 }
        }
        var ece = 0.0
        for b in 0..<bins where count[b] > 0 {
            let m = Double(count[b])
            ece += m / Double(pairs.count) * abs(hits[b] / m - confidence[b] / m)
        }
        return ece
    }
}
