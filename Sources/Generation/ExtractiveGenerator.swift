import FlussoCore
import Foundation

/// The last link of the chain, which always works offline: it picks the sentences and list items
/// of the retrieved chunks that best match the ticket and builds the cause, the checks and the fix
/// from them, each step quoting and citing its chunk. Nothing is written that a chunk does not say.
///
/// Chunks about the ticket's error code come first (else the two best-ranked); within them a
/// sentence under a "What it means"/"Causa" heading gives the cause, "What to check"/"Controlli"
/// items the checks, "How to fix it"/"Soluzione" items the fix, in the document's order; warnings
/// ("Never …", "Non … mai", safety sections) become safety flags. When no chunk shares a word or
/// the error code with the ticket, the answer says there is no documented fix.
public struct ExtractiveGenerator: Sendable {
    public static let generatorID = "extractive"
    public static let modelID = "flusso-extractive-1"
    /// Steps kept at most: checks, then fixes.
    public var maxChecks = 3
    public var maxFixes = 4

    public init() {}

    public func generate(for ticket: Ticket, chunks: [RetrievedChunk], at time: Date) -> Solution {
        let language = TicketLanguage.of(ticket)
        let code = ticket.errorCode?.uppercased()
        let query = MatchTerms.of([ticket.symptomText, ticket.errorCode ?? "", ticket.asset?.model ?? ""].joined(separator: " "))
        let usable = chunks.filter { !$0.chunk.text.trimmed.isEmpty }
        var primary = usable.filter { chunk in code.map { chunk.chunk.errorCodes.contains($0) } ?? false }
        if primary.isEmpty { primary = Array(usable.prefix(2)) }

        struct Candidate {
            var unit: TextUnit
            var chunk: RetrievedChunk
            var score: Double
        }
        var candidates: [Candidate] = []
        for (rank, retrieved) in primary.enumerated() {
            for unit in TextUnit.split(retrieved.chunk) {
                let terms = MatchTerms.of(unit.text)
                let shared = Double(terms.intersection(query).count)
                var score = shared / (Double(terms.count) + 4).squareRoot()
                if let code, unit.heading.uppercased().contains(code) || unit.text.uppercased().contains(code) { score += 1 }
                score += 0.2 / Double(rank + 1)
                candidates.append(Candidate(unit: unit, chunk: retrieved, score: score))
            }
        }
        // Where the chunk holds several codes' sections, keep the ticket's code's section.
        if let code, candidates.contains(where: { $0.unit.heading.uppercased().contains(code) }) {
            candidates = candidates.filter { $0.unit.heading.uppercased().contains(code) || !Self.namesACode($0.unit.heading) }
        }
        let relevant = candidates.contains { c in
            !MatchTerms.of(c.unit.text).intersection(query).isEmpty || (code.map { c.chunk.chunk.errorCodes.contains($0) } ?? false)
        }
        guard relevant else { return Self.noDocumentedFix(language: language, at: time) }

        let ordered = candidates.sorted { a, b in
            a.chunk.rank != b.chunk.rank ? a.chunk.rank < b.chunk.rank : a.unit.position < b.unit.position
        }
        let cause = candidates.filter { $0.unit.role == .cause && !$0.unit.isWarning }.max { $0.score < $1.score }
            ?? candidates.filter { !$0.unit.isListItem && !$0.unit.isWarning }.max { $0.score < $1.score }
        var chosen: [Candidate] = Array(ordered.filter { $0.unit.role == .check && !$0.unit.isWarning }.prefix(maxChecks))
        chosen += ordered.filter { $0.unit.role == .fix && !$0.unit.isWarning }.prefix(maxFixes)
        if chosen.isEmpty {
            chosen = Array(candidates.filter { $0.unit.role != .cause && $0.unit.role != .safety && !$0.unit.isWarning
                && $0.unit.position != cause?.unit.position }
                .sorted { $0.score > $1.score }.prefix(maxChecks + maxFixes))
                .sorted { a, b in a.chunk.rank != b.chunk.rank ? a.chunk.rank < b.chunk.rank : a.unit.position < b.unit.position }
        }
        let warnings = ordered.filter { $0.unit.isWarning || $0.unit.role == .safety }
        guard let cause, !chosen.isEmpty || !warnings.isEmpty else { return Self.noDocumentedFix(language: language, at: time) }

        var steps: [SolutionStep] = []
        var citations: [SolutionCitation] = [SolutionCitation(chunkID: cause.chunk.chunk.chunkID, quote: cause.unit.text)]
        for candidate in chosen {
            steps.append(SolutionStep(order: steps.count + 1, text: candidate.unit.text, citations: [candidate.chunk.chunk.chunkID]))
            citations.append(SolutionCitation(chunkID: candidate.chunk.chunk.chunkID, quote: candidate.unit.text))
        }
        var flags: [String] = []
        for warning in warnings where !flags.contains(warning.unit.text) && flags.count < 5 {
            flags.append(warning.unit.text)
            if steps.isEmpty || warning.unit.isListItem && warning.unit.role == .fix {
                // A warning inside the fix is a step of its own too, so the technician reads it in place.
                steps.append(SolutionStep(order: steps.count + 1, text: warning.unit.text, citations: [warning.chunk.chunk.chunkID]))
                citations.append(SolutionCitation(chunkID: warning.chunk.chunk.chunkID, quote: warning.unit.text))
            }
        }
        return Solution(probableCause: cause.unit.text, steps: steps, citations: citations, safetyFlags: flags,
                        generator: Self.generatorID, model: Self.modelID, language: language, generatedAt: time)
    }

    /// The answer when nothing documented fits: no steps, and the ticket needs a person.
    public static func noDocumentedFix(language: String, at time: Date) -> Solution {
        Solution(probableCause: PromptWords.for(language).noDocumentedFix, steps: [], citations: [], safetyFlags: [],
                 generator: generatorID, model: modelID, language: language, noDocumentedFix: true, generatedAt: time)
    }

    /// "L101: Flusso …": a heading that starts with an error code.
    static func namesACode(_ heading: String) -> Bool {
        let first = heading.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return first.count >= 4 && first.count <= 6 && first.contains(where: \.isNumber) && !first.contains(" ")
    }
}
