import Foundation

/// Regular expressions that find error codes and product models in chunk text, so a chunk is
/// tagged even when its document's front matter does not list them.
///
/// Defaults: error codes are a capital letter plus three to five digits (`E101`, `L117`) or five
/// digits (`17105`); models are two or three capitals, a hyphen and one to four digits (`AP-200`).
/// Both are configurable (`kb.error_code_pattern`, `kb.model_pattern`); an empty pattern turns
/// the extraction off.
public struct MetadataPatterns: Sendable {
    public static let defaultErrorCodePattern = #"\b(?:[A-Z][0-9]{3,5}|[0-9]{5})\b"#
    public static let defaultModelPattern = #"\b[A-Z]{2,3}-[0-9]{1,4}\b"#

    private let errorCode: NSRegularExpression?
    private let model: NSRegularExpression?
    public let errorCodePattern: String
    public let modelPattern: String

    public init(errorCodePattern: String = defaultErrorCodePattern, modelPattern: String = defaultModelPattern) throws {
        self.errorCodePattern = errorCodePattern
        self.modelPattern = modelPattern
        errorCode = try Self.compile(errorCodePattern, key: "kb.error_code_pattern")
        model = try Self.compile(modelPattern, key: "kb.model_pattern")
    }

    private static func compile(_ pattern: String, key: String) throws -> NSRegularExpression? {
        guard !pattern.isEmpty else { return nil }
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            throw KnowledgeError("invalid_pattern", "\(key) is not a valid regular expression: \(pattern)")
        }
    }

    public func errorCodes(in text: String) -> [String] { matches(errorCode, text) }
    public func models(in text: String) -> [String] { matches(model, text) }

    private func matches(_ regex: NSRegularExpression?, _ text: String) -> [String] {
        guard let regex else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        var seen = Set<String>()
        var out: [String] = []
        for match in regex.matches(in: text, range: range) {
            guard let r = Range(match.range, in: text) else { continue }
            let value = text[r].uppercased()
            if seen.insert(value).inserted { out.append(value) }
        }
        return out
    }
}

/// Merges lists keeping the first occurrence's order, upper-cased.
func mergedTags(_ lists: [String]...) -> [String] {
    var seen = Set<String>()
    var out: [String] = []
    for list in lists {
        for value in list {
            let v = value.uppercased()
            if seen.insert(v).inserted { out.append(v) }
        }
    }
    return out
}
