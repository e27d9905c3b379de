import FlussoCore
import Foundation

/// Builds the retrieval query of a ticket — the one place that decides what is searched for.
///
/// The query text is the symptom text, then "error CODE" when the ticket has an error code, then
/// the product type and model, then the text extracted from attachments (OCR) when the symptom
/// text is short (under 40 words), limited to its first 400 characters, because error screens
/// often carry the code and message the customer did not type. The product model and error
/// code also go to the search as filters.
public enum RetrievalQueryBuilder {
    public static func query(for ticket: Ticket, extractedText: [String] = [], k: Int = 5) -> KnowledgeQuery {
        var parts = [ticket.symptomText.trimmingCharacters(in: .whitespacesAndNewlines)]
        if let code = ticket.errorCode, !code.isEmpty { parts.append("error \(code)") }
        if let type = ticket.asset?.productType, !type.isEmpty { parts.append(type) }
        if let model = ticket.asset?.model, !model.isEmpty { parts.append(model) }
        if TextTerms.tokenCount(ticket.symptomText) < 40 {
            let ocr = extractedText.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
            if !ocr.isEmpty { parts.append(String(ocr.prefix(400))) }
        }
        return KnowledgeQuery(
            text: parts.joined(separator: "\n"), productModel: ticket.asset?.model, errorCode: ticket.errorCode, k: k,
            language: ticket.language)
    }
}

extension KnowledgeBase: KnowledgeRetriever {
    public func retrieve(for ticket: Ticket) async throws -> RetrievalResult {
        do {
            let extracted = ticket.attachments.compactMap(\.extractedText).filter { !$0.isEmpty }
            return try await search(RetrievalQueryBuilder.query(for: ticket, extractedText: extracted))
        } catch let error as KnowledgeError {
            throw error.flussoError
        }
    }
}
