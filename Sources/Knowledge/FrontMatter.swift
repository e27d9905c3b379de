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
        return (fields(map), body, end + 2)
    }

    /// The keys a front matter or a sidecar may set.
    static let keys: Set<String> = ["title", "product_types", "product_models", "error_codes", "language", "source_url"]

    /// A PDF manual's sidecar (`manual.yaml` beside `manual.pdf`): the front matter's keys, as a
    /// YAML mapping; an unknown key or a value of the wrong kind is refused, naming it.
    static func sidecar(_ yaml: String) throws -> FrontMatter {
        let parsed: Any?
        do {
            parsed = try Yams.load(yaml: yaml)
        } catch {
            throw KnowledgeError("invalid_sidecar", "not valid YAML: \(error)")
        }
        guard let parsed else { return FrontMatter() }
        guard let map = parsed as? [String: Any] else { throw KnowledgeError("invalid_sidecar", "must be a mapping of keys to values") }
        let unknown = Set(map.keys).subtracting(keys).sorted()
        guard unknown.isEmpty else {
            throw KnowledgeError(
                "invalid_sidecar", "unknown key(s) \(unknown.joined(separator: ", ")); allowed: \(keys.sorted().joined(separator: ", "))")
        }
        for key in ["title", "language", "source_url"] where map[key] != nil && string(map[key]) == nil {
            throw KnowledgeError("invalid_sidecar", "\(key) must be a text")
        }
        for key in ["product_types", "product_models", "error_codes"]
        where map[key] != nil && !(map[key] is [Any] || map[key] is String || map[key] is Int) {
            throw KnowledgeError("invalid_sidecar", "\(key) must be a list or a comma-separated text")
        }
        return fields(map)
    }

    /// The keys a front matter and a sidecar share, read from their parsed YAML mapping.
    static func fields(_ map: [String: Any]) -> FrontMatter {
        var fm = FrontMatter()
        fm.title = string(map["title"])
        fm.productTypes = list(map["product_types"])
        fm.productModels = list(map["product_models"]).map { $0.uppercased() }
        fm.errorCodes = list(map["error_codes"]).map { $0.uppercased() }
        fm.language = string(map["language"])?.lowercased()
        fm.sourceURL = string(map["source_url"])
        return fm
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
