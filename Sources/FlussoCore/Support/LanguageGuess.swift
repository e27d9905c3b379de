/// Guesses whether a short text is Italian or English from its function words — enough to tell
/// whether a query and a chunk can share words at all. Nil when the text gives no evidence
/// (codes, numbers, one-word queries) or the two counts tie.
public enum LanguageGuess {
    public static func guess(_ text: String) -> String? {
        var italian = 0, english = 0
        for word in text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "'") }) {
            // "dell'ugello" counts as "dell'".
            let w = word.split(separator: "'").first.map { word.contains("'") ? String($0) + "'" : String($0) } ?? ""
            if italianWords.contains(w) { italian += 1 }
            if englishWords.contains(w) { english += 1 }
        }
        if italian == english { return nil }
        return italian > english ? "it" : "en"
    }

    public static let italianWords: Set<String> = [
        "il", "lo", "la", "le", "gli", "di", "da", "del", "della", "dei", "delle", "dello", "che", "non", "per", "con", "un", "una",
        "uno", "ed", "sul", "sulla", "nel", "nella", "al", "alla", "ai", "mi", "si", "ho", "ha", "sono", "è", "più", "anche",
        "quando", "dopo", "ogni", "come", "perché", "ma", "se", "dell'", "all'", "l'", "un'", "nell'", "sull'", "c'è", "questo",
        "questa", "niente", "resta", "viene", "dove",
    ]
    public static let englishWords: Set<String> = [
        "the", "and", "or", "of", "to", "in", "on", "at", "is", "it", "its", "my", "not", "no", "after", "before", "when", "what",
        "how", "does", "do", "did", "has", "have", "with", "from", "this", "that", "there", "are", "was", "will", "won't",
        "doesn't", "can't", "every", "into", "than", "but", "if", "while", "keeps", "stopped", "stays", "too",
    ]
}
