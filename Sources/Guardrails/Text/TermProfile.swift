import FlussoCore
import Foundation

/// What the checks compare in one text: its content stems (function words out, synonyms mapped,
/// stemmed), their adjacent pairs, and its exact terms (numbers with units, error codes, period
/// words), which a supported step must repeat exactly.
struct TermProfile: Sendable {
    /// Raw folded words, in order (for negations and opposites).
    let words: [String]
    /// Content stems in order.
    let stems: [String]
    let stemSet: Set<String>
    /// Adjacent content-stem pairs, as `a b`.
    let pairs: Set<String>
    /// Normalised exact terms: `215°c`, `0.2mm`, `#e404`→`e404`, `10101`, `period:week`.
    let exactTerms: Set<String>
    /// Bare numbers of the text (a step's number without a unit may match one with a unit).
    let numbers: Set<String>
    let negated: Bool
    /// The text folded (lower case, no accents).
    let folded: String

    /// `exact: false` skips the exact terms (numbers, codes), for texts only compared by words.
    init(_ text: String, language: String, exact: Bool = true) {
        self.init(folded: GuardText.fold(text), language: language, exact: exact)
    }

    /// A whole text's profile from its sentences' (words and stems joined, exact terms read from
    /// the whole folded text): the same as profiling the text, without reading it twice.
    init(combining parts: [TermProfile], folded: String) {
        self.folded = folded
        words = parts.flatMap(\.words)
        stems = parts.flatMap(\.stems)
        stemSet = Set(stems)
        var pairs = Set<String>()
        if stems.count > 1 {
            for index in 0..<(stems.count - 1) { pairs.insert(stems[index] + " " + stems[index + 1]) }
        }
        self.pairs = pairs
        let exact = ExactTerms.extract(folded: folded, words: words)
        exactTerms = exact.terms
        numbers = exact.numbers
        negated = parts.contains(where: \.negated)
    }

    init(folded: String, language: String, exact: Bool = true) {
        self.folded = folded
        let words = GuardText.words(folded)
        self.words = words
        var stems: [String] = []
        for (index, word) in words.enumerated() where !Lexicon.stopWords.contains(word) && !Lexicon.negations.contains(word) {
            if word.count == 1, word.first?.isLetter == true { continue }
            if Lexicon.switchVerbs.contains(word) {
                // `switch off`, `power the machine off`: the act is carried by on/off (see opposites).
                let ahead = words[(index + 1)..<min(words.count, index + 4)]
                if word != "turn" || ahead.contains(where: { Lexicon.switchParticles.contains($0) }) { continue }
            }
            let mapped = word == "turn" ? "rotate" : (Lexicon.synonyms[word] ?? Lexicon.numberWords[word] ?? word)
            stems.append(Lexicon.canonicalStem(LightStemmer.stem(mapped, language: language), language: language))
        }
        self.stems = stems
        stemSet = Set(stems)
        var pairs = Set<String>()
        if stems.count > 1 {
            for index in 0..<(stems.count - 1) { pairs.insert(stems[index] + " " + stems[index + 1]) }
        }
        self.pairs = pairs
        let exact = exact ? ExactTerms.extract(folded: folded, words: words) : (terms: Set<String>(), numbers: Set<String>())
        exactTerms = exact.terms
        numbers = exact.numbers
        negated = words.contains { Lexicon.negations.contains($0) } || GuardText.contains(folded, "n't")
    }

    /// Which side of each pair of opposites the text takes (index of the pair → 0 or 1), for
    /// pairs where it takes exactly one side.
    var oppositeSides: [Int: Int] {
        var sides: [Int: Int] = [:]
        let set = Set(words)
        for (index, pair) in Lexicon.opposites.enumerated() {
            let first = !pair.0.isDisjoint(with: set)
            let second = !pair.1.isDisjoint(with: set)
            if first != second { sides[index] = first ? 0 : 1 }
        }
        return sides
    }

