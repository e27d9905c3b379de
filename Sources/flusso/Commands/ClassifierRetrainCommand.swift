import ArgumentParser
import FlussoCore
import Foundation
import TextClassifier

/// `flusso classifier retrain --feedback FILE`: champion and challenger (`Retrainer`); the model
/// in use is replaced only by a challenger that is no worse on examples neither was trained on.
struct ClassifierRetrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Train a challenger on the base set plus feedback; replace the model in use only if the challenger is no worse.",
        discussion: """
            The challenger trains on the base training set less its held-back split (a seeded, stratified share of each \
            category) plus the feedback less its own held-back share. Champion and challenger are judged on the base \
            held-back split and the base hold-out set (decisive: the challenger's accuracy on each must be at least the \
            champion's minus --margin) and on the held-back feedback (reported). An accepted challenger is written \
            atomically in place of the model, which is kept as MODEL.previous (`flusso classifier rollback`); every \
            decision is appended to MODEL.history.jsonl. A running serve or worker picks the new model up on SIGHUP or \
            POST /admin/classifier/reload. Exit status 0: replaced (or --dry-run); non-zero: refused or failed, with one \
            line on stderr.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Feedback examples: `flusso feedback export` output (fields text, label, error_code, product_type). Repeatable.")
    var feedback: [String] = []
    @Option(help: "The model to judge and replace (default: classifier.model_path).") var model: String?
    @Option(help: "Base training set (default: training/tickets.jsonl in the home).") var base: String?
    @Option(help: "Base hold-out set (default: training/tickets-holdout.jsonl in the home; an empty value skips it).")
    var holdout: String?
    @Option(name: .customLong("base-text-field"), help: "Text field of the base and hold-out sets.") var baseTextField = "symptom_text"
    @Option(name: .customLong("base-label-field"), help: "Label field of the base and hold-out sets.") var baseLabelField = "category"
    @Option(help: "Largest accuracy drop on a decisive set that still accepts the challenger.") var margin = RetrainSettings().margin
    @Option(name: .customLong("min-feedback"), help: "Fewest feedback examples to retrain on.") var minFeedback = RetrainSettings().minimumFeedback
    @Option(name: .customLong("hold-back"), help: "Share of each base category held back to judge.") var holdBack = RetrainSettings().heldBackShare
    @Option(help: "Seed of the splits and the training.") var seed = RetrainSettings().seed
    @Flag(name: .customLong("dry-run"), help: "Judge only; replace nothing.") var dryRun = false
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            guard !feedback.isEmpty else { throw FlussoError(.invalidParameter, "give at least one --feedback FILE (flusso feedback export)") }
            let settings = try global.settings()
            let modelPath = try model ?? Self.configuredModel(settings)
            let slots = ClassifierModelSlots(path: modelPath)
            // Held for the whole judgement: no train, retrain or rollback replaces the champion
            // between its loading and the challenger's installation.
            let outcome = try slots.exclusively { try judgeAndReplace(settings: settings, modelPath: modelPath, slots: slots) }
            printOut(json ? String(decoding: try FlussoJSON.encode(outcome, pretty: true), as: UTF8.self) : outcome.text)
            if !outcome.accepted && !dryRun {
                throw FlussoError(
                    .challengerRefused, "the challenger was refused and \(modelPath) was kept: " + outcome.reasons.joined(separator: "; "))
            }
        }
    }

    /// Loads the champion and the data, judges a challenger and installs it when accepted.
    private func judgeAndReplace(settings: FlussoSettings, modelPath: String, slots: ClassifierModelSlots) throws -> RetrainOutput {
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw FlussoError(.invalidInput, "no model at \(modelPath) to judge against; train one first with scripts/train-classifier")
        }
        let champion = try TrainedModel.load(path: modelPath)
        let championRevision = champion.revision
        let baseFields = DatasetFields(text: baseTextField, label: baseLabelField)
        let basePath = try base ?? Self.homeFile(settings, "training/tickets.jsonl")
        let holdoutPath = try holdout ?? Self.homeFile(settings, "training/tickets-holdout.jsonl")
        let baseSet = try DatasetLoader.load(files: [basePath], fields: baseFields)
        let holdoutSet = try holdoutPath.isEmpty ? nil : DatasetLoader.load(files: [holdoutPath], fields: baseFields)
        let feedbackSet = try DatasetLoader.load(files: feedback, fields: DatasetFields())

        var retrain = RetrainSettings()
        retrain.margin = margin
        retrain.minimumFeedback = minFeedback
        retrain.heldBackShare = holdBack
        retrain.seed = seed
        retrain.training.modelID = champion.modelID
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try Retrainer.retrain(
            champion: champion, base: baseSet.examples, holdout: holdoutSet?.examples ?? [], feedback: feedbackSet.examples,
            settings: retrain)
        var warnings = feedbackSet.skipped.prefix(20).map { "skipped \($0)" }
        if feedbackSet.skipped.count > 20 { warnings.append("… and \(feedbackSet.skipped.count - 20) more skipped lines") }
        if outcome.feedbackDuplicates > 0 {
            warnings.append("\(outcome.feedbackDuplicates) feedback line(s) repeat another's text and tags: the latest label was kept")
        }
        if outcome.feedbackOverlapping > 0 {
            warnings.append("\(outcome.feedbackOverlapping) feedback line(s) repeat a judging example (base held-back or hold-out) and were left out")
        }
        let trained = slots.training(of: championRevision)
        if trained?.heldBackShare != holdBack || trained?.seed != seed || trained?.data != [absolutePath(basePath)] {
            warnings.append(
                "the model in use was not trained on \(basePath) alone with --hold-back \(holdBack) --seed \(seed) (per \(slots.historyPath)): it may have seen the held-back split, so its figures there are optimistic and the check is stricter than it should be"
            )
        }
        if !outcome.newCategories.isEmpty {
            warnings.append("the feedback brings categories the model in use does not know: \(outcome.newCategories.joined(separator: ", "))")
        }
        let challengerRevision = outcome.challenger.revision
        var report = RetrainOutput(
            model: modelPath, championRevision: championRevision, challengerRevision: challengerRevision, accepted: outcome.accepted,
            replaced: false, dryRun: dryRun, reasons: outcome.reasons, margin: margin,
            baseExamples: outcome.baseExamples, baseHeldBack: outcome.baseHeldBack, feedbackExamples: outcome.feedbackExamples,
            feedbackHeldBack: outcome.feedbackHeldBack, sets: outcome.sets.map(RetrainSetOutput.init),
            seconds: (clock.now - start).seconds, warnings: warnings)
        guard !dryRun else { return report }
        if outcome.accepted {
            try slots.install(outcome.challenger)
            report.replaced = true
        }
        do {
            try slots.record(
                ClassifierHistoryEntry(
                    at: Date(), action: outcome.accepted ? .retrainAccepted : .retrainRefused,
                    revision: outcome.accepted ? challengerRevision : championRevision, modelID: champion.modelID,
                    otherRevision: outcome.accepted ? championRevision : challengerRevision,
                    heldBackShare: outcome.accepted ? holdBack : nil, seed: outcome.accepted ? seed : nil,
                    data: outcome.accepted ? [absolutePath(basePath)] + feedback.map(absolutePath) : nil,
                    examples: outcome.baseExamples - outcome.baseHeldBack + outcome.feedbackExamples - outcome.feedbackHeldBack,
                    sets: report.sets, reasons: outcome.reasons.isEmpty ? nil : outcome.reasons))
        } catch {
            // The decision stands (the model may already be replaced); say the history missed it.
            report.warnings.append("the decision was not added to \(slots.historyPath): \(error)")
        }
        return report
    }

    static func configuredModel(_ settings: FlussoSettings) throws -> String {
        guard case .local(let path) = settings.classifier else {
            throw FlussoError(.invalidParameter, "classifier.backend is not local: give the model file with --model")
        }
        let resolved = try path.path()
        guard !resolved.isEmpty else { throw FlussoError(.invalidParameter, "classifier.model_path is empty: give the model file with --model") }
        return resolved
    }

    static func homeFile(_ settings: FlussoSettings, _ relative: String) throws -> String {
        try ResourcePath(relative, key: relative, home: settings.home).path()
    }
}

/// `flusso classifier rollback`: the previous model back in place (and the current one kept as
/// the previous, so a second rollback undoes the first).
struct ClassifierRollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract:
            "Put the model a retrain replaced back in place (MODEL.previous); running processes reload on SIGHUP or POST /admin/classifier/reload.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The model file (default: classifier.model_path).") var model: String?

    func run() async throws {
        try await reportingErrors {
            let path = try model ?? ClassifierRetrain.configuredModel(try global.settings())
            let slots = ClassifierModelSlots(path: path)
            let swapped = try slots.exclusively { try slots.rollback() }
            let restored = swapped.restored.revision
            let replaced = swapped.replaced.revision
            do {
                try slots.record(
                    ClassifierHistoryEntry(
                        at: Date(), action: .rollback, revision: restored, modelID: swapped.restored.modelID, otherRevision: replaced))
            } catch {
                FileHandle.standardError.write(Data("warning: the rollback was not added to \(slots.historyPath): \(error)\n".utf8))
            }
            printOut(
                "\(path) is revision \(restored) again (revision \(replaced) is now \(slots.previousPath)); reload running processes with SIGHUP or POST /admin/classifier/reload"
            )
        }
    }
}

/// `path` absolute and standardised, as the model history records data files.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}

/// Champion and challenger on one set, as reported and kept in the history.
struct RetrainSetOutput: Codable {
    var name: String
    var examples: Int
    var decisive: Bool
    var championAccuracy: Double
    var challengerAccuracy: Double
    var championMacroF1: Double
    var challengerMacroF1: Double
    /// Recall per category, champion and challenger.
    var championRecall: [String: Double]
    var challengerRecall: [String: Double]

    init(_ set: Retrainer.JudgedSet) {
        name = set.name
        examples = set.examples
        decisive = set.decisive
        championAccuracy = set.champion.accuracy
        challengerAccuracy = set.challenger.accuracy
        championMacroF1 = set.champion.macroF1
        challengerMacroF1 = set.challenger.macroF1
        championRecall = set.champion.recall
        challengerRecall = set.challenger.recall
    }

    enum CodingKeys: String, CodingKey {
        case name, examples, decisive
        case championAccuracy = "champion_accuracy"
        case challengerAccuracy = "challenger_accuracy"
        case championMacroF1 = "champion_macro_f1"
        case challengerMacroF1 = "challenger_macro_f1"
        case championRecall = "champion_recall"
        case challengerRecall = "challenger_recall"
    }
}

/// `flusso classifier retrain` output.
struct RetrainOutput: Encodable {
    var model: String
    var championRevision: String
    var challengerRevision: String
    var accepted: Bool
    var replaced: Bool
    var dryRun: Bool
    var reasons: [String]
    var margin: Double
    var baseExamples: Int
    var baseHeldBack: Int
    var feedbackExamples: Int
    var feedbackHeldBack: Int
    var sets: [RetrainSetOutput]
    var seconds: Double
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case model, accepted, replaced, reasons, margin, sets, seconds, warnings
        case championRevision = "champion_revision"
        case challengerRevision = "challenger_revision"
        case dryRun = "dry_run"
        case baseExamples = "base_examples"
        case baseHeldBack = "base_held_back"
        case feedbackExamples = "feedback_examples"
        case feedbackHeldBack = "feedback_held_back"
    }

    var text: String {
        var lines = [
            "champion \(championRevision), challenger \(challengerRevision): base \(baseExamples) (\(baseHeldBack) held back), feedback \(feedbackExamples) (\(feedbackHeldBack) held back); \(fixed(seconds, 2)) s",
            "set                   examples  decisive  champion acc  challenger acc  champion F1  challenger F1",
        ]
        for set in sets {
            lines.append(
                "\(set.name.padding(toLength: 21, withPad: " ", startingAt: 0)) \(String(set.examples).padding(toLength: 9, withPad: " ", startingAt: 0)) \((set.decisive ? "yes" : "no").padding(toLength: 9, withPad: " ", startingAt: 0)) \(fixed(set.championAccuracy, 4))        \(fixed(set.challengerAccuracy, 4))          \(fixed(set.championMacroF1, 4))       \(fixed(set.challengerMacroF1, 4))"
            )
        }
        if let holdout = sets.first(where: { $0.name == "base_holdout" }) {
            let moved = holdout.challengerRecall.keys.sorted().filter { holdout.challengerRecall[$0] != holdout.championRecall[$0] }
            for label in moved {
                lines.append(
                    "  hold-out recall of \(label): \(fixed(holdout.championRecall[label] ?? 0, 3)) → \(fixed(holdout.challengerRecall[label] ?? 0, 3))"
                )
            }
        }
        switch (accepted, dryRun) {
        case (true, true): lines.append("accepted (dry run: \(model) unchanged)")
        case (true, false):
            lines.append(
                "accepted: \(model) replaced (previous kept as \(model).previous); reload running processes with SIGHUP or POST /admin/classifier/reload"
            )
        case (false, _): lines.append("refused (margin \(margin)): " + reasons.joined(separator: "; "))
        }
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}
