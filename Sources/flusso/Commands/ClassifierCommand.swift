import ArgumentParser
import FlussoCore
import Foundation
import TextClassifier

/// `flusso classifier train|eval|predict`: the ticket classifier's model files.
struct ClassifierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier", abstract: "Train, evaluate and query text classifier models.",
        subcommands: [Train.self, Eval.self, Predict.self, ClassifierRetrain.self, ClassifierRollback.self])

    /// Options naming the fields of a data file.
    struct DataOptions: ParsableArguments {
        @Option(
            name: .customLong("data"),
            help: "Training or test data: CSV with a header, or JSONL (also `flusso feedback export` output). Repeat to combine files.")
        var data: [String] = []
        @Option(name: .customLong("text-field"), help: "Field or column holding the text (dotted paths into JSONL objects).")
        var textField = "text"
        @Option(name: .customLong("label-field"), help: "Field or column holding the label.")
        var labelField = "label"

        func load() throws -> Dataset {
            guard !data.isEmpty else { throw FlussoError(.invalidParameter, "give at least one --data FILE") }
            return try DatasetLoader.load(files: data, fields: DatasetFields(text: textField, label: labelField))
        }
    }

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Train a model (multinomial logistic regression on hashed TF-IDF n-grams) and write it atomically.")
        @OptionGroup var data: DataOptions
        @Option(help: "Model file to write (format FLUSSOCM v1).") var out: String
        @Option(help: "Seed of the validation split and shuffles (same seed and data: same bytes).") var seed: UInt64 = 42
        @Option(name: .customLong("model-id"), help: "Name stored in the model (default: the file name without extension).") var modelID: String?
        @Option(
            name: .customLong("hold-back"),
            help:
                "Share of each label's examples left out of training and kept to judge this model against a retrained one (flusso classifier retrain uses the same split; 0: train on everything)."
        )
        var holdBack = 0.0
        @Flag(help: "Print the training report as JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                guard holdBack >= 0, holdBack < 0.5 else { throw FlussoError(.invalidParameter, "--hold-back must be in [0, 0.5)") }
                let dataset = try data.load()
                var settings = TrainingSettings()
                settings.seed = seed
                settings.modelID = modelID ?? URL(fileURLWithPath: out).deletingPathExtension().lastPathComponent
                let split = HeldBackSplit.split(dataset.examples, share: holdBack, seed: seed)
                let clock = ContinuousClock()
                let start = clock.now
                let result = try TextClassifierTrainer.train(examples: split.kept, settings: settings)
                let seconds = (clock.now - start).seconds
                let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let slots = ClassifierModelSlots(path: out)
                try slots.exclusively {
                    try result.model.write(to: out)
                    try slots.record(
                        ClassifierHistoryEntry(
                            at: Date(), action: .train, revision: result.model.revision, modelID: settings.modelID, heldBackShare: holdBack,
                            seed: seed, data: data.data.map(absolutePath), examples: split.kept.count))
                }
                let heldBackAccuracy = split.heldBack.isEmpty ? nil : try Evaluator.evaluate(model: result.model, examples: split.heldBack).accuracy
                let r = result.report
                let output = TrainOutput(
                    model: out, modelID: settings.modelID, examples: dataset.examples.count, skipped: dataset.skipped.count,
                    labels: r.labels, featureRows: r.featureRows, trainingExamples: r.trainingExamples,
                    validationExamples: r.validationExamples, epochsRun: r.epochsRun, bestEpoch: r.bestEpoch,
                    validationAccuracy: r.validationAccuracy, validationECEBefore: r.validationECEBefore,
                    validationECEAfter: r.validationECEAfter, temperature: r.temperature, trainSeconds: seconds,
                    heldBack: split.heldBack.count, heldBackAccuracy: heldBackAccuracy,
                    warnings: r.warnings + dataset.skipped.prefix(20).map { "skipped \($0)" })
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(output, pretty: true), as: UTF8.self))
                } else {
                    printOut(output.text)
                }
            }
        }
    }

    struct Eval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Accuracy, macro-F1, per-class precision/recall, confusion pairs and expected calibration error on labelled data.")
        @Option(help: "Model file.") var model: String
        @OptionGroup var data: DataOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let trained = try TrainedModel.load(path: model)
                let dataset = try data.load()
                let evaluation = try Evaluator.evaluate(model: trained, examples: dataset.examples)
                let output = EvalOutput(evaluation, model: trained)
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(output, pretty: true), as: UTF8.self))
                } else {
                    printOut(output.text)
                }
            }
        }
    }

    struct Predict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "predict", abstract: "Classify one text: label, calibrated confidence and the top 3.")
        @Option(help: "Model file.") var model: String
        @Argument(help: "The text (- reads standard input).") var text: String
        @Option(name: .customLong("error-code"), help: "A ticket's error code (a structured feature).") var errorCode: String?
        @Option(name: .customLong("product-type"), help: "A ticket's product type (a structured feature).") var productType: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let trained = try TrainedModel.load(path: model)
                let input = text == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : text
                let prediction = try trained.predict(TicketFeatures.input(symptomText: input, errorCode: errorCode, productType: productType))
                let output = Classification(
                    category: prediction.label, confidence: prediction.confidence,
                    top3: prediction.top.map { .init(category: $0.label, probability: $0.probability) },
                    modelID: trained.modelID, modelVersion: Int(ModelFile.version))
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(output), as: UTF8.self))
                } else {
                    printOut(output.top3.map { "\($0.category)\t\(fixed($0.probability, 4))" }.joined(separator: "\n"))
                }
            }
        }
    }
}

