import Foundation

/// A `POST /tickets` body that passed validation: the NEW ticket, plus the decoded inline
/// attachment contents keyed by attachment id (intake moves them into the object store).
public struct TicketSubmission: Sendable {
    public var ticket: Ticket
    public var inlineContents: [String: Data]

    /// Validates a request body field by field. Every problem is collected; the first one is
    /// the error's `field`, all of them are in `details`. Unknown fields are refused, so that a
    /// misspelt field is not silently dropped. An optional string field sent empty (as form-based
    /// clients do for a blank field) is treated as absent; a blank metadata value is dropped.
    public static func validate(_ body: JSONValue, limits: SubmissionLimits = SubmissionLimits(), now: Date) throws -> TicketSubmission {
        var checker = FieldChecker()
        guard case .object(let fields) = body else {
            throw FlussoError(.validationFailed, "the body must be a JSON object, not \(body.typeName)", field: "")
        }
        checker.refuseUnknown(
            fields,
            allowed: [
                "customer", "asset", "error_code", "symptom_text", "language",
                "attachments", "callback_url", "metadata",
            ], prefix: "")

        var customerID = ""
        if let customer = checker.object(fields["customer"], field: "customer", required: true) {
            checker.refuseUnknown(customer, allowed: ["id"], prefix: "customer.")
            customerID = checker.string(customer["id"], field: "customer.id", required: true, max: limits.maxShortField, pattern: .identifier) ?? ""
        }
        var asset: AssetRef?
        if let assetFields = checker.object(fields["asset"], field: "asset", required: false) {
            checker.refuseUnknown(assetFields, allowed: ["serial", "product_type", "model"], prefix: "asset.")
            asset = AssetRef(
                serial: checker.string(assetFields["serial"], field: "asset.serial", max: limits.maxShortField, pattern: .identifier),
                productType: checker.string(assetFields["product_type"], field: "asset.product_type", max: limits.maxShortField),
                model: checker.string(assetFields["model"], field: "asset.model", max: limits.maxShortField))
        }
        let errorCode = checker.string(fields["error_code"], field: "error_code", max: 64, pattern: .identifier)
        let symptom = checker.string(fields["symptom_text"], field: "symptom_text", required: true, max: limits.maxSymptomCharacters) ?? ""
        let language = checker.string(fields["language"], field: "language", max: 16, pattern: .languageTag)
        let callback = checker.string(fields["callback_url"], field: "callback_url", max: 2048, pattern: .httpURL)
        if let callback, !limits.allowPrivateCallbacks, let problem = OutboundAddress.problem(withURL: callback) {
            checker.problem("callback_url", "\(problem); Flusso calls back public addresses only unless webhooks.allow_private is true")
        }
        var metadata: [String: String] = [:]
        if let meta = checker.object(fields["metadata"], field: "metadata", required: false) {
            if meta.count > limits.maxMetadataEntries {
                checker.problem("metadata", "has \(meta.count) entries; at most \(limits.maxMetadataEntries) are allowed")
            }
            for (key, value) in meta.sorted(by: { $0.key < $1.key }) {
                if key.isEmpty || key.count > 64 { checker.problem("metadata", "keys must have 1 to 64 characters") }
                if case .null = value {
                    checker.problem("metadata.\(key)", "must be a string, not null")
                } else if let text = checker.string(value, field: "metadata.\(key)", max: limits.maxShortField * 4) {
                    metadata[key] = text
                }
            }
        }
        var attachments: [Attachment] = []
        var contents: [String: Data] = [:]
        if let list = checker.array(fields["attachments"], field: "attachments") {
            if list.count > limits.maxAttachments {
                checker.problem("attachments", "has \(list.count) items; at most \(limits.maxAttachments) are allowed")
            }
            for (index, item) in list.prefix(limits.maxAttachments).enumerated() {
                let prefix = "attachments[\(index)]"
                guard let att = checker.object(item, field: prefix, required: true) else { continue }
                checker.refuseUnknown(att, allowed: ["type", "uri", "content_base64", "filename"], prefix: prefix + ".")
                let typeText = checker.string(att["type"], field: prefix + ".type", required: true, max: 16)
                let type = typeText.flatMap(AttachmentType.init(rawValue:))
                if let typeText, type == nil {
                    checker.problem(prefix + ".type", "'\(typeText)' is not one of PDF, IMAGE, TEXT")
                }
                let filename = checker.string(att["filename"], field: prefix + ".filename", max: limits.maxShortField, pattern: .filename)
                let problemsBefore = checker.problems.count
                let uri = checker.string(att["uri"], field: prefix + ".uri", max: 2048, pattern: .attachmentURI)
                let base64 = checker.string(att["content_base64"], field: prefix + ".content_base64", max: Int.max)
                let id = "att_\(index + 1)"
                switch (uri, base64) {
                case (nil, nil):
                    // Absent, null or blank: both missing (a bad value was reported already).
                    if checker.problems.count == problemsBefore {
                        checker.problem(prefix, "needs one of uri or content_base64")
                    }
                case (.some, .some):
                    checker.problem(prefix, "has both uri and content_base64; give one")
                case (.some(let uri), nil):
                    if let type { attachments.append(Attachment(id: id, type: type, filename: filename, uri: uri)) }
                case (nil, .some(let text)):
                    guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty || text.isEmpty else {
                        checker.problem(prefix + ".content_base64", "is not valid base64")
                        continue
                    }
                    if data.isEmpty {
                        checker.problem(prefix + ".content_base64", "is empty")
                    } else if data.count > limits.maxAttachmentBytes {
                        checker.problem(
                            prefix + ".content_base64", "decodes to \(data.count) bytes; at most \(limits.maxAttachmentBytes) are allowed")
                    } else if let type {
                        attachments.append(Attachment(id: id, type: type, filename: filename, sizeBytes: data.count))
                        contents[id] = data
                    }
                }
            }
        }
        try checker.throwIfProblems()
        let ticket = Ticket(
            createdAt: now, customer: CustomerRef(id: customerID), asset: asset, errorCode: errorCode,
            symptomText: symptom, language: language, attachments: attachments,
            callbackURL: callback, metadata: metadata)
        return TicketSubmission(ticket: ticket, inlineContents: contents)
    }
}
