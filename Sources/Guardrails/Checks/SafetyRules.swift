import Foundation
import Yams

/// One safety rule: a sentence matches when every `allOf` pattern matches and no `unless` one
/// does; a negated sentence (a warning, not an instruction) is skipped when `negationExempts`.
public struct SafetyRule: Sendable {
    public let id: String
    public let message: String
    let allOf: [NSRegularExpression]
    let unless: [NSRegularExpression]
    let negationExempts: Bool

    /// Whether the rule's first pattern matches anywhere in `folded` (a cheap pass over all the
    /// solution's text before sentences are tried one by one).
    func mayMatch(_ folded: String) -> Bool {
        allOf[0].firstMatch(in: folded, range: NSRange(folded.startIndex..., in: folded)) != nil
    }

    /// The first words that matched, when the sentence (folded: lower case, no accents) matches.
    /// A negation exempts the sentence only when it stands in the same clause within four words
    /// before the rule's first match ("never bridge an interlock", "non ponticellare"), not
    /// anywhere ("bridge the switch, no need to wait" is flagged).
    func match(_ folded: String) -> String? {
        let range = NSRange(folded.startIndex..., in: folded)
        var excerpt: String?
        for (index, pattern) in allOf.enumerated() {
            guard let found = pattern.firstMatch(in: folded, range: range), let r = Range(found.range, in: folded) else { return nil }
            if index == 0 {
                excerpt = String(folded[r])
                if negationExempts, Self.negatedBefore(folded[..<r.lowerBound]) { return nil }
            }
        }
        if unless.contains(where: { $0.firstMatch(in: folded, range: range) != nil }) { return nil }
        return excerpt
    }

    static func negatedBefore(_ prefix: Substring) -> Bool {
        let clause = prefix.split(omittingEmptySubsequences: false, whereSeparator: { ",;:".contains($0) }).last ?? ""
        let words = GuardText.words(String(clause)).suffix(4)
        return GuardText.contains(String(clause), "n't") || words.contains { Lexicon.negations.contains($0) }
    }
}

/// The safety rules file (`rules/safety-rules.yaml`): see the file's header for its format.
public struct SafetyRuleSet: Sendable {
    public let rules: [SafetyRule]
    public let source: String

    /// Reads and compiles a rules file; a bad file is an error naming the rule and the pattern.
    public static func load(path: String) throws -> SafetyRuleSet {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw GuardrailError("safety rules file \(path) cannot be read")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ yaml: String, source: String) throws -> SafetyRuleSet {
        let root: Any?
        do { root = try Yams.load(yaml: yaml) } catch { throw GuardrailError("\(source): not valid YAML (\(error))") }
        guard let top = root as? [String: Any], let entries = top["rules"] as? [[String: Any]], !entries.isEmpty else {
            throw GuardrailError("\(source): expected a non-empty list under `rules:`")
        }
        var seen = Set<String>()
        let rules = try entries.enumerated().map { index, entry -> SafetyRule in
            guard let id = entry["id"] as? String, !id.isEmpty else { throw GuardrailError("\(source): rule \(index + 1) has no id") }
            guard seen.insert(id).inserted else { throw GuardrailError("\(source): rule id \(id) appears twice") }
            guard let message = entry["message"] as? String else { throw GuardrailError("\(source): rule \(id) has no message") }
            let allOf = try compile(entry["all_of"], rule: id, field: "all_of", source: source)
            guard !allOf.isEmpty else { throw GuardrailError("\(source): rule \(id) needs at least one all_of pattern") }
            let unless = try compile(entry["unless"] ?? [String](), rule: id, field: "unless", source: source)
            let exempts = entry["negation_exempts"] as? Bool ?? true
            return SafetyRule(id: id, message: message, allOf: allOf, unless: unless, negationExempts: exempts)
        }
        return SafetyRuleSet(rules: rules, source: source)
    }

    private static func compile(_ value: Any?, rule: String, field: String, source: String) throws -> [NSRegularExpression] {
        guard let patterns = value as? [String] else { throw GuardrailError("\(source): rule \(rule): \(field) must be a list of patterns") }
        return try patterns.map { pattern in
            do { return try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) } catch {
                throw GuardrailError("\(source): rule \(rule): \(field) pattern '\(pattern)' is not a valid regular expression")
            }
        }
    }
}

/// A guardrail that cannot be set up (bad rules file, unknown check name).
public struct GuardrailError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