/// `flusso classifier train` output.
struct TrainOutput: Encodable {
    var model: String
    var modelID: String
    var examples: Int
    var skipped: Int
    var labels: Int
    var featureRows: Int
    var trainingExamples: Int
    var validationExamples: Int
    var epochsRun: Int
    var bestEpoch: Int
    var validationAccuracy: Double?
    var validationECEBefore: Double?
    var validationECEAfter: Double?
    var temperature: Double
    var trainSeconds: Double
    /// Examples left out by `--hold-back`, and the model's accuracy on them.
    var heldBack: Int
    var heldBackAccuracy: Double?
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case model, examples, skipped, labels, temperature, warnings
        case heldBack = "held_back"
        case heldBackAccuracy = "held_back_accuracy"
        case modelID = "model_id"
        case featureRows = "feature_rows"
        case trainingExamples = "training_examples"
        case validationExamples = "validation_examples"
        case epochsRun = "epochs_run"
        case bestEpoch = "best_epoch"
        case validationAccuracy = "validation_accuracy"
        case validationECEBefore = "validation_ece_before_calibration"
        case validationECEAfter = "validation_ece"
        case trainSeconds = "train_seconds"
    }

    var text: String {
        var lines = [
            "wrote \(model) (model id \(modelID)): \(labels) labels, \(featureRows) feature rows, \(examples) examples (\(skipped) skipped)",
            "training split \(trainingExamples), validation split \(validationExamples); epochs run \(epochsRun), best \(bestEpoch); \(fixed(trainSeconds, 2)) s",
        ]
        if let validationAccuracy {
            lines.append(
                "validation accuracy \(fixed(validationAccuracy, 4)); ECE \(fixed(validationECEBefore ?? 0, 4)) → \(fixed(validationECEAfter ?? 0, 4)) after temperature \(fixed(temperature, 3))"
            )
        }
        if let heldBackAccuracy {
            lines.append("held back \(heldBack) examples (not trained on): accuracy \(fixed(heldBackAccuracy, 4))")
        }
        lines += warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// `flusso classifier eval` output.
struct EvalOutput: Encodable {
    struct PerClass: Encodable {
        var label: String
        var precision: Double
        var recall: Double
        var f1: Double
        var support: Int
    }
    struct Pair: Encodable {
        var actual: String
        var predicted: String
        var count: Int
    }
    var modelID: String
    var examples: Int
    var accuracy: Double
    var macroF1: Double
    var top3Accuracy: Double
    var expectedCalibrationError: Double
    var logLoss: Double
    var unknownLabels: Int
    var perClass: [PerClass]
    var confusionPairs: [Pair]

    enum CodingKeys: String, CodingKey {
        case examples, accuracy
        case modelID = "model_id"
        case macroF1 = "macro_f1"
        case top3Accuracy = "top3_accuracy"
        case expectedCalibrationError = "expected_calibration_error"
        case logLoss = "log_loss"
        case unknownLabels = "unknown_labels"
        case perClass = "per_class"
        case confusionPairs = "confusion_pairs"
    }

    init(_ e: Evaluation, model: TrainedModel) {
        modelID = model.modelID
        examples = e.examples
        accuracy = e.accuracy
        macroF1 = e.macroF1
        top3Accuracy = e.top3Accuracy
        expectedCalibrationError = e.expectedCalibrationError
        logLoss = e.logLoss
        unknownLabels = e.unknownLabels
        perClass = e.perClass.map { PerClass(label: $0.label, precision: $0.precision, recall: $0.recall, f1: $0.f1, support: $0.support) }
        confusionPairs = e.confusions.map { Pair(actual: $0.actual, predicted: $0.predicted, count: $0.count) }
    }

    var text: String {
        var lines = [
            "examples \(examples)  accuracy \(fixed(accuracy, 4))  macro-F1 \(fixed(macroF1, 4))  top-3 \(fixed(top3Accuracy, 4))  ECE \(fixed(expectedCalibrationError, 4))  log-loss \(fixed(logLoss, 4))"
        ]
        if unknownLabels > 0 { lines.append("\(unknownLabels) example(s) have labels the model does not know") }
        lines.append("label                          precision  recall  f1      support")
        for c in perClass {
            lines.append(
                "\(c.label.padding(toLength: 30, withPad: " ", startingAt: 0)) \(fixed(c.precision, 3))      \(fixed(c.recall, 3))   \(fixed(c.f1, 3))   \(c.support)"
            )
        }
        if !confusionPairs.isEmpty {
            lines.append("most frequent confusions (actual → predicted):")
            lines += confusionPairs.prefix(10).map { "  \($0.count)× \($0.actual) → \($0.predicted)" }
        }
        return lines.joined(separator: "\n")
    }
}

func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
