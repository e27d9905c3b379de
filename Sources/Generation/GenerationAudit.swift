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

/// Writes audit records to the object store. With a `redactor` (the guardrails' PII redactor,
/// `guardrails.redact_audit`), personal data in the messages, the request body, the raw
/// response and the detail is replaced by placeholders before anything is stored.
public struct GenerationAudit: Sendable {
    private let objects: any ObjectStore
    private let redactor: (any TextRedactor)?

    public init(objects: any ObjectStore, redactor: (any TextRedactor)? = nil) {
        self.objects = objects
        self.redactor = redactor
    }

    /// `record` with personal data replaced (the same value gets the same placeholder in all its texts).
    func redacted(_ record: GenerationAuditRecord) -> GenerationAuditRecord {
        guard let redactor else { return record }
        var record = record
        let messages = record.messages ?? []
        let texts = messages.map(\.content) + [record.requestBody ?? "", record.rawResponse ?? "", record.detail ?? ""]
        let clean = redactor.redact(texts).texts
        record.messages = record.messages.map { _ in zip(messages, clean).map { ChatMessage(role: $0.role, content: $1) } }
        let tail = Array(clean.suffix(3))
        if record.requestBody != nil { record.requestBody = tail[0] }
        if record.rawResponse != nil { record.rawResponse = tail[1] }
        if record.detail != nil { record.detail = tail[2] }
        return record
    }

    public static func key(ticketID: String, sequence: Int, generator: String) -> String {
        let link = generator.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "logs/tickets/\(ticketID)/generate-\(sequence < 10 ? "0" : "")\(sequence)-\(String(link)).json"
    }

    /// Stores `record` and returns its key.
    @discardableResult
    public func write(_ record: GenerationAuditRecord, sequence: Int) async throws -> String {
        let key = Self.key(ticketID: record.ticketID, sequence: sequence, generator: record.generator)
        try await objects.put(try FlussoJSON.encode(redacted(record), pretty: true), key: key)
        return key
    }
}
