import FlussoCore

/// The design's step 6, generate: cause, checks and fix (or a how-to's procedure, a
/// specification's value) with citations, from the chunks step 5
/// retrieved, by the configured `SolutionGenerator` (local: the fallback chain LLM endpoints →
/// cached similar solution → extractive). Puts `solution` on the ticket, with the context notes
/// of step 2's facts (`ContextNotes`: warranty, recent service, due time, similar solved tickets).
///
/// Without a generator (`generation.enabled: false`) the step is recorded as `skipped` with the
/// reason, never faked. With no retrieved chunks the solution says there is no documented fix.
public struct GenerateStep: PipelineStep {
    public let name = StepName.generate
    public let retryPolicy = RetryPolicy.generation
    public let timeout: Duration
    private let generator: (any SolutionGenerator)?

    public init(generator: (any SolutionGenerator)? = nil, timeout: Duration = .seconds(120)) {
        self.generator = generator
        self.timeout = timeout
    }

    public func run(_ ticket: Ticket, context: StepContext) async throws -> StepOutcome {
        guard let generator else {
            return .skipped(reason: "no solution generator is configured (generation.enabled is false)")
        }
        let chunks = ticket.retrieval?.results ?? []
        var solution = try await generator.generate(for: ticket, chunks: chunks)
        // Each quotation says where a reader finds it (a cached solution keeps what it had).
        let sources = Dictionary(chunks.map { ($0.chunk.chunkID, $0.chunk.citation) }, uniquingKeysWith: { first, _ in first })
        for index in solution.citations.indices where solution.citations[index].source == nil {
            solution.citations[index].source = sources[solution.citations[index].chunkID]
        }
        // Whichever link answered (an LLM, the cache of another ticket, the extractive one), the
        // notes are this ticket's, written from its enrichment.
        solution.contextNotes = ContextNotes.make(for: ticket, language: solution.language)
        solution.kind = RequestKindClassifier.kind(of: ticket)
        var updated = ticket
        updated.solution = solution
        let tried = solution.attempts.filter { $0.outcome != "answered" }.map { "\($0.generator) \($0.outcome)" }
        let fallbacks = tried.isEmpty ? "" : " after " + tried.joined(separator: ", ")
        if solution.noDocumentedFix {
            return .completed(updated, detail: "no documented fix (\(solution.generator)\(fallbacks))")
        }
        let cited = solution.citedChunkIDs.joined(separator: ", ")
        return .completed(updated, detail: "\(solution.steps.count) steps by \(solution.generator)\(fallbacks), citing \(cited)")
    }
}
