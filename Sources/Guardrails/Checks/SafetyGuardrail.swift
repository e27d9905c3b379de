import FlussoCore

/// Safety: each sentence of each step (and of the probable cause) against the configured rules;
/// each hit is a finding naming the step and the rule. A step that goes against a safety note of
/// its own cited chunk (the note says never, or to switch off first; the step says otherwise)
/// is flagged as `contradicts-chunk-safety-note`. Every finding sends the ticket to review.
public struct SafetyGuardrail: Guardrail {
    public let name = "safety"
    let rules: SafetyRuleSet?
    let unavailable: String?

    public init(rules: SafetyRuleSet) {
        self.rules = rules
        unavailable = nil
    }

    /// A safety check without rules: it reports that it could not run, so the ticket is reviewed.
    public init(unavailable reason: String) {
        rules = nil
        unavailable = reason
    }

    /// Indices in `Lexicon.opposites` of off/on and cold/hot.
    static let powerPair = 1
    static let heatPair = 4

    static let noteMarkers: Set<String> = [
        "warning", "caution", "danger", "dangerous", "never", "always", "hazard", "risk",
        "attenzione", "avvertenza", "pericolo", "pericoloso", "mai", "sempre", "rischio",
    ]

    public func apply(to review: inout SolutionReview) async {
        guard let rules else {
            review.flag(name, "safety_rules_unavailable", "the safety check could not run: \(unavailable ?? "no rules")")
            review.checks.append("safety (not run: \(unavailable ?? "no rules"))")
            return
        }
        var texts: [(step: Int?, text: String)] = [(nil, review.solution.probableCause)]
        texts += review.solution.steps.map { ($0.order, $0.text) }
        // Only rules whose first pattern occurs somewhere are tried sentence by sentence.
        let candidates = rules.rules.filter { $0.mayMatch(GuardText.fold(texts.map(\.text).joined(separator: "\n"))) }
        if !candidates.isEmpty {
            for (step, text) in texts {
                for folded in GuardText.sentences(GuardText.fold(text)) {
                    for rule in candidates {
                        guard let excerpt = rule.match(folded) else { continue }
                        record(SafetyFinding(step: step, rule: rule.id, message: rule.message, excerpt: excerpt), in: &review)
                    }
                }
            }
        }
        for step in review.solution.steps {
            if let note = contradictedNote(step: step, review: &review) {
                record(
                    SafetyFinding(
                        step: step.order, rule: "contradicts-chunk-safety-note",
                        message: "goes against a safety note of its source", excerpt: note), in: &review)
            }
        }
    }

    private func record(_ finding: SafetyFinding, in review: inout SolutionReview) {
        guard !review.safety.contains(where: { $0.step == finding.step && $0.rule == finding.rule }) else { return }
        review.safety.append(finding)
        let place = finding.step.map { "step \($0)" } ?? "the probable cause"
        review.flag(name, "unsafe_instruction", "\(place) \(finding.message) (rule \(finding.rule): \"\(finding.excerpt)\")", step: finding.step)
    }

    /// A safety note of the step's cited chunks that the step shares its subject with but takes
    /// the other side of (negation, or opposite words such as off/on, before/after, cold/hot).
    private func contradictedNote(step: SolutionStep, review: inout SolutionReview) -> String? {
        let language = review.solution.language
        let stepProfile = TermProfile(step.text, language: language, exact: false)
        let clauses = GuardText.clauses(step.text).map { TermProfile($0, language: language, exact: false) }.filter { $0.stemSet.count >= 2 }
        for chunk in review.validChunks(of: step) {
            let analysis = review.analysis(of: chunk, defaultLanguage: language)
            for (index, (sentence, note)) in zip(analysis.sentenceTexts, analysis.sentences).enumerated() where !note.stemSet.isEmpty {
                let sides = note.oppositeSides
                let warning = !Self.noteMarkers.isDisjoint(with: note.words) || (note.negated && !sides.isEmpty)
                let state = [Self.powerPair, Self.heatPair].filter { sides[$0] != nil }
                guard warning || !state.isEmpty else { continue }
                let shared = note.stemSet.intersection(stepProfile.stemSet).count
                guard shared >= 2, Double(shared) >= 0.4 * Double(note.stemSet.count) else { continue }
                // Clause against clause: a warning is contradicted by a step clause on the same
                // subject (its best-matching clause of the note) that drops the negation or takes
                // the other side of a pair; a power or heat state ("with the printer off", "let it
                // cool") only by one that takes the other side of that pair.
                let noteClauses = review.clauses(of: chunk, sentence: index, text: sentence, defaultLanguage: language)
                for clause in clauses {
                    var best: TermProfile?
                    var bestShared = 1
                    for candidate in noteClauses {
                        let shared = candidate.stemSet.intersection(clause.stemSet).count
                        if shared > bestShared {
                            best = candidate
                            bestShared = shared
                        }
                    }
                    guard let best else { continue }
                    let clauseSides = clause.oppositeSides
                    let bestSides = best.oppositeSides
                    let flipsState = state.contains { pair in
                        guard let mine = clauseSides[pair], let theirs = bestSides[pair] ?? sides[pair] else { return false }
                        return mine != theirs
                    }
                    if flipsState || (warning && clause.contradicts(best)) { return sentence }
                }
            }
        }
        return nil
    }
}
