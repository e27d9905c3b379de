/// Writes the solution of a ticket from the chunks retrieved for it (step 6). Local: the fallback
/// chain of `Generation` (LLM endpoints on local inference servers → a cached solution of a
/// similar ticket → the extractive generator); hybrid: Bedrock.
///
/// Implementations return a solution whenever any link answers; an error means no link could
/// (the step then retries or fails by its policy).
public protocol SolutionGenerator: Sendable {
    func generate(for ticket: Ticket, chunks: [RetrievedChunk]) async throws -> Solution
}
