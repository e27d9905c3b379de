import FlussoCore
import Foundation

/// `POST /tickets` as `multipart/form-data`: a `ticket` part holding the ticket JSON (the same
/// object as the JSON body, usually without `attachments`), and one part per file, each with a
/// `filename`. Files become attachments with inline content, so intake validates and stores them
/// exactly like `content_base64` (same count and size limits, same object store).
///
/// A file's type is its part's `Content-Type` (`application/pdf` → PDF, `image/*` → IMAGE,
/// `text/*` → TEXT) or, for `application/octet-stream` or none, its first bytes (PDF, PNG, JPEG,
/// TIFF); anything else is refused with 422 naming the part.
enum MultipartTicket {
    struct Part {
        var name: String?
        var filename: String?
        var contentType: String?
        var body: Data
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// Builds the JSON ticket body from a multipart body.
    static func ticketBody(_ body: Data, boundary: String) throws -> JSONValue {
        let parts = try split(body, boundary: boundary)
        guard let ticketPart = parts.first(where: { $0.name == "ticket" && $0.filename == nil }) else {
            throw FlussoError(.validationFailed, "a multipart ticket needs a 'ticket' part with the ticket JSON", field: "ticket")
        }
        guard case .object(var ticket) = try JSONValue.parse(ticketPart.body) else {
            throw FlussoError(.validationFailed, "the 'ticket' part must be a JSON object", field: "ticket")
        }
        var attachments: [JSONValue] = []
        if case .array(let existing)? = ticket["attachments"] { attachments = existing }
        for part in parts where part.filename != nil {
            guard let type = attachmentType(part) else {
                throw FlussoError(
                    .validationFailed, "cannot tell the type of file part '\(part.filename ?? "")' (send application/pdf, image/* or text/*)",
                    field: "attachments")
            }
            var fields: [String: JSONValue] = ["type": .string(type.rawValue), "content_base64": .string(part.body.base64EncodedString())]
            if let filename = part.filename, !filename.isEmpty {
                fields["filename"] = .string((filename as NSString).lastPathComponent)
            }
            attachments.append(.object(fields))
        }
        if !attachments.isEmpty { ticket["attachments"] = .array(attachments) }
        return .object(ticket)
    }

    static func attachmentType(_ part: Part) -> AttachmentType? {
        let type = part.contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if type == "application/pdf" { return .pdf }
        if type.hasPrefix("image/") { return .image }
        if type.hasPrefix("text/") { return .text }
        guard type.isEmpty || type == "application/octet-stream" else { return nil }
        let head = [UInt8](part.body.prefix(4))
        if head.starts(with: [0x25, 0x50, 0x44, 0x46]) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) || head.starts(with: [0xFF, 0xD8, 0xFF])
            || head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A])
        {
            return .image
        }
        return nil
    }

    /// Splits a multipart body into its parts (RFC 7578): parts are separated by CRLF `--boundary`,
    /// the last delimiter ends with `--`; each part is headers, an empty line, and the content.
    static func split(_ body: Data, boundary: String) throws -> [Part] {
        let bad = FlussoError(.invalidMultipart, "the multipart body is malformed")
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n--\(boundary)".utf8)
        guard let first = body.range(of: delimiter), body[body.startIndex..<first.lowerBound].allSatisfy({ $0 == 13 || $0 == 10 }) else {
            throw bad
        }
        var parts: [Part] = []
        var cursor = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { return parts }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { throw bad }
            cursor += 2
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: cursor..<body.endIndex),
                let next = body.range(of: separator, in: headerEnd.upperBound..<body.endIndex)
            else { throw bad }
            let headers = String(decoding: body[cursor..<headerEnd.lowerBound], as: UTF8.self)
            var part = Part(body: Data(body[headerEnd.upperBound..<next.lowerBound]))
            for line in headers.components(separatedBy: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "content-disposition":
                    part.name = parameter("name", in: pair[1])
                    part.filename = parameter("filename", in: pair[1])
                case "content-type":
                    part.contentType = pair[1]
                default:
                    break
                }
            }
            parts.append(part)
            guard parts.count <= 64 else { throw FlussoError(.invalidMultipart, "a multipart ticket may have at most 64 parts") }
            cursor = next.upperBound
        }
    }

    /// `name="value"` (or unquoted) inside a Content-Disposition header.
    static func parameter(_ name: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                var value = pair[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                return value
            }
        }
        return nil
    }
}
