/// The category the classify step (design step 4) gave a ticket.
///
/// Invariants: `confidence` is the calibrated probability of `category` and equals
/// `top3[0].probability`; `top3` holds at most three entries, most likely first, each probability
/// in 0…1. Encoded in snake_case: `category`, `confidence`, `top_3`, `model_id`, `model_version`,
/// `model_revision`.
public struct Classification: Codable, Sendable, Equatable {
    /// One candidate category with its calibrated probability.
    public struct Candidate: Codable, Sendable, Equatable {
        public var category: String
        public var probability: Double
        public init(category: String, probability: Double) {
            self.category = category
            self.probability = probability
        }
    }

    public var category: String
    public var confidence: Double
    public var top3: [Candidate]
    /// Which model decided (its id as trained, for example `ticket-classifier`).
    public var modelID: String
    /// The model file format version.
    public var modelVersion: Int
    /// Which trained model exactly: a digest of the model file's contents (16 hex digits), so a
    /// ticket classified before a retrain can be told from one classified after it. Absent for
    /// remote classifiers.
    public var modelRevision: String?

    public init(category: String, confidence: Double, top3: [Candidate], modelID: String, modelVersion: Int, modelRevision: String? = nil) {
        self.category = category
        self.confidence = confidence
        self.top3 = top3
        self.modelID = modelID
        self.modelVersion = modelVersion
        self.modelRevision = modelRevision
    }

    enum CodingKeys: String, CodingKey {
        case category, confidence
        case top3 = "top_3"
        case modelID = "model_id"
        case modelVersion = "model_version"
        case modelRevision = "model_revision"
    }
}
