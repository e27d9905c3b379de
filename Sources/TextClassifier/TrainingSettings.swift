/// How a model is trained. The defaults were chosen on validation splits (never on a test
/// split) and are meant to work unchanged on any short-text data set.
public struct TrainingSettings: Sendable, Equatable {
    public var features: FeatureSettings
    /// Seeds the validation split and the shuffles: same seed and data, same model bytes.
    public var seed: UInt64
    /// Upper bound on passes over the training split.
    public var maxEpochs: Int
    /// Stop after this many epochs without a better validation result.
    public var patience: Int
    /// Share of each label's examples held out for early stopping and temperature scaling
    /// (labels with fewer than `1 / validationFraction / 2` examples keep all of them for
    /// training).
    public var validationFraction: Double
    /// L2 penalty per example (λ in `loss + λ/2 ‖W‖²`, averaged over examples).
    public var l2: Double
    /// Initial SGD step; it decays as `η₀ / (1 + η₀ λ t)`.
    public var learningRate: Double
    /// After choosing the number of epochs and the temperature on the validation split,
    /// train again on all examples for that many epochs.
    public var refitOnAll: Bool
    /// Stored in the model file.
    public var modelID: String

    public init(
        features: FeatureSettings = FeatureSettings(), seed: UInt64 = 42, maxEpochs: Int = 30, patience: Int = 3,
        validationFraction: Double = 0.1, l2: Double = 1e-6, learningRate: Double = 2.0,
        refitOnAll: Bool = true, modelID: String = "text-classifier"
    ) {
        self.features = features
        self.seed = seed
        self.maxEpochs = maxEpochs
        self.patience = patience
        self.validationFraction = validationFraction
        self.l2 = l2
        self.learningRate = learningRate
        self.refitOnAll = refitOnAll
        self.modelID = modelID
    }

    func validate() throws {
        try features.validate()
        guard maxEpochs >= 1, patience >= 1 else {
            throw ClassifierError("invalid_settings", "maxEpochs and patience must be at least 1")
        }
        guard validationFraction >= 0, validationFraction < 0.5 else {
            throw ClassifierError("invalid_settings", "validationFraction must be in [0, 0.5)")
        }
        guard l2 >= 0, learningRate > 0, l2.isFinite, learningRate.isFinite else {
            throw ClassifierError("invalid_settings", "l2 must be ≥ 0 and learningRate > 0")
        }
    }
}

/// One labelled example. `origin` (for example `tickets.jsonl:12`) is used in messages.
public struct LabelledExample: Sendable, Equatable {
    public var input: ClassifierInput
    public var label: String
    public var origin: String
    /// How much the example counts in training, in (0, 1]: each SGD step on it is scaled by this
    /// (a retrain keeps the base set's category shares by weighting feedback down).
    public var weight: Float
    public init(input: ClassifierInput, label: String, origin: String = "", weight: Float = 1) {
        self.input = input
        self.label = label
        self.origin = origin
        self.weight = weight
    }
    public init(text: String, label: String) {
        self.init(input: ClassifierInput(text: text), label: label)
    }
}

/// What training did, for logs and the CLI.
public struct TrainingReport: Sendable, Equatable {
    public var trainingExamples: Int
    public var validationExamples: Int
    public var labels: Int
    public var featureRows: Int
    /// Epochs run on the training split before early stopping, and the best one.
    public var epochsRun: Int
    public var bestEpoch: Int
    /// On the validation split, with the best epoch's weights (nil without a validation split).
    public var validationAccuracy: Double?
    public var validationECEBefore: Double?
    public var validationECEAfter: Double?
    public var temperature: Double
    /// Documented oddities of the data: labels with a single example, no validation split.
    public var warnings: [String]
}