    /// True when `other` takes the opposite side of a pair this text takes, or only one of them
    /// is negated.
    func contradicts(_ other: TermProfile) -> Bool {
        if negated != other.negated { return true }
        let mine = oppositeSides
        let theirs = other.oppositeSides
        return mine.contains { pair, side in theirs[pair].map { $0 != side } ?? false }
    }
}

/// Numbers with their units, error codes and period words, normalised so that `215 °C`,
/// `215°C` and `215 ° c` are one term and `0,2 mm` equals `0.2 mm`.
enum ExactTerms {
    // A number (optionally with a decimal part) and an optional unit right after it.
    private static let numberPattern = try! NSRegularExpression(
        pattern:
            #"(?<![a-z0-9.,])(\d+(?:[.,]\d+)?)(?:\s?(°\s?[cf]|°|mm/min|mm/s|l/min|mm|cm|µm|um|nm|kw|kv|mv|ma|khz|hz|mpa|ms|min|rpm|bar|psi|kg|ml|%|[wvsh])(?![a-z]))?"#
    )
    // Error codes: a letter and 3–5 digits (E404, C108), or `#` and digits (#10101).
    private static let codePattern = try! NSRegularExpression(pattern: #"(?<![a-z0-9])(?:[a-z]\d{3,5}|#\d{3,6})(?![a-z0-9])"#)

    static func extract(folded: String, words: [String]) -> (terms: Set<String>, numbers: Set<String>) {
        var terms = Set<String>()
        var numbers = Set<String>()
        let range = NSRange(folded.startIndex..., in: folded)
        var codeRanges: [NSRange] = []
        for match in codePattern.matches(in: folded, range: range) {
            guard let r = Range(match.range, in: folded) else { continue }
            codeRanges.append(match.range)
            terms.insert("code:" + folded[r].replacingOccurrences(of: "#", with: ""))
        }
        for match in numberPattern.matches(in: folded, range: range) {
            if codeRanges.contains(where: { NSIntersectionRange($0, match.range).length > 0 }) { continue }
            guard let numberRange = Range(match.range(at: 1), in: folded) else { continue }
            let number = folded[numberRange].replacingOccurrences(of: ",", with: ".")
            numbers.insert(number)
            if let unitRange = Range(match.range(at: 2), in: folded) {
                let unit = folded[unitRange].replacingOccurrences(of: " ", with: "")
                terms.insert(number + unit)
            } else if number.count >= 5 {
                terms.insert("code:" + number)  // a bare five-digit number is an error code (#10101 written plain)
            } else {
                terms.insert("number:" + number)
            }
        }
        for word in words {
            if let digits = Lexicon.numberWords[word] {
                numbers.insert(digits)
                terms.insert("number:" + digits)
            }
            if let period = Lexicon.periodWords[word] { terms.insert("period:" + period) }
        }
        return (terms, numbers)
    }

    /// The step's exact terms its chunks do not have. A number without a unit is satisfied by the
    /// same number with any unit; a number with a unit needs the same unit (or the chunk's bare number).
    static func unmatched(step: TermProfile, chunks: [TermProfile]) -> [String] {
        let chunkTerms = chunks.reduce(into: Set<String>()) { $0.formUnion($1.exactTerms) }
        let chunkNumbers = chunks.reduce(into: Set<String>()) { $0.formUnion($1.numbers) }
        var missing: [String] = []
        for term in step.exactTerms.sorted() where !chunkTerms.contains(term) {
            if term.hasPrefix("number:"), chunkNumbers.contains(String(term.dropFirst(7))) { continue }
            if !term.hasPrefix("code:"), !term.hasPrefix("period:"), !term.hasPrefix("number:"),
                let number = term.split(whereSeparator: { !($0.isNumber || $0 == ".") }).first,
                chunkTerms.contains("number:" + number)
            {
                continue
            }
            missing.append(term)
        }
        return missing
    }
}
