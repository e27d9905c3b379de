/// Champion and challenger: trains a model on the base training set (less its held-back split)
/// plus feedback, judges it against the model in use on examples neither was trained on, and
/// says whether it may replace it. Pure: it reads and writes no file (`flusso classifier
/// retrain` does that).
///
/// Judged on: the base training set's held-back split (`HeldBackSplit`, decisive), the base
/// hold-out set when given (hand-written, decisive), and the held-back share of the feedback
/// (reported only: it is drawn from the very feedback being judged, so poisoned feedback would
/// vouch for itself there). The challenger is accepted only when, on every decisive set, its
/// accuracy is at least the champion's minus `margin`.
public enum Retrainer {
    /// How one model did on one set.
    public struct Figures: Sendable, Equatable {
        public var accuracy: Double
        public var macroF1: Double
        /// Recall of each category present in the set.
        public var recall: [String: Double]

        init(_ evaluation: Evaluation) {
            accuracy = evaluation.accuracy
            macroF1 = evaluation.macroF1
            recall = Dictionary(uniqueKeysWithValues: evaluation.perClass.filter { $0.support > 0 }.map { ($0.label, $0.recall) })
        }
    }

    /// Champion and challenger on one set.
    public struct JudgedSet: Sendable, Equatable {
        public var name: String
        public var examples: Int
        public var decisive: Bool
        public var champion: Figures
        public var challenger: Figures
    }

    public struct Outcome: Sendable {
        public var challenger: TrainedModel
        public var sets: [JudgedSet]
        public var accepted: Bool
        /// Why the challenger was refused (empty when accepted).
        public var reasons: [String]
        public var baseExamples: Int
        public var baseHeldBack: Int
        public var feedbackExamples: Int
        public var feedbackHeldBack: Int
        /// Feedback labels the champion does not know (a new category).
        public var newCategories: [String]
        /// Feedback dropped: the same text and tags given again (the latest kept), or repeating
        /// an example of the base held-back split or hold-out set.
        public var feedbackDuplicates: Int
        public var feedbackOverlapping: Int
    }

    public static func retrain(
        champion: TrainedModel, base: [LabelledExample], holdout: [LabelledExample], feedback: [LabelledExample],
        settings: RetrainSettings = RetrainSettings()
    ) throws -> Outcome {
        try settings.validate()
        let baseSplit = HeldBackSplit.split(base, share: settings.heldBackShare, seed: settings.seed)
        // Feedback that repeats a judging example would let the challenger see its exam; feedback
        // given twice for one text (two senders, one ticket) would land in both shares of the
        // split. Both are dropped: the first entirely, the second keeping the latest label.
        let judging = Set((baseSplit.heldBack + holdout).map { HeldBackSplit.key($0, seed: settings.seed) })
        var position: [UInt64: Int] = [:]
        var unique: [LabelledExample] = []
        var duplicates = 0
        var overlapping = 0
        for example in feedback {
            let key = HeldBackSplit.key(example, seed: settings.seed)
            if judging.contains(key) {
                overlapping += 1
            } else if let index = position[key] {
                unique[index] = example
                duplicates += 1
            } else {
                position[key] = unique.count
                unique.append(example)
            }
        }
        let feedback = unique
        guard feedback.count >= settings.minimumFeedback else {
            throw ClassifierError(
                "too_little_data",
                "\(feedback.count) feedback example(s) (after dropping \(duplicates) repeated and \(overlapping) that repeat a judging example); a retrain needs at least \(settings.minimumFeedback) (corrections or approved answers allowed for training)"
            )
        }
        guard !baseSplit.heldBack.isEmpty else {
            throw ClassifierError("too_little_data", "the base training set has no category with two examples to hold one back")
        }
        let feedbackSplit = HeldBackSplit.split(feedback, share: settings.feedbackHeldBackShare, seed: settings.seed)
        var training = settings.training
        training.seed = settings.seed
        let trainingSet =
            settings.keepBaseShares
            ? weightedToBaseShares(base: baseSplit.kept, feedback: feedbackSplit.kept) : baseSplit.kept + feedbackSplit.kept
        let challenger = try TextClassifierTrainer.train(examples: trainingSet, settings: training).model

        var sets: [JudgedSet] = []
        func judge(_ name: String, _ examples: [LabelledExample], decisive: Bool) throws {
            guard !examples.isEmpty else { return }
            sets.append(
                JudgedSet(
                    name: name, examples: examples.count, decisive: decisive,
                    champion: Figures(try Evaluator.evaluate(model: champion, examples: examples)),
                    challenger: Figures(try Evaluator.evaluate(model: challenger, examples: examples))))
        }
        try judge("base_held_back", baseSplit.heldBack, decisive: true)
        try judge("base_holdout", holdout, decisive: true)
        try judge("feedback_held_back", feedbackSplit.heldBack, decisive: false)

        let reasons = sets.filter(\.decisive).compactMap { set -> String? in
            let floor = set.champion.accuracy - settings.margin
            guard set.challenger.accuracy < floor - 1e-12 else { return nil }
            return
                "on \(set.name) (\(set.examples) examples) the challenger's accuracy \(rounded(set.challenger.accuracy)) is below the champion's \(rounded(set.champion.accuracy)) minus the margin \(settings.margin)"
        }
        let known = Set(champion.labels)
        return Outcome(
            challenger: challenger, sets: sets, accepted: reasons.isEmpty, reasons: reasons, baseExamples: base.count,
            baseHeldBack: baseSplit.heldBack.count, feedbackExamples: feedback.count, feedbackHeldBack: feedbackSplit.heldBack.count,
            newCategories: Set(feedback.map(\.label)).subtracting(known).sorted(), feedbackDuplicates: duplicates,
            feedbackOverlapping: overlapping)
    }

    /// Base and feedback together, each category's examples weighted `b / (b + f)` (`b` its base
    /// examples, `f` its feedback): every category weighs in training what it weighed in the base
    /// set, so two hundred corrections of one category teach its vocabulary without making the
    /// model call everything by that name. A category the base set lacks keeps weight 1.
    static func weightedToBaseShares(base: [LabelledExample], feedback: [LabelledExample]) -> [LabelledExample] {
        var baseCount: [String: Int] = [:]
        var feedbackCount: [String: Int] = [:]
        for example in base { baseCount[example.label, default: 0] += 1 }
        for example in feedback { feedbackCount[example.label, default: 0] += 1 }
        return (base + feedback).map { example in
            var weighted = example
            let b = baseCount[example.label] ?? 0
            if b > 0 { weighted.weight = example.weight * Float(b) / Float(b + (feedbackCount[example.label] ?? 0)) }
            return weighted
        }
    }

    private static func rounded(_ value: Double) -> String {
        let scaled = (value * 10000).rounded() / 10000
        return "\(scaled)"
    }
}
