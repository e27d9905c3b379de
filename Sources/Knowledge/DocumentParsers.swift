import Foundation
import Yams

/// Reads one file of a supported kind into documents: Markdown (`.md`, `.markdown`, with front
/// matter), plain text (`.txt`), JSONL of ready chunks (`.jsonl`), and error-code catalogues
/// (`.yaml`, `.yml`, `.json`, `.csv`) for which a `CatalogueMapping` applies. PDF needs a text
/// extractor (the OCR engine); without one a PDF is reported as unsupported.
struct DocumentParsers {
    var chunker: MarkdownChunker
    var catalogues: [CatalogueMapping]
    /// Extracts the text of a PDF page by page; nil when no engine is configured.
    var pdfText: (@Sendable (String) async throws -> [String])?

    func parse(path: String, documentID: String, data: Data) async throws -> [ParsedDocument] {
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if let mapping = catalogues.first(where: { $0.applies(toFileName: name) }) {
            var parser = CatalogueParser(mapping: mapping)
            return [try parser.parse(data: data, ext: ext, path: path, documentID: documentID)]
        }
        switch ext {
        case "md", "markdown":
            return [try markdown(text: try utf8(data), path: path, documentID: documentID)]
        case "txt", "text":
            return [plain(text: try utf8(data), path: path, documentID: documentID)]
        case "jsonl":
            return try ChunkLinesParser().parse(text: try utf8(data), path: path)
        case "pdf":
            guard let pdfText else {
                throw KnowledgeError("unsupported_type", "PDF ingestion needs the document text engine, which is not configured")
            }
            let pages = try await pdfText(path)
            let text = pages.enumerated().map { "# Page \($0.offset + 1)\n\n\($0.element)" }.joined(separator: "\n\n")
            var doc = plain(text: text, path: path, documentID: documentID)
            doc.chunks = chunker.chunk(text).map { .init(sectionPath: $0.sectionPath, text: $0.text, tokenCount: $0.tokenCount) }
            return [doc]
        case "yaml", "yml", "json", "csv":
            throw KnowledgeError(
                "no_catalogue_mapping",
                "\(name) looks like a catalogue but no kb.catalogues mapping matches its file name")
        default:
            throw KnowledgeError(
                "unsupported_type", "unsupported file type '.\(ext)' (supported: md, txt, jsonl, pdf, and catalogues yaml/json/csv with a mapping)")
        }
    }

    private func utf8(_ data: Data) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw KnowledgeError("invalid_encoding", "the file is not valid UTF-8")
        }
        return text
    }

    func markdown(text: String, path: String, documentID: String) throws -> ParsedDocument {
        let (fm, body, _) = try FrontMatter.split(text)
        let drafts = chunker.chunk(body)
        let firstHeading = body.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
        let title = fm.title ?? firstHeading ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return ParsedDocument(
            documentID: documentID, sourcePath: path, title: title, language: fm.language, sourceURL: fm.sourceURL,
            productTypes: fm.productTypes, productModels: fm.productModels, errorCodes: fm.errorCodes,
            chunks: drafts.map { .init(sectionPath: $0.sectionPath, text: $0.text, tokenCount: $0.tokenCount) },
            hashSalt: chunker.settings.fingerprint)
    }

    func plain(text: String, path: String, documentID: String) -> ParsedDocument {
        let drafts = chunker.chunk(text)
        let title = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return ParsedDocument(
            documentID: documentID, sourcePath: path, title: title, language: nil, sourceURL: nil,
            productTypes: [], productModels: [], errorCodes: [],
            chunks: drafts.map { .init(sectionPath: $0.sectionPath, text: $0.text, tokenCount: $0.tokenCount) },
            hashSalt: chunker.settings.fingerprint)
    }
}

/// JSONL of ready chunks: one object per line with `document_id` and `text` (required) and
/// `title`, `section`, `language`, `product_types`, `product_models`, `error_codes`,
/// `source_url` (optional). Lines of the same `document_id` form one document, in file order.
struct ChunkLinesParser {
    func parse(text: String, path: String) throws -> [ParsedDocument] {
        var order: [String] = []
        var docs: [String: ParsedDocument] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                throw KnowledgeError("invalid_json", "not a JSON object", line: index + 1)
            }
            guard let documentID = FrontMatter.string(object["document_id"]) else {
                throw KnowledgeError("missing_field", "missing 'document_id'", line: index + 1)
            }
            guard let body = FrontMatter.string(object["text"]), !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw KnowledgeError("missing_field", "missing or empty 'text'", line: index + 1)
            }
            let section = FrontMatter.list(object["section"])
            if docs[documentID] == nil {
                order.append(documentID)
                docs[documentID] = ParsedDocument(
                    documentID: documentID, sourcePath: path, title: FrontMatter.string(object["title"]) ?? documentID,
                    language: FrontMatter.string(object["language"]), sourceURL: FrontMatter.string(object["source_url"]),
                    productTypes: FrontMatter.list(object["product_types"]), productModels: [], errorCodes: [], chunks: [],
                    hashSalt: "jsonl")
            }
            docs[documentID]!.chunks.append(
                .init(
                    sectionPath: section, text: body, tokenCount: TextTerms.tokenCount(body),
                    productModels: FrontMatter.list(object["product_models"]),
                    errorCodes: FrontMatter.list(object["error_codes"])))
        }
        guard !order.isEmpty else { throw KnowledgeError("empty_document", "the file holds no chunks") }
        return order.map { docs[$0]! }
    }
}
