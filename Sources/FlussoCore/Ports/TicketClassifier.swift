/// Puts a ticket in a category with a calibrated confidence and the top 3 (design step 4; local:
/// a linear text classifier with its model file in `models/`; hybrid: SageMaker InvokeEndpoint).
///
/// Implementations read the ticket's symptom text and structured fields (error code, product
/// type) and must not change the ticket. A ticket they cannot classify (for example a symptom
/// text with no word in it) is a permanent `FlussoError`.
public protocol TicketClassifier: Sendable {
    func classify(_ ticket: Ticket) async throws -> Classification
}
