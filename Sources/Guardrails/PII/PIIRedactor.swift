import FlussoCore
import Foundation

/// Replaces personal data with numbered placeholders (`[EMAIL_1]`, `[PHONE_2]`): the same value
/// (compared without spaces, dashes and case) gets the same placeholder in every text of one call.
public struct PIIRedactor: TextRedactor {
    let detector: PIIDetector

    public init(detector: PIIDetector = PIIDetector()) {
        self.detector = detector
    }

    public func redact(_ texts: [String]) -> (texts: [String], found: [(type: String, placeholder: String, text: Int)]) {
        var placeholders: [String: String] = [:]
        var counters: [String: Int] = [:]
        var found: [(type: String, placeholder: String, text: Int)] = []
        var out: [String] = []
        for (index, text) in texts.enumerated() {
            let matches = detector.find(in: text)
            guard !matches.isEmpty else { out.append(text); continue }
            let ns = NSMutableString(string: text)
            var assigned: [String] = []
            for match in matches {  // numbered in reading order
                let key = match.type + ":" + match.value.lowercased().filter { !" -.()/".contains($0) }
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
