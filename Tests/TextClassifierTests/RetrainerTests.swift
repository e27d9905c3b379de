import FlussoTestSupport
import Foundation
import Testing

@testable import TextClassifier

/// The feedback loop's champion check on the project's tickets: reviewer corrections of a
/// category the model confuses are taken, shuffled labels are refused.
@Suite struct RetrainerTests {
    static func load(_ relative: String) throws -> [LabelledExample] {
        let path = SourceScan.packageRoot.appendingPathComponent(relative).path
        return try DatasetLoader.load(files: [path], fields: DatasetFields(text: "symptom_text", label: "category")).examples
    }

    /// The model in use, trained as `scripts/train-classifier` trains it: without the held-back split.
    static func champion(_ base: [LabelledExample]) throws -> TrainedModel {
        let settings = RetrainSettings()
        let kept = HeldBackSplit.split(base, share: settings.heldBackShare, seed: settings.seed).kept
        return try TextClassifierTrainer.train(examples: kept).model
    }

    /// A review desk's feedback: 200 tickets the model put outside `motion`, corrected to it,
    /// and 140 tickets of the other categories, approved or corrected to their category.
    static func deskFeedback() throws -> [LabelledExample] {
        try load("eval/feedback/motion-corrections.jsonl") + load("eval/feedback/mixed-corrections.jsonl")
    }

    @Test func correctionsOfAConfusedCategoryRaiseItsAccuracyWithoutLoweringTheHoldOut() throws {
        let base = try Self.load("training/tickets.jsonl")
        let holdout = try Self.load("training/tickets-holdout.jsonl")
        let feedback = try Self.deskFeedback()
        #expect(feedback.filter { $0.label == "motion" }.count == 200)
        let champion = try Self.champion(base)
        let outcome = try Retrainer.retrain(champion: champion, base: base, holdout: holdout, feedback: feedback)
        let byName = Dictionary(uniqueKeysWithValues: outcome.sets.map { ($0.name, $0) })
        let hold = try #require(byName["base_holdout"])
        let heldBack = try #require(byName["base_held_back"])
        let unseen = try #require(byName["feedback_held_back"])
        print(
            "retrain on the desk's feedback: hold-out accuracy \(hold.champion.accuracy) → \(hold.challenger.accuracy), "
                + "motion recall \(hold.champion.recall["motion"] ?? -1) → \(hold.challenger.recall["motion"] ?? -1); "
                + "held-back \(heldBack.champion.accuracy) → \(heldBack.challenger.accuracy); "
                + "unseen feedback \(unseen.champion.accuracy) → \(unseen.challenger.accuracy)")
        let accepted = outcome.accepted
        #expect(accepted, "\(outcome.reasons)")
        // The category the model confused is recognised more often, on hand-written tickets …
        #expect(try #require(hold.challenger.recall["motion"]) > (hold.champion.recall["motion"] ?? 0))
        // … while the hold-out as a whole does not get worse.
        #expect(hold.challenger.accuracy >= hold.champion.accuracy)
        #expect(unseen.challenger.accuracy > unseen.champion.accuracy)
        #expect(outcome.feedbackHeldBack == 68 && outcome.newCategories.isEmpty)
    }

    /// Feedback from one category only, in a writing style the base set lacks, teaches the style
    /// as a sign of that category: the challenger calls unrelated hand-written tickets `motion`,
    /// and the champion check refuses it.
    @Test func correctionsOfOneCategoryAloneTeachTheirStyleAndAreRefused() throws {
        let base = try Self.load("training/tickets.jsonl")
        let holdout = try Self.load("training/tickets-holdout.jsonl")
        let corrections = try Self.load("eval/feedback/motion-corrections.jsonl")
        let outcome = try Retrainer.retrain(champion: try Self.champion(base), base: base, holdout: holdout, feedback: corrections)
        let hold = try #require(outcome.sets.first { $0.name == "base_holdout" })
        let heldBack = try #require(outcome.sets.first { $0.name == "base_held_back" })
        print(
            "motion corrections alone: hold-out accuracy \(hold.champion.accuracy) → \(hold.challenger.accuracy), "
                + "held-back \(heldBack.champion.accuracy) → \(heldBack.challenger.accuracy)")
        let accepted = outcome.accepted
        #expect(!accepted)
        #expect(hold.challenger.recall["motion"] == 1)
    }

