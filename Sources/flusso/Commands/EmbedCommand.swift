import ArgumentParser
import FlussoCore
import Foundation
import Logging

/// `flusso embed TEXT… [--embedder auto|minilm|http|hashing] [--role query|passage] --json`: the
/// configured embedder (or the one named) on the given texts.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with the configured embedder (or --embedder) and print the vectors.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Texts to embed.") var texts: [String]
    @Option(help: "auto, minilm, http or hashing (default: embeddings.engine).") var embedder: String?
    @Option(help: "query or passage (e5 models prefix them differently).") var role: String = "passage"
    @Flag(help: "Print JSON: model_id, dimensions and, per text, its embedding (minilm: tokens and truncated).") var json = false

    struct Output: Encodable {
        struct Item: Encodable {
            var text: String
            var tokens: Int?
            var truncated: Bool?
            var embedding: [Float]
        }
        var model_id: String
        var dimensions: Int
        var embeddings: [Item]
    }

    func run() async throws {
        try await reportingErrors {
            guard !texts.isEmpty else { throw FlussoError(.invalidParameter, "give at least one text to embed") }
            guard let role = EmbeddingRole(rawValue: role) else {
                throw FlussoError(.invalidParameter, "--role must be query or passage, got '\(role)'")
            }
            var overrides: [String: String] = [:]
            if let embedder { overrides["embeddings.engine"] = embedder }
            let settings = try global.settings(overrides: overrides)
            guard let choice = try await Runtime(settings: settings, needs: .embedder).embedder else { return }
            let engine = choice.embedder
            var items: [Output.Item]
            if let minilm = choice.miniLM {
                items = try await minilm.encode(texts).enumerated().map { i, r in
                    Output.Item(text: texts[i], tokens: r.tokenCount, truncated: r.truncated, embedding: r.embedding)
                }
            } else {
                items = try await engine.embed(texts, role: role).enumerated().map { i, v in
                    Output.Item(text: texts[i], embedding: v)
                }
            }
            let output = Output(model_id: engine.modelID, dimensions: engine.dimensions, embeddings: items)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                printOut(String(decoding: try encoder.encode(output), as: UTF8.self))
            } else {
                printOut("model \(output.model_id), \(output.dimensions) dimensions")
                for item in items {
                    let head = item.embedding.prefix(4).map { String(format: "%.4f", $0) }.joined(separator: " ")
                    let tokens = item.tokens.map { " \($0) tokens\(item.truncated == true ? " (truncated)" : "")" } ?? ""
                    printOut("[\(head) …]\(tokens)  \(item.text.prefix(60))")
                }
            }
        }
    }
}
