/// A light stemmer for English and Italian: strips the common inflectional and a few derivational
/// suffixes so `cleaning`/`cleaned`/`cleans` and `pulire`/`pulisci`/`pulito` meet. It is applied
/// the same way to a step and to its chunk, so it only has to be consistent, not linguistic.
/// Used by the guardrails (groundedness, relevance) and by the re-ranker's word overlap.
public enum LightStemmer {
    /// Suffixes tried longest first; a word keeps at least `minimumStem` letters.
    private static let englishSuffixes = [
        "ations", "ation", "ments", "ment", "ingly", "ing", "edly", "ies", "ied", "ers", "ed", "es", "ly", "er", "s",
    ]
    private static let italianSuffixes = [
        "iscilo", "iscila", "iscili", "iscile", "amente", "azioni", "azione", "mente", "iscono", "iscano", "isca", "isci", "isce",
        "ando", "endo", "ano", "ono", "ino",
        "are", "ere", "ire", "ata", "ate", "ati", "ato", "uta", "ute", "uti", "uto", "ita", "ite", "iti", "ito",
        "a", "e", "i", "o",
    ]
    private static let minimumStem = 3

    public static func stem(_ word: String, language: String) -> String {
        guard word.count > minimumStem + 1, word.first?.isLetter == true else { return word }
        let suffixes = language == "it" ? italianSuffixes : englishSuffixes
        for suffix in suffixes where word.hasSuffix(suffix) && word.count - suffix.count >= minimumStem {
            var stem = String(word.dropLast(suffix.count))
            if language != "it", suffix == "ies" || suffix == "ied" { stem += "y" }
            if language != "it", let last = stem.last, stem.count > 3, stem.dropLast().last == last, "bdgmnprt".contains(last) {
                stem.removeLast()  // stopped → stopp → stop
            }
            return stem
        }
        return word
    }
}
