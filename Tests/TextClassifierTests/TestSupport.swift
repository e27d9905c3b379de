import Foundation
import TextClassifier

/// `../shared/data/classification/banking77` beside the repository (or
/// `FLUSSO_SHARED_DATA/classification/banking77`).
let banking77Directory: String = {
    if let root = ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"] { return root + "/classification/banking77" }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return repo.deletingLastPathComponent().appendingPathComponent("shared/data/classification/banking77").path
}()

/// The repository root (for `training/tickets.jsonl`).
let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Banking77 restricted to its first `classes` categories (sorted by name), as (train, test).
func banking77Subset(classes: Int) throws -> (train: [LabelledExample], test: [LabelledExample]) {
    let fields = DatasetFields(text: "text", label: "category")
    let train = try DatasetLoader.load(files: [banking77Directory + "/train.csv"], fields: fields).examples
    let test = try DatasetLoader.load(files: [banking77Directory + "/test.csv"], fields: fields).examples
    let keep = Set(Array(Set(train.map(\.label))).sorted().prefix(classes))
    return (train.filter { keep.contains($0.label) }, test.filter { keep.contains($0.label) })
}

/// The ticket training data shipped in `training/`, through the same loader the CLI uses.
func ticketExamples(_ file: String = "tickets.jsonl") throws -> [LabelledExample] {
    try DatasetLoader.load(
        files: [repositoryRoot + "/training/" + file],
        fields: DatasetFields(text: "symptom_text", label: "category")
    ).examples
}

/// A small trained model shared by tests that only need some model (trained once per process).
let ticketModel: Result<TrainedModel, ClassifierError> = {
    do {
        return .success(try TextClassifierTrainer.train(examples: try ticketExamples()).model)
    } catch let error as ClassifierError {
        return .failure(error)
    } catch {
        return .failure(ClassifierError("test_setup", "\(error)"))
    }
}()

/// Bytes as a file in a fresh temporary path.
func temporaryFile(_ name: String, _ contents: [UInt8]) throws -> String {
    let directory = NSTemporaryDirectory() + "textclassifier-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/" + name
    try Data(contents).write(to: URL(fileURLWithPath: path))
    return path
}

func temporaryFile(_ name: String, _ text: String) throws -> String {
    try temporaryFile(name, Array(text.utf8))
}

/// Runs `body` and returns the `ClassifierError` code it threw (nil if it did not throw one).
func errorCode(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as ClassifierError {
        return error.code
    } catch {
        return "other: \(error)"
    }
}

func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as ClassifierError {
        return error.message
    } catch {
        return "\(error)"
    }
}
