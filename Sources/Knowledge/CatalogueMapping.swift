import Foundation
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// How to read an error-code catalogue (YAML, JSON or CSV) without code specific to its
/// publisher: which files it applies to, where the list of entries is, and which field of an
/// entry holds what. Each entry becomes one chunk.
///
/// ```yaml
/// kb:
///   catalogues:
///     - name: prusa-buddy
///       files: "*-error-codes.yaml"   # glob on the file name
///       list: Errors                  # key path to the list of entries ("" = the top level)
///       fields: { code: code, title: title, text: text, models: printers, id: id }
///       extra_text: [action]          # more fields appended to the chunk text
///       product_types: [3d-printer]   # constant metadata for every entry
///       language: en
/// ```
/// Required fields: `code`, `title` and `text` must be mapped; `models` and `id` are optional.
/// In CSV files a list field holds values separated by `;` or `|`.
public struct CatalogueMapping: Sendable, Equatable, Codable {
    public struct Fields: Sendable, Equatable, Codable {
        public var code: String
        public var title: String
        public var text: String
        public var models: String?
        public var id: String?

        public init(code: String, title: String, text: String, models: String? = nil, id: String? = nil) {
            self.code = code
            self.title = title
            self.text = text
            self.models = models
            self.id = id
        }
    }

    public var name: String
    public var files: String
    public var list: String
    public var fields: Fields
    public var extraText: [String]
    public var productTypes: [String]
    public var language: String?

    public init(
        name: String, files: String, list: String = "", fields: Fields, extraText: [String] = [],
        productTypes: [String] = [], language: String? = nil
    ) {
        self.name = name
        self.files = files
        self.list = list
        self.fields = fields
        self.extraText = extraText
        self.productTypes = productTypes
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case name, files, list, fields
        case extraText = "extra_text"
        case productTypes = "product_types"
        case language
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        files = try c.decode(String.self, forKey: .files)
        list = try c.decodeIfPresent(String.self, forKey: .list) ?? ""
        fields = try c.decode(Fields.self, forKey: .fields)
        extraText = try c.decodeIfPresent([String].self, forKey: .extraText) ?? []
        productTypes = try c.decodeIfPresent([String].self, forKey: .productTypes) ?? []
        language = try c.decodeIfPresent(String.self, forKey: .language)
    }

    /// Reads a list of mappings from a YAML (or JSON) file: either a list, or `{catalogues: [...]}`.
    public static func load(from path: String) throws -> [CatalogueMapping] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KnowledgeError("unreadable_file", "cannot read the catalogue mapping file \(path)")
        }
        do {
            if let list = try? YAMLDecoder().decode([CatalogueMapping].self, from: text) { return list }
            struct Wrapper: Decodable { var catalogues: [CatalogueMapping] }
            return try YAMLDecoder().decode(Wrapper.self, from: text).catalogues
        } catch {
            throw KnowledgeError("invalid_mapping", "\(path) is not a list of catalogue mappings: \(error)")
        }
    }

    /// Whether this mapping applies to a file name (glob with `*` and `?`).
    public func applies(toFileName name: String) -> Bool {
        fnmatch(files, name, 0) == 0
    }
}
