import FlussoCore
import Foundation
import Logging
import Synchronization

/// The local classifier of a running `serve` or `worker`: the model in its file, read again on
/// `reload()` (SIGHUP, `POST /admin/classifier/reload`). A classification in flight keeps the
/// model it started with; one that starts after a reload uses the new model and records its
/// revision. A model file that cannot be read leaves the model in use.
public final class ReloadingTicketClassifier: TicketClassifier, ClassifierModelControl {
    public let path: String
    private let logger: Logger
    private let state: Mutex<(classifier: LinearTicketClassifier, info: ClassifierModelInfo)>
    /// Serialises reloads (SIGHUP and the admin route may overlap): the file read last is the
    /// one kept, never an older read that finished later.
    private let reloading = Mutex(())

    /// Loads `path`; throws as `LinearTicketClassifier(path:)` does.
    public init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        let classifier = try LinearTicketClassifier(path: path)
        state = Mutex((classifier, Self.info(classifier, path: path)))
    }

    public func classify(_ ticket: Ticket) async throws -> Classification {
        let classifier = state.withLock { $0.classifier }
        return try await classifier.classify(ticket)
    }

    public func current() -> ClassifierModelInfo {
        state.withLock { $0.info }
    }

    public func reload() throws -> ClassifierModelInfo {
        try reloading.withLock { _ in try reloadFile() }
    }

    private func reloadFile() throws -> ClassifierModelInfo {
        let classifier: LinearTicketClassifier
        do {
            classifier = try LinearTicketClassifier(path: path)
        } catch {
            logger.error("classifier model not reloaded; the model in use stays", metadata: ["model": "\(path)", "error": "\(error)"])
            throw error
        }
        let info = Self.info(classifier, path: path)
        let previous = state.withLock { current in
            defer { current = (classifier, info) }
            return current.info
        }
        logger.notice(
            "classifier model reloaded",
            metadata: [
                "model": "\(path)", "model_id": "\(info.modelID)", "revision": "\(info.revision)",
                "previous_revision": "\(previous.revision)",
            ])
        return info
    }

    private static func info(_ classifier: LinearTicketClassifier, path: String) -> ClassifierModelInfo {
        ClassifierModelInfo(
            modelID: classifier.model.modelID, revision: classifier.revision, categories: classifier.model.labels, path: path,
            loadedAt: Date())
    }
}
