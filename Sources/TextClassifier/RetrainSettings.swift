/// How `flusso classifier retrain` builds and judges a challenger. Defaults are documented here
/// and in docs/feedback-loop.md.
public struct RetrainSettings: Sendable, Equatable {
    /// Share of each category of the base training set held back to judge champion and
    /// challenger (`HeldBackSplit`); the model in use must have been trained without it too
    /// (`flusso classifier train --hold-back`, which `scripts/train-classifier` passes).
    public var heldBackShare = 0.2
    /// Share of the feedback held back from the challenger's training, to report how it does on
    /// corrections it never saw (reported, not decisive: the feedback is what is being judged).
    public var feedbackHeldBackShare = 0.2
    /// Seeds both splits and the training.
    public var seed: UInt64 = 42
    /// The challenger replaces the champion only if, on the base held-back split and on the base
    /// hold-out set each, its accuracy is at least the champion's minus this.
    public var margin = 0.02
    /// Fewer feedback examples than this: no retrain (`too_little_data`).
    public var minimumFeedback = 20
    /// Weight the challenger's training examples so each category keeps the share it has in the
    /// base set (`Retrainer.weightedToBaseShares`); off, feedback heavy in one category tilts the
    /// model towards it.
    public var keepBaseShares = true
    /// The challenger's training settings (its `seed` is replaced by `seed`).
    public var training = TrainingSettings()

    public init() {}

    func validate() throws {
        guard heldBackShare > 0, heldBackShare < 0.5, feedbackHeldBackShare >= 0, feedbackHeldBackShare < 0.5 else {
            throw ClassifierError("invalid_settings", "the held-back shares must be in (0, 0.5) for the base set and [0, 0.5) for the feedback")
        }
        guard margin >= 0, margin < 1, margin.isFinite else {
            throw ClassifierError("invalid_settings", "the margin must be in [0, 1)")
        }
        guard minimumFeedback >= 1 else { throw ClassifierError("invalid_settings", "the minimum feedback must be at least 1") }
    }
}
