import FlussoCore
import Foundation

/// One audit record of one attempt (design step 8's audit log of prompt and response), stored as
/// JSON at `logs/tickets/{ticket_id}/generate-{NN}-{link}.json`.
public struct GenerationAuditRecord: Codable, Sendable {
    public var ticketID: String
    public var generator: String
    public var attempt: Int
    public var endpoint: String?
    public var model: String?
    public var language: String?
    public var messages: [ChatMessage]?
    public var requestBody: String?
    public var httpStatus: Int?
    public var rawResponse: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var estimatedPromptTokens: Int?
    /// Chunks cut or left out to fit the server's context.
    public var trimmedChunks: [String]
    public var outcome: String
    public var detail: String?
    public var durationMs: Double
    public var recordedAt: Date

    enum CodingKeys: String, CodingKey {
        case ticketID = "ticket_id"
        case generator, attempt, endpoint, model, language, messages
        case requestBody = "request_body"
        case httpStatus = "http_status"
        case rawResponse = "raw_response"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case estimatedPromptTokens = "estimated_prompt_tokens"
        case trimmedChunks = "trimmed_chunks"
        case outcome, detail
        case durationMs = "duration_ms"
        case recordedAt = "recorded_at"
    }
}

/// Writes audit records to the object store. Redaction of personal data is the guardrails'
/// step: until it exists the records hold the prompt and the answer as they were.
public struct GenerationAudit: Sendable {
    private let objects: any ObjectStore

    public init(objects: any ObjectStore) {
        self.objects = objects
    }

    public static func key(ticketID: String, sequence: Int, generator: String) -> String {
        let link = generator.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "logs/tickets/\(ticketID)/generate-\(sequence < 10 ? "0" : "")\(sequence)-\(String(link)).json"
    }

    /// Stores `record` and returns its key.
    @discardableResult
    public func write(_ record: GenerationAuditRecord, sequence: Int) async throws -> String {
        let key = Self.key(ticketID: record.ticketID, sequence: sequence, generator: record.generator)
        try await objects.put(try FlussoJSON.encode(record, pretty: true), key: key)
        return key
    }
}
