/// How one step's score is made from its features (see docs/guardrails.md). The constants were
/// chosen on the `dev` split of `eval/guardrails/groundedness.jsonl`; the `test` split reports.
public struct GroundednessModel: Sendable, Equatable {
    /// Lexical part: weight of term support (the rest is phrase support).
    public var termWeight = 0.75
    /// A lexical value at or above this counts as full support.
    public var lexicalFull = 0.86
    /// Multiplier per exact term (number, unit, code, period) the chunks lack; at most two apply.
    public var exactPenalty = 0.55
    /// Multiplier when a clause's best sentence says the opposite. 1 (off) by measurement: on
    /// the dev split any lower value flagged more supported paraphrases than it caught
    /// contradictions (those score low on shared words anyway); the flag is still reported.
    public var polarityPenalty = 1.0
    /// Cosine similarities mapped to [0, 1] between these two values.
    public var embeddingFloor = 0.35
    public var embeddingFull = 0.8

    public init() {}
}

/// Scores one step against the chunks it cites.
struct GroundednessScorer: Sendable {
    let model: GroundednessModel

    struct Features {
        var termSupport: Double
        var phraseSupport: Double
        var unmatched: [String]
        var unsupportedWords: [String] = []
        var polarityMismatch: Bool
    }

    /// `clauses`: the step's sentences and clauses, each compared with the chunk sentence it
    /// shares most words with for polarity.
    func features(step: TermProfile, clauses: [TermProfile], chunks: [TermProfile], chunkSentences: [[TermProfile]]) -> Features {
        guard !chunks.isEmpty, !step.stems.isEmpty else {
            return Features(termSupport: 0, phraseSupport: 0, unmatched: [], polarityMismatch: false)
        }
        let chunkStems = chunks.reduce(into: Set<String>()) { $0.formUnion($1.stemSet) }
        let chunkPairs = chunks.reduce(into: Set<String>()) { $0.formUnion($1.pairs) }
        let distinct = Array(Set(step.stems))
        let missing = distinct.filter { !Self.matches($0, in: chunkStems) }
        let termSupport = Double(distinct.count - missing.count) / Double(distinct.count)
        let phraseSupport: Double
        if step.pairs.isEmpty {
            phraseSupport = termSupport
        } else {
            phraseSupport = Double(step.pairs.filter { chunkPairs.contains($0) }.count) / Double(step.pairs.count)
        }
        var unmatched = ExactTerms.unmatched(step: step, chunks: chunks)
        unmatched += misplacedCodes(step: step, chunks: chunks, chunkSentences: chunkSentences).filter { !unmatched.contains($0) }
        var polarity = false
        let sentences = Array(chunkSentences.joined())
        for clause in clauses where clause.stemSet.count >= 2 {
            // The chunk sentence sharing most content stems with this clause (at least two).
            var best: TermProfile?
            var bestShared = 1
            for sentence in sentences {
                let shared = sentence.stemSet.intersection(clause.stemSet).count
                if shared > bestShared {
                    best = sentence
                    bestShared = shared
                }
            }
            if let best, clause.contradicts(best) {
                polarity = true
                break
            }
        }
        return Features(
            termSupport: termSupport, phraseSupport: phraseSupport, unmatched: unmatched,
            unsupportedWords: step.stems.filter { missing.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            polarityMismatch: polarity)
    }

    func score(_ features: Features, embeddingSimilarity: Double?, embeddingWeight: Double) -> Double {
        let lexical = model.termWeight * features.termSupport + (1 - model.termWeight) * features.phraseSupport
        var score = min(1, lexical / model.lexicalFull)
        if let similarity = embeddingSimilarity, similarity.isFinite, embeddingWeight > 0 {
            let mapped = max(0, min(1, (similarity - model.embeddingFloor) / (model.embeddingFull - model.embeddingFloor)))
            score = (1 - embeddingWeight) * score + embeddingWeight * mapped
        }
        for _ in features.unmatched.prefix(2) { score *= model.exactPenalty }
        if features.polarityMismatch { score *= model.polarityPenalty }
        return max(0, min(1, score))
    }

    /// Error codes of the step that its chunks hold, but only next to other things: a code counts
    /// where the chunk has only that code, in the chunk's first line (its heading), or in one of
    /// the two sentences sharing most words with the step. (A chunk listing E108 for one fan and
    /// E109 for another does not support "the hotend fan raises E109".)
    func misplacedCodes(step: TermProfile, chunks: [TermProfile], chunkSentences: [[TermProfile]]) -> [String] {
        let codes = step.exactTerms.filter { $0.hasPrefix("code:") }
        guard !codes.isEmpty else { return [] }
        var misplaced: [String] = []
        for code in codes.sorted() {
            var supported = false
            let value = String(code.dropFirst(5))
            for (chunk, sentences) in zip(chunks, chunkSentences) where chunk.exactTerms.contains(code) {
                let chunkCodes = chunk.exactTerms.filter { $0.hasPrefix("code:") }
                if chunkCodes.count == 1 || sentences.first.map({ GuardText.contains($0.folded, value) }) == true {
                    supported = true
                    break
                }
                let ranked = sentences.sorted { $0.stemSet.intersection(step.stemSet).count > $1.stemSet.intersection(step.stemSet).count }
                if ranked.prefix(2).contains(where: { GuardText.contains($0.folded, value) }) {
                    supported = true
                    break
                }
            }
            if !supported, chunks.contains(where: { $0.exactTerms.contains(code) }) { misplaced.append(code) }
        }
        return misplaced
    }

    /// Exact stem, or a shared prefix of at least five letters covering 80 % of the shorter word
    /// (`lubrication` and `lubricat`).
    static func matches(_ stem: String, in set: Set<String>) -> Bool {
        if set.contains(stem) { return true }
        let a = stem.utf8
        guard a.count >= 5 else { return false }
        for other in set {
            let b = other.utf8
            guard b.count >= 5 else { continue }
            var common = 0
            for (x, y) in zip(a, b) {
                guard x == y else { break }
                common += 1
            }
            if common >= 5, Double(common) >= 0.8 * Double(min(a.count, b.count)) { return true }
        }
        return false
    }
}
