import FlussoCore

/// Groundedness: for each step, how well the chunks it cites support it — shared content words
/// and word pairs (stemmed, Italian and English), numbers, units and error codes that must match
/// exactly, opposite polarity, and, with an embedder, the similarity of step and chunk. A score
/// per step and overall in [0, 1]; below the thresholds the weakest steps are named.
public struct GroundednessGuardrail: Guardrail {
    public let name = "groundedness"
    let settings: GuardrailSettings
    let scorer: GroundednessScorer
    let embedder: (any Embedder)?

    public init(
        settings: GuardrailSettings = GuardrailSettings(), model: GroundednessModel = GroundednessModel(),
        embedder: (any Embedder)? = nil
    ) {
        self.settings = settings
        scorer = GroundednessScorer(model: model)
        self.embedder = embedder
    }

    public func apply(to review: inout SolutionReview) async {
        let steps = Array(review.solution.steps.prefix(settings.maxSteps))
        guard !steps.isEmpty else { return }
        let language = review.solution.language
        var chunkProfiles: [String: ChunkAnalysis] = [:]
        for chunk in steps.flatMap({ review.validChunks(of: $0) }) where chunkProfiles[chunk.chunkID] == nil {
            chunkProfiles[chunk.chunkID] = review.analysis(of: chunk, defaultLanguage: language)
        }
        let similarities = await embeddingSimilarities(steps: steps, review: review, note: &review.checks)
        var results: [StepGrounding] = []
        for (index, step) in steps.enumerated() {
            let cited = review.validChunks(of: step).compactMap { chunkProfiles[$0.chunkID] }
            let profile = TermProfile(step.text, language: language)
            let clauses = GuardText.clauses(step.text).map { TermProfile($0, language: language, exact: false) }
            let features = scorer.features(step: profile, clauses: clauses, chunks: cited.map(\.whole), chunkSentences: cited.map(\.sentences))
            let similarity = cited.isEmpty ? nil : similarities?[index]
            let score = cited.isEmpty ? 0 : scorer.score(features, embeddingSimilarity: similarity, embeddingWeight: settings.embeddingWeight)
            results.append(
                StepGrounding(
                    order: step.order, score: GuardrailChain.rounded(score),
                    termSupport: GuardrailChain.rounded(features.termSupport),
                    phraseSupport: GuardrailChain.rounded(features.phraseSupport),
                    embeddingSimilarity: similarity.map { GuardrailChain.rounded($0) },
                    unmatchedExactTerms: features.unmatched.map(Self.readable), unsupportedWords: features.unsupportedWords,
                    polarityMismatch: features.polarityMismatch))
        }
        review.steps = results
        let overall = results.map(\.score).reduce(0, +) / Double(results.count)
        let weak = results.filter { $0.score < settings.stepThreshold }.sorted { $0.score < $1.score }
        if overall < settings.groundednessThreshold || !weak.isEmpty {
            let named = weak.prefix(3).map { grounding -> String in
                var why = "step \(grounding.order) (\(Self.format(grounding.score))"
                if !grounding.unmatchedExactTerms.isEmpty { why += ", not in its sources: " + grounding.unmatchedExactTerms.joined(separator: ", ") }
                if grounding.polarityMismatch { why += ", says the opposite of its source" }
                return why + ")"
            }
            let weakest = named.isEmpty ? "" : "; weakest: " + named.joined(separator: ", ")
            review.flag(
                name, "low_groundedness",
                "groundedness \(Self.format(overall)) (threshold \(Self.format(settings.groundednessThreshold)))\(weakest)",
                step: weak.first?.order)
        }
    }

    /// Cosine similarity of each step and its best cited chunk (nil entries: no valid citation);
    /// nil when there is no embedder or it failed (said in `checks`).
    private func embeddingSimilarities(steps: [SolutionStep], review: SolutionReview, note checks: inout [String]) async -> [Double?]? {
        guard let embedder, settings.embeddingWeight > 0 else { return nil }
        var texts = steps.map(\.text)
        var chunkIndex: [String: Int] = [:]
        for chunk in steps.flatMap({ review.validChunks(of: $0) }) where chunkIndex[chunk.chunkID] == nil {
            chunkIndex[chunk.chunkID] = texts.count
            texts.append(chunk.text)
        }
        do {
            let vectors = try await embedder.embed(texts, role: .passage)
            guard vectors.count == texts.count else {
                checks.append(
                    "groundedness: embedding similarity left out (\(embedder.modelID) returned \(vectors.count) vectors for \(texts.count) texts)")
                return nil
            }
            return steps.enumerated().map { index, step in
                review.validChunks(of: step).compactMap { chunkIndex[$0.chunkID] }
                    .map { Double(zip(vectors[index], vectors[$0]).reduce(Float(0)) { $0 + $1.0 * $1.1 }) }.max()
            }
        } catch {
            checks.append("groundedness: embedding similarity left out (\(embedder.modelID) failed: \(error))")
            return nil
        }
    }

    static func readable(_ term: String) -> String {
        for prefix in ["code:", "number:", "period:"] where term.hasPrefix(prefix) { return String(term.dropFirst(prefix.count)) }
        return term
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return String(rounded)
    }
}
