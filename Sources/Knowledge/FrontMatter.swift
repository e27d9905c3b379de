import Foundation
import Yams

/// The optional YAML front matter of a Markdown document (`---` … `---` at the very top):
/// `title`, `product_types`, `product_models`, `error_codes`, `language`, `source_url`.
/// Lists may be written as YAML lists or as comma-separated strings.
struct FrontMatter: Equatable {
    var title: String?
    var productTypes: [String] = []
    var productModels: [String] = []
    var errorCodes: [String] = []
    var language: String?
    var sourceURL: String?

    /// Splits `text` into its front matter and body. `bodyStartLine` is the 1-based line where
    /// the body starts (for error messages). A document without front matter has an empty one.
    static func split(_ text: String) throws -> (FrontMatter, body: String, bodyStartLine: Int) {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return (FrontMatter(), text, 1) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw KnowledgeError("invalid_front_matter", "front matter starts on line 1 but has no closing '---'", line: 1)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: yaml)
        } catch {
            throw KnowledgeError("invalid_front_matter", "front matter is not valid YAML: \(error)", line: 2)
        }
        guard let map = parsed as? [String: Any] else {
            if parsed == nil { return (FrontMatter(), body, end + 2) }
            throw KnowledgeError("invalid_front_matter", "front matter must be a mapping of keys to values", line: 2)
        }
        var fm = FrontMatter()
        fm.title = string(map["title"])
        fm.productTypes = list(map["product_types"])
        fm.productModels = list(map["product_models"]).map { $0.uppercased() }
        fm.errorCodes = list(map["error_codes"]).map { $0.uppercased() }
        fm.language = string(map["language"])?.lowercased()
        fm.sourceURL = string(map["source_url"])
        return (fm, body, end + 2)
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: s.isEmpty ? nil : s
        case let i as Int: String(i)
        case let d as Double: String(d)
        default: nil
        }
    }

    static func list(_ value: Any?) -> [String] {
        switch value {
        case let items as [Any]: items.compactMap { string($0) }
        case let s as String: s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case let i as Int: [String(i)]
        default: []
        }
    }
}
