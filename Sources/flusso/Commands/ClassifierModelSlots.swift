import FlussoCore
import Foundation
import TextClassifier

/// The files of the classifier model in use: `MODEL` (what `serve` and `worker` load),
/// `MODEL.previous` (the model it replaced, for `flusso classifier rollback`) and
/// `MODEL.history.jsonl` (one line per train, retrain and rollback: what was decided, on what
/// figures). Every replacement is a rename, so a process reloading the model reads the old file
/// or the new one, never a mix.
struct ClassifierModelSlots {
    let path: String
    var previousPath: String { path + ".previous" }
    var historyPath: String { path + ".history.jsonl" }
    var lockPath: String { path + ".lock" }

    /// Runs `body` holding an exclusive lock on `MODEL.lock` (`flock`): train, retrain and
    /// rollback of one model wait for each other, so a retrain never installs a challenger judged
    /// against a model that another command replaced meanwhile.
    func exclusively<T>(_ body: () throws -> T) throws -> T {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw FlussoError(.ioError, "cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw FlussoError(.ioError, "cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    /// Flushes the directory's entries (the renames) to disk.
    func syncDirectory() {
        let directory = (path as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// Puts `model` in place, keeping the model it replaces as `.previous`.
    func install(_ model: TrainedModel) throws {
        if FileManager.default.fileExists(atPath: path) {
            try TrainedModel.load(path: path).write(to: previousPath)
        }
        try model.write(to: path)
        syncDirectory()
    }

    /// Swaps the model in use with `.previous`; returns (restored, replaced). Two renames: a crash
    /// between them leaves the restored model in place and the replaced one in `MODEL.swap-PID`.
    func rollback() throws -> (restored: TrainedModel, replaced: TrainedModel) {
        guard FileManager.default.fileExists(atPath: previousPath) else {
            throw FlussoError(.noPreviousModel, "no previous model at \(previousPath): nothing has been replaced by a retrain yet")
        }
        let restored = try TrainedModel.load(path: previousPath)
        let replaced = try TrainedModel.load(path: path)
        let swap = path + ".swap-\(getpid())"
        try replaced.write(to: swap)
        guard rename(previousPath, path) == 0 else {
            unlink(swap)
            throw FlussoError(.ioError, "cannot move \(previousPath) to \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(swap, previousPath) == 0 else {
            throw FlussoError(.ioError, "cannot move \(swap) to \(previousPath): \(String(cString: strerror(errno)))")
        }
        syncDirectory()
        return (restored, replaced)
    }

    /// Appends one line to the history and flushes it to disk.
    func record(_ entry: ClassifierHistoryEntry) throws {
        var line = try FlussoJSON.encode(entry)
        line.append(UInt8(ascii: "\n"))
        let fd = open(historyPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw FlussoError(.ioError, "cannot open \(historyPath): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw FlussoError(.ioError, "cannot write \(historyPath): \(String(cString: strerror(errno)))")
        }
    }

    /// The history, oldest first; lines that cannot be read are skipped.
    func history() -> [ClassifierHistoryEntry] {
        guard let text = try? String(contentsOfFile: historyPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? FlussoJSON.decode(ClassifierHistoryEntry.self, from: Data($0.utf8)) }
    }

    /// How the model with `revision` was trained, from the newest history line that trained it.
    func training(of revision: String) -> ClassifierHistoryEntry? {
        history().last { $0.revision == revision && ($0.action == .train || $0.action == .retrainAccepted) }
    }
}

/// One line of `MODEL.history.jsonl`.
struct ClassifierHistoryEntry: Codable {
    enum Action: String, Codable {
        case train
        case retrainAccepted = "retrain_accepted"
        case retrainRefused = "retrain_refused"
        case rollback
    }
    var at: Date
    var action: Action
    /// The model in place after the action.
    var revision: String
    var modelID: String
    /// The model it replaced (accepted retrain, rollback), or the refused challenger's revision.
    var otherRevision: String?
    /// Training: the held-back split left out (`share`, `seed`), the data files and example count.
    var heldBackShare: Double?
    var seed: UInt64?
    var data: [String]?
    var examples: Int?
    var sets: [RetrainSetOutput]?
    var reasons: [String]?

    enum CodingKeys: String, CodingKey {
        case at, action, revision, seed, data, examples, sets, reasons
        case modelID = "model_id"
        case otherRevision = "other_revision"
        case heldBackShare = "held_back_share"
    }
}
