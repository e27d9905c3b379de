import FlussoCore
import Foundation

/// The last link of the chain, which always works offline: it answers from the retrieved chunks'
/// own sentences and list items, each step quoting and citing its chunk. Nothing is written that a
/// chunk does not say.
///
/// Two shapes of knowledge are read differently:
/// - An error-code article ("What it means / What to check / How to fix", "Causa / Soluzione"):
///   the one section that best matches the ticket is chosen (a chunk, or in an article about
///   several codes the part under one code's heading), scored by the words it shares with the
///   ticket, the ticket's error code in its heading or tags, the ticket's language and its rank.
///   A sentence under "What it means" gives the cause, "What to check" items the checks, "How to
///   fix it" items the fix, in the document's order.
/// - Anything else — a manual's procedures and explanations — is answered by `PassageSelection`:
///   sentences chosen across all the retrieved chunks by the ticket's terms, proximity, and rank,
///   with redundancy removed (MMR), to a length that fits the request's kind
///   (`RequestKindClassifier`). A how-to or specification answer is its steps alone (the
///   procedure in order, or the sentence that holds the value): its `probable_cause` is empty, as
///   there is no fault to explain; a troubleshooting answer leads with the sentence that explains.
///
/// Warnings ("Never …", "Non … mai") about the ticket become safety flags, and a warning that
/// belongs to a chosen step is a step of its own where it applies. When no chunk shares a word or
/// the error code with the ticket, or a specification's best sentence is about something else
/// (`PassageSelection`), the answer says there is no documented fix. A troubleshooting answer
/// of a single sentence has it as its step and no cause.
public struct ExtractiveGenerator: Sendable {
    public static let generatorID = "extractive"
    public static let modelID = "flusso-extractive-1"
    public var settings: ExtractiveSettings

    public init(settings: ExtractiveSettings = ExtractiveSettings()) {
        self.settings = settings
    }

    struct Candidate {
        var unit: TextUnit
        var chunk: RetrievedChunk
        var terms: Set<String>
        var score: Double
    }

    public func generate(for ticket: Ticket, chunks: [RetrievedChunk], at time: Date) -> Solution {
        let language = TicketLanguage.of(ticket)
        let code = ticket.errorCode?.uppercased()
        let query = MatchTerms.of([ticket.symptomText, ticket.errorCode ?? "", ticket.asset?.model ?? ""].joined(separator: " "))
        var sections: [String: [Candidate]] = [:]
        var sectionOrder: [String] = []
        var all: [Candidate] = []
        let units = PassageSelection.units(of: chunks.filter { !$0.chunk.text.trimmed.isEmpty })
        for passageUnit in units {
            let unit = passageUnit.unit
            var score = Double(passageUnit.terms.intersection(query).count) / (Double(passageUnit.terms.count) + 4).squareRoot()
            if let code, unit.text.uppercased().contains(code) { score += 0.5 }
            let candidate = Candidate(unit: unit, chunk: passageUnit.chunk, terms: passageUnit.terms, score: score)
            let key = "\(passageUnit.chunkIndex)|\(unit.codeHeading ?? "")"
            if sections[key] == nil { sectionOrder.append(key) }
            sections[key, default: []].append(candidate)
            all.append(candidate)
        }
        func sectionScore(_ key: String) -> (score: Double, relevant: Bool) {
            let members = sections[key]!
            let chunk = members[0].chunk
            let overlap = members.map(\.score).sorted(by: >).prefix(3).reduce(0, +)
            // About the ticket's code: its own heading names it, or the chunk is tagged with it
            // and at most one other (a safety page that mentions ten codes is about none of them).
            var codeMatch = 0.0
            if let code {
                if let heading = members[0].unit.codeHeading {
                    codeMatch = heading.uppercased().hasPrefix(code) ? 2 : 0
                } else if chunk.chunk.errorCodes.contains(code) {
                    codeMatch = chunk.chunk.errorCodes.count <= 2 ? 2 : 0.5
                }
            }
            let sameLanguage = chunk.chunk.language.map { $0.lowercased().hasPrefix(language) } ?? false
            // A troubleshooting section (it says what to check or how to fix) over a general one.
            let troubleshooting = members.contains { $0.unit.role == .check || $0.unit.role == .fix }
            let score = overlap + codeMatch + (sameLanguage ? 0.5 : 0) + (troubleshooting ? 1 : 0) + 0.5 / Double(max(chunk.rank, 1))
            return (score, codeMatch > 0 || members.contains { !$0.terms.intersection(query).isEmpty })
        }
        let ranked = sectionOrder.map { ($0, sectionScore($0)) }.filter { $0.1.relevant }
        guard let best = ranked.max(by: { $0.1.score < $1.1.score }) else { return Self.noDocumentedFix(language: language, at: time) }
        let section = sections[best.0]!
        // An article explains a cause and says what to check or fix; anything else is read as prose.
        let isArticle = section.contains { $0.unit.role == .cause } && section.contains { $0.unit.role == .check || $0.unit.role == .fix }
        guard isArticle else {
            return passageAnswer(for: ticket, units: units, language: language, at: time)
        }

        let cause =
            section.filter { $0.unit.role == .cause && !$0.unit.isWarning }.max { $0.score < $1.score }
            ?? section.filter { !$0.unit.isListItem && !$0.unit.isWarning }.max { $0.score < $1.score }
        var chosen = Array(section.filter { $0.unit.role == .check && !$0.unit.isWarning }.prefix(settings.maxChecks))
        chosen += section.filter { $0.unit.role == .fix && !$0.unit.isWarning }.prefix(settings.maxFixes)
        if chosen.isEmpty {
            chosen = section.filter {
                $0.unit.role != .cause && $0.unit.role != .safety && !$0.unit.isWarning
                    && $0.unit.position != cause?.unit.position && $0.score > 0
            }
            .sorted { $0.score > $1.score }.prefix(settings.maxChecks + settings.maxFixes)
            .sorted { $0.unit.position < $1.unit.position }
        }
        // Warnings of the section itself, then those elsewhere that are about this ticket.
        let warnings =
            section.filter { $0.unit.isWarning || $0.unit.role == .safety }
            + all.filter { c in
                (c.unit.isWarning || c.unit.role == .safety) && !section.contains { $0.unit.text == c.unit.text }
                    && ((code.map { c.unit.text.uppercased().contains($0) } ?? false) || c.terms.intersection(query).count >= 2)
            }
        guard let cause, !chosen.isEmpty || !warnings.isEmpty else { return Self.noDocumentedFix(language: language, at: time) }

        var steps: [SolutionStep] = []
        var citations: [SolutionCitation] = [SolutionCitation(chunkID: cause.chunk.chunk.chunkID, quote: cause.unit.text)]
        func add(_ candidate: Candidate) {
            steps.append(SolutionStep(order: steps.count + 1, text: candidate.unit.text, citations: [candidate.chunk.chunk.chunkID]))
            citations.append(SolutionCitation(chunkID: candidate.chunk.chunk.chunkID, quote: candidate.unit.text))
        }
        chosen.forEach(add)
        var flags: [String] = []
        for warning in warnings where !flags.contains(warning.unit.text) && flags.count < settings.maxSafetyFlags {
            flags.append(warning.unit.text)
            // A warning inside the section's fix is a step of its own too, read where it applies.
            if steps.isEmpty || (warning.unit.role == .fix && section.contains(where: { $0.unit.text == warning.unit.text })) {
                add(warning)
            }
        }
        return Solution(
            probableCause: cause.unit.text, steps: steps, citations: citations, safetyFlags: flags,
            generator: Self.generatorID, model: Self.modelID, language: language, generatedAt: time)
    }

