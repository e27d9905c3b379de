import Embeddings
import FlussoTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The repository root (three levels above this file).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/data` beside the repository, or `FLUSSO_SHARED_DATA`.
let sharedData: String = {
    if let root = ProcessInfo.processInfo.environment["FLUSSO_SHARED_DATA"] { return root }
    return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path
}()

/// `models/all-minilm-l6-v2` in the repository (installed by scripts/setup-models, which scripts/test runs).
let miniLMDirectory = repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2").path

/// The model, loaded once for all tests; records an issue saying how to install it when missing.
let sharedMiniLM: MiniLMEmbedder? = try? MiniLMEmbedder(modelDirectory: miniLMDirectory)

func requireMiniLM() throws -> MiniLMEmbedder {
    guard let model = sharedMiniLM else {
        Issue.record("all-MiniLM-L6-v2 is not installed in \(miniLMDirectory): run scripts/setup-models (scripts/test does)")
        throw CancellationError()
    }
    return model
}

/// One line of `minilm_reference.jsonl`.
struct ReferenceCase: Decodable {
    var text: String
    var token_ids: [Int32]
    var embedding: [Float]
}

func referenceCases() throws -> [ReferenceCase] {
    let path = sharedData + "/embeddings/minilm_reference.jsonl"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONDecoder().decode(ReferenceCase.self, from: Data($0.utf8)) }
}

func cosine(_ a: [Float], _ b: [Float]) -> Float {
    var dot: Float = 0, na: Float = 0, nb: Float = 0
    for i in a.indices {
        dot += a[i] * b[i]
        na += a[i] * a[i]
        nb += b[i] * b[i]
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}

func norm(_ a: [Float]) -> Float { a.reduce(0) { $0 + $1 * $1 }.squareRoot() }
