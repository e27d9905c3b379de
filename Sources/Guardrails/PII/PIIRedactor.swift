import FlussoCore
import Foundation

/// Replaces personal data with numbered placeholders (`[EMAIL_1]`, `[PHONE_2]`): the same value
/// (compared without spaces, dashes and case) gets the same placeholder in every text of one call.
public struct PIIRedactor: TextRedactor {
    let detector: PIIDetector

    public init(detector: PIIDetector = PIIDetector()) {
        self.detector = detector
    }

    /// The same value, for placeholders: e-mail and IP as written (lower case), the others
    /// without spaces and separators.
    static func key(_ match: PIIMatch) -> String {
        switch match.type {
        case "EMAIL", "IP": return match.type + ":" + match.value.lowercased()
        case "PHONE", "CARD": return match.type + ":" + match.value.filter(\.isNumber)
        default: return match.type + ":" + match.value.uppercased().filter { $0.isLetter || $0.isNumber }
        }
    }

    public func redact(_ texts: [String], keeping: [String]) -> (texts: [String], found: [(type: String, placeholder: String, text: Int)]) {
        var placeholders: [String: String] = [:]
        var counters: [String: Int] = [:]
        var found: [(type: String, placeholder: String, text: Int)] = []
        var out: [String] = []
        for (index, text) in texts.enumerated() {
            let matches = detector.find(in: text).filter { match in !keeping.contains { GuardText.contains($0, match.value) } }
            guard !matches.isEmpty else {
                out.append(text)
                continue
            }
            let ns = NSMutableString(string: text)
            var assigned: [String] = []
            for match in matches {  // numbered in reading order
                let key = Self.key(match)
                if placeholders[key] == nil {
                    counters[match.type, default: 0] += 1
                    placeholders[key] = "[\(match.type)_\(counters[match.type]!)]"
                }
                assigned.append(placeholders[key]!)
                found.append((match.type, placeholders[key]!, index))
            }
            for (match, placeholder) in zip(matches, assigned).reversed() { ns.replaceCharacters(in: match.range, with: placeholder) }
            out.append(ns as String)
        }
        return (out, found)
    }
}
