import FlussoCore

/// Citations: every step cites at least one chunk; every cited id was retrieved for this ticket
/// or is a record step 2 found (`customer:ID`, `asset:SERIAL`, `ticket:ID` of a similar ticket);
/// every quote appears in its chunk (whitespace, case and accents aside; an empty quote is no
/// quote and is not checked); every context note cites such a record and says what the record
/// says (`ContextNotes` written again from the ticket's enrichment). Sets `citation_coverage`,
/// the share of steps with a valid citation.
public struct CitationGuardrail: Guardrail {
    public let name = "citations"

    public init() {}

    public func apply(to review: inout SolutionReview) async {
        let steps = review.solution.steps
        let records = ContextNotes.sources(of: review.ticket)
        var covered = 0
        for step in steps {
            if step.citations.isEmpty {
                review.flag(name, "step_without_citation", "step \(step.order) cites no source", step: step.order)
                continue
            }
            let unknown = step.citations.filter { review.retrieved[$0] == nil && !records.contains($0) }
            for id in Set(unknown).sorted() {
                review.flag(name, "unknown_citation", "step \(step.order) cites \(id), which was not retrieved for this ticket", step: step.order)
            }
            if unknown.count < step.citations.count { covered += 1 }
        }
        review.citationCoverage = steps.isEmpty ? 0 : Double(covered) / Double(steps.count)
        for (index, citation) in review.solution.citations.enumerated() {
            guard let chunk = review.retrieved[citation.chunkID] else {
                review.flag(name, "unknown_citation", "quotation \(index + 1) names \(citation.chunkID), which was not retrieved for this ticket")
                continue
            }
            let quote = GuardText.squeezed(citation.quote).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
            // An empty quote is no quote: the citation still counts and there is nothing to check.
            if !quote.isEmpty, !Self.contains(GuardText.squeezed(chunk.text), quote) {
                review.flag(name, "quote_not_found", "quotation \(index + 1) does not appear in \(citation.chunkID)")
            }
        }
        let notes = review.solution.contextNotes ?? []
        guard !notes.isEmpty else { return }
        let supported = Set(ContextNotes.make(for: review.ticket, language: review.solution.language))
        for (index, note) in notes.enumerated() {
            if !records.contains(note.source) {
                review.flag(
                    name, "unknown_context_source", "context note \(index + 1) cites \(note.source), which step 2 did not find for this ticket")
            } else if !supported.contains(note) {
                review.flag(name, "context_note_not_supported", "context note \(index + 1) does not say what \(note.source) records")
            }
        }
    }

    /// Containment that also ignores Markdown emphasis and list markers in the chunk.
    static func contains(_ chunk: String, _ quote: String) -> Bool {
        if GuardText.contains(chunk, quote) { return true }
        let strip: (String) -> String = { text in
            String(text.filter { !"*_`#>".contains($0) }).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        return GuardText.contains(strip(chunk), strip(quote))
    }
}
