/// Finds the solution of a finished ticket like this one, to reuse when the LLM endpoints fail.
/// Local: the SQLite ticket table; hybrid: DynamoDB.
public protocol SolutionCache: Sendable {
    /// The newest READY ticket other than `excludingTicketID` with the same error code and
    /// product model (compared case-insensitively) that has a solution and no unhelpful feedback in
    /// force, preferring one a person approved as helpful.
    func similarSolvedTicket(errorCode: String, productModel: String, excludingTicketID: String) async throws -> Ticket?
}
