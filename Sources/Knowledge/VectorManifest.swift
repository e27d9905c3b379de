import Foundation

/// Written next to the vector index after each successful save: which embedder made the vectors
/// and how many chunks they cover. An index whose manifest does not match the store and the
/// configured embedder is rebuilt from the stored chunks, so a crash between the database commit
/// and the index save, or a change of embedder, never leaves a half-written or mixed index.
struct VectorManifest: Codable, Equatable {
    var modelID: String
    var dimensions: Int
    var chunkCount: Int
    var maxKey: Int64

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id"
        case dimensions
        case chunkCount = "chunk_count"
        case maxKey = "max_key"
    }

    static func load(_ path: String) -> VectorManifest? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(VectorManifest.self, from: data)
    }

    func save(_ path: String) throws {
        do {
            try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)  // temp file + rename
        } catch {
            throw KnowledgeError("io_error", "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
