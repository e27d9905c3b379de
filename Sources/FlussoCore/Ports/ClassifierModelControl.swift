import Foundation

/// The classifier model a running process uses, and how to replace it without a restart (step
/// 10: a retrained model is picked up on SIGHUP or `POST /admin/classifier/reload`).
public protocol ClassifierModelControl: Sendable {
    /// The model in use.
    func current() -> ClassifierModelInfo
    /// Reads the model file again. A file that cannot be read (missing, truncated, corrupted)
    /// leaves the model in use and throws its error.
    func reload() throws -> ClassifierModelInfo
}

/// Which classifier model is in use.
public struct ClassifierModelInfo: Codable, Sendable, Equatable {
    public var modelID: String
    /// `Classification.modelRevision` of the tickets it classifies.
    public var revision: String
    public var categories: [String]
    public var path: String
    public var loadedAt: Date

    public init(modelID: String, revision: String, categories: [String], path: String, loadedAt: Date) {
        self.modelID = modelID
        self.revision = revision
        self.categories = categories
        self.path = path
        self.loadedAt = loadedAt
    }

    enum CodingKeys: String, CodingKey {
        case revision, categories, path
        case modelID = "model_id"
        case loadedAt = "loaded_at"
    }
}
