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

    /// `record` with personal data replaced (the same value gets the same placeholder in all its
    /// texts). The request body and the raw response are JSON: their string values are redacted
    /// as text and the JSON written again (redacting the JSON text itself would miss values
    /// right after an escaped line break, `\n`).
    func redacted(_ record: GenerationAuditRecord) -> GenerationAuditRecord {
        guard let redactor else { return record }
        var record = record
        let body = record.requestBody.map(JSONStrings.init)
        let response = record.rawResponse.map(JSONStrings.init)
        let messages = record.messages ?? []
        var texts = messages.map(\.content) + [record.detail ?? ""]
        texts += body?.strings ?? []
        texts += response?.strings ?? []
        var clean = redactor.redact(texts).texts[...]
        if record.messages != nil { record.messages = messages.map { ChatMessage(role: $0.role, content: clean.popFirst()!) } }
        let detail = clean.popFirst()!
        if record.detail != nil { record.detail = detail }
        if let body {
            record.requestBody = body.rebuilt(with: Array(clean.prefix(body.strings.count)))
            clean = clean.dropFirst(body.strings.count)
        }
        if let response { record.rawResponse = response.rebuilt(with: Array(clean.prefix(response.strings.count))) }
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

/// The string values of a JSON text, in document order, and the text rebuilt with others in
/// their place. Text that is not JSON counts as one string.
struct JSONStrings {
    let original: String
    let json: Any?
    let strings: [String]

    init(_ text: String) {
        original = text
        json = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        var found: [String] = []
        if let json { Self.collect(json, into: &found) } else { found = [text] }
        strings = found
    }

    func rebuilt(with replacements: [String]) -> String {
        guard let json else { return replacements.first ?? original }
        var queue = replacements[...]
        let value = Self.replace(json, from: &queue)
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else {
            return replacements.joined(separator: " ")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func collect(_ value: Any, into found: inout [String]) {
        switch value {
        case let string as String: found.append(string)
        case let array as [Any]: for item in array { collect(item, into: &found) }
        case let object as [String: Any]: for key in object.keys.sorted() { collect(object[key]!, into: &found) }
        default: break
        }
    }

    private static func replace(_ value: Any, from queue: inout ArraySlice<String>) -> Any {
        switch value {
        case is String: return queue.popFirst() ?? ""
        case let array as [Any]: return array.map { replace($0, from: &queue) }
        case let object as [String: Any]:
            var out: [String: Any] = [:]
            for key in object.keys.sorted() { out[key] = replace(object[key]!, from: &queue) }
            return out
        default: return value
        }
    }
}