    /// The answer from sentences chosen across the chunks (`PassageSelection`), shaped by kind.
    func passageAnswer(
        for ticket: Ticket, units: [PassageSelection.Unit], language: String, at time: Date
    ) -> Solution {
        let kind = RequestKindClassifier.kind(of: ticket)
        let picked = PassageSelection(settings: settings).select(
            query: MatchTerms.of(ticket.symptomText), errorCode: ticket.errorCode?.uppercased(), kind: kind, from: units)
        guard !picked.isEmpty else { return Self.noDocumentedFix(language: language, at: time) }
        var body = picked
        var citations: [SolutionCitation] = []
        var cause = ""
        // A fault is explained first, by the first picked sentence that is not an item or a warning.
        if kind == .troubleshooting, picked.count > 1,
            let lead = picked.firstIndex(where: { !$0.unit.isListItem && !$0.unit.isWarning })
        {
            cause = picked[lead].unit.text
            citations.append(SolutionCitation(chunkID: picked[lead].chunk.chunk.chunkID, quote: cause))
            body.remove(at: lead)
        }
        var steps: [SolutionStep] = []
        for unit in body {
            let chunkID = unit.chunk.chunk.chunkID
            steps.append(SolutionStep(order: steps.count + 1, text: unit.unit.text, citations: [chunkID]))
            citations.append(SolutionCitation(chunkID: chunkID, quote: unit.unit.text))
        }
        let flags = Array(
            picked.filter { $0.unit.isWarning || $0.unit.role == .safety }.map(\.unit.text).prefix(settings.maxSafetyFlags))
        return Solution(
            probableCause: cause, steps: steps, citations: citations, safetyFlags: flags,
            generator: Self.generatorID, model: Self.modelID, language: language, generatedAt: time)
    }

    /// The answer when nothing documented fits: no steps, and the ticket needs a person.
    public static func noDocumentedFix(language: String, at time: Date) -> Solution {
        Solution(
            probableCause: PromptWords.for(language).noDocumentedFix, steps: [], citations: [], safetyFlags: [],
            generator: generatorID, model: modelID, language: language, noDocumentedFix: true, generatedAt: time)
    }
}
