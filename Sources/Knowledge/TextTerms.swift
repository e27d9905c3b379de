import FlussoCore

/// Word-level helpers shared by chunking, term overlap and metadata extraction.
enum TextTerms {
    /// Tokens as the chunker counts them: runs of letters/digits, and each punctuation mark.
    /// It approximates a WordPiece count (within ~20 % on English prose) without a vocabulary.
    static func tokenCount(_ text: Substring) -> Int {
        var count = 0
        var inWord = false
        for ch in text {
            if ch.isLetter || ch.isNumber {
                if !inWord {
                    count += 1
                    inWord = true
                }
            } else {
                inWord = false
                if ch.isPunctuation || ch.isSymbol { count += 1 }
            }
        }
        return count
    }

    static func tokenCount(_ text: String) -> Int { tokenCount(Substring(text)) }

    /// Distinct lower-cased words of two or more characters, without common English and Italian
    /// function words.
    static func contentTerms(_ text: String) -> Set<String> {
        var out = Set<String>()
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 2 {
            let w = String(word)
            if !stopWords.contains(w) { out.insert(w) }
        }
        return out
    }

    /// A word as the re-ranker compares it: `LightStemmer`'s stem in the text's language
    /// (English when unknown); for English also without a plural "s" on four-letter words and
    /// without a final "e", which the stemmer leaves, so that "file" meets "files", "fan" "fans"
    /// and "replace" "replaced" and "replacing".
    static func stem(_ word: String, language: String?) -> String {
        let language = language == "it" ? "it" : "en"
        var stem = LightStemmer.stem(word, language: language)
        guard language == "en", stem.allSatisfy(\.isLetter) else { return stem }
        if stem.count == 4, stem.hasSuffix("s"), !stem.hasSuffix("ss"), !stem.hasSuffix("us"), !stem.hasSuffix("is") {
            stem.removeLast()
        }
        if stem.count >= 4, stem.hasSuffix("e") { stem.removeLast() }
        return stem
    }

    /// `contentTerms` reduced with `stem`.
    static func contentStems(_ text: String, language: String?) -> Set<String> {
        Set(contentTerms(text).map { stem($0, language: language) })
    }

    static let stopWords: Set<String> = [
        "the", "and", "or", "of", "to", "in", "on", "at", "is", "it", "its", "my", "me", "we", "our", "you", "your",
        "a", "an", "for", "with", "from", "by", "be", "are", "was", "were", "this", "that", "these", "there",
        "not", "no", "after", "before", "when", "what", "how", "why", "can", "does", "do", "did", "has", "have",
        "il", "lo", "la", "le", "gli", "di", "da", "del", "della", "dei", "delle", "che", "non", "per", "con",
        "un", "una", "uno", "ed", "sul", "sulla", "nel", "nella", "al", "alla", "mi", "si", "ho", "ha", "sono", "è",
        "am", "been", "being", "will", "would", "could", "should", "just", "so", "as", "if", "but", "about", "into", "up",
        "out", "any", "some", "all", "which", "who", "than", "then", "them", "they", "their", "he", "she", "his", "her",
        "im", "ive", "dont", "doesnt", "cant", "get", "got", "also", "very", "too", "here", "still", "now",
        "dello", "degli", "ai", "agli", "alle", "dal", "dalla", "nei", "sui", "questo", "questa", "come", "ma", "se",
        "anche", "più", "quando", "dopo", "ogni", "perché", "ci", "ne", "era", "sta", "stato", "essere",
    ]
}
