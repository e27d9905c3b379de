import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore

@testable import Knowledge

/// The repository root (for the sample `kb/` and `kb-mappings/`).
let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// `../shared/data` beside the repository, or `FLUSSO_SHARED_DATA`.
let sharedData: String =
    ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"]
    ?? (repositoryRoot as NSString).deletingLastPathComponent + "/shared/data"

/// A knowledge base on a fresh SQLite file in a temporary directory.
func makeKnowledgeBase(
    _ directory: TemporaryDirectory, embedder: (any Embedder)? = nil,
    catalogues: [CatalogueMapping] = [], minimumCandidates: Int = 5
) async throws -> KnowledgeBase {
    let database = try SQLiteDatabase(directory: directory.path)
    let settings = KnowledgeSettings(
        indexDirectory: directory.path + "/kb", catalogues: catalogues, patterns: try MetadataPatterns(),
        minimumCandidates: minimumCandidates)
    return try await KnowledgeBase(store: SQLiteKnowledgeStore(database: database), embedder: embedder, settings: settings)
}

func write(_ text: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}
