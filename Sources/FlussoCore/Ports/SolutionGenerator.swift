/// Writes the solution of a ticket from the chunks retrieved for it (step 6). Local: the fallback
/// chain of `Generation` (LLM endpoints on local inference servers → a cached solution of a
/// similar ticket → the extractive generator); hybrid: Bedrock.
///
/// Implementations return a solution whenever any link answers; an error means no link could
/// (the step then retries or fails by its policy).
public protocol SolutionGenerator: Sendable {
    func generate(for ticket: Ticket, chunks: [RetrievedChunk]) async throws -> Solution
}

/// Finds the solution of a finished ticket like this one, to reuse when the LLM endpoints fail.
/// Local: the SQLite ticket table; hybrid: DynamoDB.
public protocol SolutionCache: Sendable {
    /// The newest READY ticket other than `excludingTicketID` with the same error code and
    /// product model (compared case-insensitively) that has a solution and no unhelpful feedback.
    func similarSolvedTicket(errorCode: String, productModel: String, excludingTicketID: String) async throws -> Ticket?
}
