import ANNBench
import ArgumentParser
import FlussoCore
import Foundation
import TextClassifier

/// `flusso bench …`: benchmarks of the engines.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Benchmarks of Flusso's engines.",
        subcommands: [ANN.self, BenchClassifier.self, BenchGenerate.self, BenchEnrich.self, BenchManualPDF.self])

    /// `flusso bench ann`: the HNSW index on standard fvecs/ivecs files, one thread.
    struct ANN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ann",
            abstract: "Recall@k, single-thread queries/s, build seconds and bytes per vector of the HNSW index for each ef.")

        @Option(help: "Base vectors (.fvecs).") var base: String
        @Option(help: "Query vectors (.fvecs).") var query: String
        @Option(help: "Ground truth neighbour ids (.ivecs).") var gt: String
        @Option(help: "l2, ip or cosine.") var metric: String = "l2"
        @Option(help: "Neighbours per query.") var k: Int = 10
        @Option(help: "HNSW M (links per node).") var m: Int = 16
        @Option(name: .customLong("ef-construction"), help: "HNSW efConstruction.") var efConstruction: Int = 200
        @Option(help: "Comma-separated efSearch values.") var ef: String = "10,20,40,80,160"
        @Option(help: "Seed of the level generator.") var seed: UInt64 = 42
        @Option(help: "Timed passes per ef; the fastest is reported.") var rounds: Int = 5
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let efs = ef.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard !efs.isEmpty, efs.allSatisfy({ ($0 ?? 0) > 0 }) else {
                    throw FlussoError(.invalidParameter, "--ef takes positive integers separated by commas, got '\(ef)'")
                }
                guard k > 0, m >= 2, efConstruction > 0, rounds > 0 else {
                    throw FlussoError(.invalidParameter, "--k, --ef-construction and --rounds must be positive and --m at least 2")
                }
                let options = ANNBenchOptions(
                    basePath: base, queryPath: query, groundTruthPath: gt, metric: metric, k: k, m: m,
                    efConstruction: efConstruction, efSearch: efs.compactMap { $0 }, seed: seed, rounds: rounds)
                let report = try runANNBenchmark(options)
                printOut(json ? try report.json() : report.table())
            }
        }
    }
}

/// `flusso bench classifier`: trains on one file, evaluates on another and times prediction one
/// text at a time (used by `scripts/bench-classifier`).
struct BenchClassifier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier",
        abstract: "Train seconds, test accuracy, macro-F1, ECE and predict µs per text of the text classifier.")
    @Option(help: "Training data (CSV or JSONL).") var train: String
    @Option(help: "Test data (CSV or JSONL).") var test: String
    @Option(name: .customLong("text-field")) var textField = "text"
    @Option(name: .customLong("label-field")) var labelField = "category"
    @Option(help: "Seed.") var seed: UInt64 = 42
    @Option(help: "Also write the model here.") var out: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let fields = DatasetFields(text: textField, label: labelField)
            let trainSet = try DatasetLoader.load(files: [train], fields: fields).examples
            let testSet = try DatasetLoader.load(files: [test], fields: fields).examples
            var settings = TrainingSettings()
            settings.seed = seed
            let clock = ContinuousClock()
            var start = clock.now
            let result = try TextClassifierTrainer.train(examples: trainSet, settings: settings)
            let trainSeconds = (clock.now - start).seconds
            if let out { try result.model.write(to: out) }
            let evaluation = try Evaluator.evaluate(model: result.model, examples: testSet)
            // Prediction: one text at a time, the whole test set, best of three passes.
            var best = Double.infinity
            var sink = 0
            for _ in 0..<3 {
                start = clock.now
                for example in testSet { sink &+= try result.model.predict(example.input).top.count }
                best = min(best, (clock.now - start).seconds)
            }
            precondition(sink > 0)
            let output = BenchClassifierOutput(
                trainSeconds: trainSeconds, predictMicrosecondsPerText: best / Double(testSet.count) * 1e6,
                trainExamples: trainSet.count, testExamples: testSet.count,
                validationAccuracy: result.report.validationAccuracy, temperature: result.report.temperature,
                epochsRun: result.report.epochsRun, bestEpoch: result.report.bestEpoch,
                evaluation: EvalOutput(evaluation, model: result.model))
            if json {
                printOut(String(decoding: try FlussoJSON.encode(output, pretty: true), as: UTF8.self))
            } else {
                printOut(
                    "accuracy \(fixed(evaluation.accuracy, 4))  macro-F1 \(fixed(evaluation.macroF1, 4))  ECE \(fixed(evaluation.expectedCalibrationError, 4))  train \(fixed(trainSeconds, 2)) s  predict \(fixed(output.predictMicrosecondsPerText, 1)) µs/text"
                )
            }
        }
    }
}

struct BenchClassifierOutput: Encodable {
    var trainSeconds: Double
    var predictMicrosecondsPerText: Double
    var trainExamples: Int
    var testExamples: Int
    var validationAccuracy: Double?
    var temperature: Double
    var epochsRun: Int
    var bestEpoch: Int
    var evaluation: EvalOutput

    enum CodingKeys: String, CodingKey {
        case temperature, evaluation
        case trainSeconds = "train_seconds"
        case predictMicrosecondsPerText = "predict_us_per_text"
        case trainExamples = "train_examples"
        case testExamples = "test_examples"
        case validationAccuracy = "validation_accuracy"
        case epochsRun = "epochs_run"
        case bestEpoch = "best_epoch"
    }
}
