import FlussoCore
import Foundation

/// What a section of a troubleshooting article is for, from its heading.
enum SectionRole: Equatable {
    case cause, check, fix, safety, other

    /// English and Italian heading words ("What it means", "Cosa controllare", "How to fix it", "Sicurezza").
    static func of(heading: String) -> SectionRole {
        let h = heading.lowercased()
        func has(_ words: [String]) -> Bool { words.contains { h.contains($0) } }
        if has(["safety", "warning", "danger", "sicurezza", "attenzione", "avvertenz", "pericolo"]) { return .safety }
        if has(["fix", "solution", "solve", "repair", "resolve", "remedy", "procedure", "risolv", "soluzion", "rimedio", "ripar", "procedura"]) {
            return .fix
        }
        if has(["check", "verify", "inspect", "diagnos", "controll", "verific", "ispezion"]) { return .check }
        if has(["mean", "cause", "why", "symptom", "significa", "causa", "perché", "sintom", "indica"]) { return .cause }
        return .other
    }
}

/// A sentence or list item of a chunk: the smallest piece the extractive generator quotes.
struct TextUnit {
    var text: String
    var role: SectionRole
    /// The heading it stands under (inside the chunk's text, else the chunk's section).
    var heading: String
    /// The nearest heading above it that starts with an error code ("L101: Flusso …"), which is
    /// how an article about several codes separates them; nil when there is none.
    var codeHeading: String?
    /// Position in its chunk.
    var position: Int
    var isListItem: Bool

    /// "Never …", "Do not …", "Non … mai": a warning wherever it stands.
    var isWarning: Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("never ") || lower.hasPrefix("do not ") || lower.hasPrefix("don't ") || lower.hasPrefix("warning")
            || lower.hasPrefix("caution") || lower.hasPrefix("mai ") || lower.hasPrefix("attenzione")
            || (lower.hasPrefix("non ") && lower.contains(" mai "))
    }

    /// Splits a chunk's text into list items and sentences, each with the role of the heading it
    /// stands under (headings inside the text first, else the chunk's own section).
    static func split(_ chunk: KnowledgeChunk) -> [TextUnit] {
        var units: [TextUnit] = []
        var heading = chunk.sectionPath.last ?? ""
        var role = SectionRole.of(heading: heading)
        var codeHeading = chunk.sectionPath.last(where: namesACode)
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            var text = paragraph.joined(separator: " ")
            var paragraphRole = role
            // "**Causa.** Il flussostato …": a label in bold gives the paragraph its role.
            if text.hasPrefix("**"), let close = text.dropFirst(2).range(of: "**") {
                let label = String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound])
                let labelled = SectionRole.of(heading: label)
                if labelled != .other { paragraphRole = labelled }
                text = String(text[close.upperBound...]).trimmed
            }
            for sentence in sentences(text.replacingOccurrences(of: "**", with: "")) {
                units.append(
                    TextUnit(
                        text: sentence, role: paragraphRole, heading: heading, codeHeading: codeHeading,
                        position: units.count, isListItem: false))
            }
            paragraph = []
        }
        var item: String?
        func flushItem() {
            if let text = item?.replacingOccurrences(of: "**", with: "").trimmed, !text.isEmpty {
                units.append(
                    TextUnit(
                        text: text, role: role, heading: heading, codeHeading: codeHeading, position: units.count,
                        isListItem: true))
            }
            item = nil
        }
        for rawLine in chunk.text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushItem()
                flush()
                continue
            }
            if line.hasPrefix("#") {
                flushItem()
                flush()
                heading = String(line.drop(while: { $0 == "#" })).trimmed
                role = SectionRole.of(heading: heading)
                if namesACode(heading) { codeHeading = heading }
                continue
            }
            if let rest = listItemBody(line) {
                flushItem()
                flush()
                item = rest
                continue
            }
            if item != nil {
                item! += " " + line  // a wrapped list item
            } else {
                paragraph.append(line)
            }
        }
        flushItem()
        flush()
        return units.filter {
            let lower = $0.text.lowercased()
            return $0.text.count >= 12 && !lower.hasPrefix("applies to") && !lower.hasPrefix("modelli:") && !lower.hasPrefix("models:")
        }
    }

    /// "L101: Flusso …", "E101 Hotend thermal runaway": a heading that starts with an error code
    /// (a short word of letters and digits with at least one digit).
    static func namesACode(_ heading: String) -> Bool {
        let first = heading.split(whereSeparator: { $0 == ":" || $0 == " " }).first.map(String.init) ?? ""
        let letterThenDigits =
            (3...8).contains(first.count) && first.first?.isLetter == true && first.contains(where: \.isNumber)
            && first.allSatisfy { $0.isLetter || $0.isNumber }
        return letterThenDigits || (first.count == 5 && first.allSatisfy(\.isNumber))
    }

    /// The text after `- `, `* `, `1. ` or `1) `; nil for other lines.
    static func listItemBody(_ line: String) -> String? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("• ") { return String(line.dropFirst(2)) }
        let digits = line.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return String(rest.dropFirst(2)) }
        return nil
    }

    /// Sentences of a paragraph: cut after `.`, `!` or `?` followed by a space and a capital or digit.
    static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            current.append(c)
            if ".!?".contains(c), i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isUppercase || chars[i + 2].isNumber {
                out.append(current.trimmed)
                current = ""
            }
        }
        if !current.trimmed.isEmpty { out.append(current.trimmed) }
        return out
    }
}

/// Content words for matching a ticket against sentences: lower-cased, function words of both
/// languages dropped, and cut to their first five letters, a light stemmer that lets "cooling"
/// meet "cooled" and "controllare" meet "controllo".
enum MatchTerms {
    static func of(_ text: String) -> Set<String> {
        var out = Set<String>()
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 2 {
            let w = String(word)
            if LanguageGuess.italianWords.contains(w) || LanguageGuess.englishWords.contains(w) { continue }
            out.insert(String(w.prefix(5)))
        }
        return out
    }
}
