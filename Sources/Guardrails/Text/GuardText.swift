import Foundation

/// Text helpers shared by the checks: folding (lower case, no accents), words, sentences.
enum GuardText {
    /// Lower case without diacritics (`Pulire l'UGELLO` → `pulire l'ugello`), so Italian and
    /// English compare on letters alone.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).replacingOccurrences(of: "\u{2019}", with: "'")
    }

    /// Runs of letters or digits of folded text; an apostrophe splits (`l'ugello` → `l`, `ugello`).
    static func words(_ folded: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// Sentences and list items: split at `.`, `!`, `?`, `;` followed by a space and at line
    /// breaks; a decimal point (`0.2 mm`) does not split.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if character == "\n" {
                flush(&current, into: &out)
                continue
            }
            current.append(character)
            if ".!?;".contains(character) {
                let next = index + 1 < characters.count ? characters[index + 1] : " "
                if next == " " || next == "\n" { flush(&current, into: &out) }
            }
        }
        flush(&current, into: &out)
        return out
    }

    private static func flush(_ current: inout String, into out: inout [String]) {
        let trimmed = current.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(where: { $0.isLetter || $0.isNumber }) { out.append(trimmed) }
        current = ""
    }

    /// Sentences further cut at commas and colons (for polarity: "switch it off, then … on").
    static func clauses(_ text: String) -> [String] {
        sentences(text).flatMap { sentence in
            sentence.split(whereSeparator: { $0 == "," || $0 == ":" }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.contains(where: { $0.isLetter }) }
        }
    }

    /// Whitespace collapsed to single spaces and folded, for tolerant containment tests.
    static func squeezed(_ text: String) -> String {
        fold(text).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
