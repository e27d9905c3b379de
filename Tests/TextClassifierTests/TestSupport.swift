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