    @Test func feedbackWithShuffledLabelsIsRefusedByTheChampionCheck() throws {
        let base = try Self.load("training/tickets.jsonl")
        let holdout = try Self.load("training/tickets-holdout.jsonl")
        let corrections = try Self.deskFeedback()
        // Poison: the same tickets with their labels shuffled (seeded).
        var generator = SplitMix64(seed: 7)
        let labels = corrections.map(\.label).shuffled(using: &generator)
        let poisoned = zip(corrections, labels).map { LabelledExample(input: $0.input, label: $1, origin: $0.origin) }
        let outcome = try Retrainer.retrain(champion: try Self.champion(base), base: base, holdout: holdout, feedback: poisoned)
        for set in outcome.sets { print("poisoned: \(set.name) \(set.champion.accuracy) → \(set.challenger.accuracy)") }
        let accepted = outcome.accepted
        #expect(!accepted)
        #expect(!outcome.reasons.isEmpty)
    }

    @Test func tooLittleFeedbackIsRefusedBeforeTraining() throws {
        let base = try Self.load("training/tickets.jsonl")
        let few = Array(try Self.load("eval/feedback/motion-corrections.jsonl").prefix(5))
        #expect(throws: ClassifierError.self) {
            try Retrainer.retrain(champion: try Self.champion(base), base: base, holdout: [], feedback: few)
        }
        do {
            _ = try Retrainer.retrain(champion: try Self.champion(base), base: base, holdout: [], feedback: few)
        } catch let error as ClassifierError {
            #expect(error.code == "too_little_data" && error.message.contains("at least 20"))
        }
    }

    @Test func feedbackRepeatingAJudgingExampleIsLeftOutAndRepeatsKeepTheLatestLabel() throws {
        let base = try Self.load("training/tickets.jsonl")
        let holdout = try Self.load("training/tickets-holdout.jsonl")
        let corrections = try Self.deskFeedback()
        let heldBack = HeldBackSplit.split(base, share: RetrainSettings().heldBackShare, seed: RetrainSettings().seed).heldBack
        // Three copies of judging examples (relabelled, as poison would be) and one ticket given twice.
        var relabelled = corrections[0]
        relabelled.label = "thermal"
        let feedback =
            corrections + [heldBack[0], holdout[0], holdout[1]].map { LabelledExample(input: $0.input, label: "firmware") } + [relabelled]
        let outcome = try Retrainer.retrain(champion: try Self.champion(base), base: base, holdout: holdout, feedback: feedback)
        #expect(outcome.feedbackOverlapping == 3)
        #expect(outcome.feedbackDuplicates == 1)
        #expect(outcome.feedbackExamples == corrections.count)
    }

    @Test func theHeldBackSplitIsStratifiedAndDoesNotDependOnOrder() throws {
        let base = try Self.load("training/tickets.jsonl")
        let split = HeldBackSplit.split(base, share: 0.2, seed: 42)
        #expect(split.heldBack.count == 64 && split.kept.count == 256)
        for label in Set(base.map(\.label)) { #expect(split.heldBack.filter { $0.label == label }.count == 8) }
        var generator = SplitMix64(seed: 3)
        let reordered = HeldBackSplit.split(base.shuffled(using: &generator), share: 0.2, seed: 42)
        #expect(Set(reordered.heldBack.map(\.input.text)) == Set(split.heldBack.map(\.input.text)))
        let other = HeldBackSplit.split(base, share: 0.2, seed: 43)
        #expect(Set(other.heldBack.map(\.input.text)) != Set(split.heldBack.map(\.input.text)))
    }
}
