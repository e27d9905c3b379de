/// One label with its calibrated probability.
public struct LabelProbability: Sendable, Equatable {
    public var label: String
    public var probability: Double
    public init(label: String, probability: Double) {
        self.label = label
        self.probability = probability
    }
}

/// What the model says about one input: the most likely label, its calibrated probability
/// (`confidence`) and the `top` labels, most likely first.
public struct Prediction: Sendable, Equatable {
    public var label: String
    public var confidence: Double
    public var top: [LabelProbability]
}

/// A trained multinomial logistic-regression text classifier: immutable, `Sendable`, safe to
/// share between tasks.
///
/// Invariants: `weights.count == rows × labels.count` (row-major: one row of per-label weights
/// per known feature bucket), `bias.count == labels.count`, `labels` sorted and unique,
/// `temperature > 0`. Probabilities are `softmax(scores / temperature)`, where the temperature
/// was fitted on the validation split (temperature scaling).
public struct TrainedModel: Sendable {
    public let settings: FeatureSettings
    public let labels: [String]
    /// Free text naming the model (for example `tickets-2026-11-25`); shown on classified tickets.
    public let modelID: String
    public let temperature: Double
    let space: FeatureSpace
    let weights: [Float]
    let bias: [Float]
    /// `weights` padded to blocks of 8 labels for scoring.
    let packed: [SIMD8<Float>]
    let blocks: Int

    init(
        settings: FeatureSettings, labels: [String], modelID: String, temperature: Double,
        buckets: [UInt32], idf: [Float], weights: [Float], bias: [Float]
    ) {
        self.settings = settings
        self.labels = labels
        self.modelID = modelID
        self.temperature = temperature
        self.space = FeatureSpace(featurizer: Featurizer(settings: settings), buckets: buckets, idf: idf)
        self.weights = weights
        self.bias = bias
        let k = labels.count, kb = (k + 7) / 8
        var packed = [SIMD8<Float>](repeating: .zero, count: buckets.count * kb)
        for r in 0..<buckets.count {
            for c in 0..<k { packed[r * kb + c / 8][c % 8] = weights[r * k + c] }
        }
        self.packed = packed
        self.blocks = kb
    }

    /// Number of feature rows (distinct buckets seen in training).
    public var featureCount: Int { space.buckets.count }

    /// Raw (uncalibrated) scores, one per label.
    func scores(_ x: SparseVector) -> [Float] {
        let k = labels.count, kb = blocks
        var acc = [SIMD8<Float>](repeating: .zero, count: kb)
        packed.withUnsafeBufferPointer { w in
            acc.withUnsafeMutableBufferPointer { a in
                for i in 0..<x.indices.count {
                    let v = SIMD8<Float>(repeating: x.values[i])
                    let base = Int(x.indices[i]) * kb
                    for b in 0..<kb { a[b] += v * w[base + b] }
                }
            }
        }
        var scores = bias
        for c in 0..<k { scores[c] += acc[c / 8][c % 8] }
        return scores
    }

    /// Calibrated probabilities for every label (same order as `labels`).
    public func probabilities(_ input: ClassifierInput) throws -> [Double] {
        try Self.checkText(input)
        return Self.softmax(scores(space.vector(input)), temperature: temperature)
    }

    /// The prediction for `input` with the `topK` most likely labels.
    ///
    /// Throws `empty_text` when the input has neither text with a letter or digit nor tags. Text
    /// whose features were all unseen in training gets the training prior (bias only).
    public func predict(_ input: ClassifierInput, topK: Int = 3) throws -> Prediction {
        let p = try probabilities(input)
        return Self.prediction(p, labels: labels, topK: topK)
    }

    /// Convenience for plain text.
    public func predict(_ text: String, topK: Int = 3) throws -> Prediction {
        try predict(ClassifierInput(text: text), topK: topK)
    }

    static func checkText(_ input: ClassifierInput) throws {
        let hasWord = input.text.unicodeScalars.contains {
            $0.isASCII
                ? ($0.value >= 48 && $0.value <= 57 || ($0.value | 0x20) >= 97 && ($0.value | 0x20) <= 122)
                : $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
        guard hasWord || input.tags.contains(where: { !$0.isEmpty }) else {
            throw ClassifierError("empty_text", "the text to classify is empty (no letter or digit)")
        }
    }

    static func prediction(_ p: [Double], labels: [String], topK: Int) -> Prediction {
        // Partial selection: the k best, ties to the lower index (labels are sorted).
        var chosen: [Int] = []
        let wanted = min(max(1, topK), p.count)
        chosen.reserveCapacity(wanted + 1)
        for i in p.indices {
            if chosen.count == wanted, p[i] <= p[chosen[wanted - 1]] { continue }
            var at = chosen.count
            while at > 0 && p[chosen[at - 1]] < p[i] { at -= 1 }
            chosen.insert(i, at: at)
            if chosen.count > wanted { chosen.removeLast() }
        }
        let top = chosen.map { LabelProbability(label: labels[$0], probability: p[$0]) }
        return Prediction(label: top[0].label, confidence: top[0].probability, top: top)
    }

    static func softmax(_ scores: [Float], temperature: Double) -> [Double] {
        let inv = 1 / temperature
        var m = -Double.infinity
        for s in scores where Double(s) > m { m = Double(s) }
        var e = [Double](repeating: 0, count: scores.count)
        var sum = 0.0
        for i in scores.indices {
            e[i] = cExp((Double(scores[i]) - m) * inv)
            sum += e[i]
        }
        let norm = 1 / sum
        for i in e.indices { e[i] *= norm }
        return e
    }
}

extension Double {
    var expValue: Double { cExp(self) }
    var logValue: Double { cLog(self) }
}
