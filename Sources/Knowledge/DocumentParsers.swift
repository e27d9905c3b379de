import FlussoCore
import Foundation
import HTMLText
import Yams

/// Reads one file of a supported kind into documents: Markdown (`.md`, `.markdown`, with front
/// matter), plain text (`.txt`), JSONL of ready chunks (`.jsonl`), and error-code catalogues
/// (`.yaml`, `.yml`, `.json`, `.csv`) for which a `CatalogueMapping` applies. PDF needs a text
/// extractor (the OCR engine); without one a PDF is reported as unsupported.
struct DocumentParsers {
    var chunker: MarkdownChunker
    var catalogues: [CatalogueMapping]
    /// Extracts a PDF's text (its bytes and file name) with its layout (lines' fonts, outline); nil
    /// when no engine is configured. Throws `KnowledgeError` for a PDF it cannot read.
    var pdfText: (@Sendable (Data, String) async throws -> DocumentText)?

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
            let metadata = try sidecar(of: path)
            var document = pdf(try await pdfText(data, name), path: path, documentID: documentID)
            document.apply(metadata)
            return [document]
        case "html", "htm":
            let page: HTMLMarkdown.Page
            do {
                page = try HTMLMarkdown.convert(data)
            } catch {
                throw KnowledgeError("invalid_html", "\(error)")
            }
            // The page's text is never read as front matter, whatever it starts with.
            var document = try markdown(text: "---\n---\n" + page.markdown, path: path, documentID: documentID)
            if let title = page.title { document.title = title }
            document.apply(try sidecar(of: path))
            return [document]
        case "yaml", "yml", "json", "csv":
            throw KnowledgeError(
                "no_catalogue_mapping",
                "\(name) looks like a catalogue but no kb.catalogues mapping matches its file name")
        default:
            throw KnowledgeError(
                "unsupported_type",
                "unsupported file type '.\(ext)' (supported: md, txt, jsonl, pdf, html, and catalogues yaml/json/csv with a mapping)")
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

    /// What a PDF's chunks depend on besides its bytes.
    static func pdfSalt(_ settings: ChunkingSettings) -> String { settings.fingerprint + "/pdf-v1" }

    /// The sidecar files a PDF's metadata may be read from: `manual.yaml` or `manual.yml`.
    static func sidecarPaths(of path: String) -> [String] {
        let base = (path as NSString).deletingPathExtension
        return [base + ".yaml", base + ".yml"]
    }

    /// Whether `path` is the sidecar of a PDF or HTML page beside it (read with it, never on its
    /// own); a file a catalogue mapping reads is never one.
    func isSidecar(_ path: String) -> Bool {
        let ext = (path as NSString).pathExtension
        guard ext == "yaml" || ext == "yml" else { return false }
        let name = (path as NSString).lastPathComponent
        guard !catalogues.contains(where: { $0.applies(toFileName: name) }) else { return false }
        let base = (path as NSString).deletingPathExtension
        return ["pdf", "PDF", "Pdf", "html", "HTML", "htm", "HTM"].contains { FileManager.default.fileExists(atPath: base + "." + $0) }
    }

    /// The PDF's sidecar metadata (empty without a sidecar); a bad one rejects the PDF.
    func sidecar(of path: String) throws -> FrontMatter {
        guard let file = Self.sidecarPaths(of: path).first(where: { FileManager.default.fileExists(atPath: $0) && isSidecar($0) }) else {
            return FrontMatter()
        }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw KnowledgeError("invalid_sidecar", "\(file): cannot be read as UTF-8 text")
        }
        do {
            return try FrontMatter.sidecar(text)
        } catch let error as KnowledgeError {
            throw KnowledgeError(error.code, "\((file as NSString).lastPathComponent): \(error.message)")
        }
    }

    /// A PDF manual: sections from its outline or fonts, chunks that know their pages.
    func pdf(_ extracted: DocumentText, path: String, documentID: String) -> ParsedDocument {
        let (text, heading) = PDFManual.markdown(extracted)
        var chunks: [ParsedDocument.Chunk] = []
        var lastPage: Int?
        for draft in chunker.chunk(text) {
            let (clean, firstMarked, lastMarked) = PDFManual.unmark(draft.text)
            let body = clean.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !body.isEmpty else { continue }
            // Text before the first marker (a window that starts mid-line) is on the page the
            // document was on: the last one seen.
            let bodyLines = draft.text.split(separator: "\n").drop { $0.hasPrefix("#") }
            let startsMarked = bodyLines.first?.unicodeScalars.first.map { (0xE000...0xF8FF).contains($0.value) } ?? false
            var pageStart = firstMarked ?? lastPage
            if !startsMarked, let lastPage, let first = pageStart { pageStart = min(first, lastPage) }
            let pageEnd = lastMarked ?? pageStart
            chunks.append(.init(sectionPath: draft.sectionPath, text: body, tokenCount: draft.tokenCount, pageStart: pageStart, pageEnd: pageEnd))
            lastPage = lastMarked ?? lastPage
        }
        let name = (path as NSString).lastPathComponent
        var warnings: [String] = []
        if let reason = extracted.limitReason { warnings.append(reason.replacingOccurrences(of: "ocr.max_pages", with: "kb.pdf_max_pages")) }
        let empty = extracted.pages.filter { $0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map(\.number)
        if !empty.isEmpty, empty.count < extracted.pages.count {
            warnings.append("\(empty.count) page(s) have no text: \(empty.prefix(20).map(String.init).joined(separator: ", "))")
        }
        var parsed = ParsedDocument(
            documentID: documentID, sourcePath: path, title: heading ?? (name as NSString).deletingPathExtension, language: nil,
            sourceURL: nil, productTypes: [], productModels: [], errorCodes: [], sourceFile: name, chunks: chunks,
            hashSalt: Self.pdfSalt(chunker.settings), warnings: warnings)
        let ocr = extracted.pages.filter { $0.method == .ocr }.count
        parsed.readComplete = !extracted.truncated && extracted.pages.allSatisfy { $0.note == nil }
        parsed.readSummary =
            "\(extracted.pages.count) of \(extracted.pageCount) pages read (\(ocr) by OCR) in "
            + String(format: "%.1f", extracted.durationMs / 1000) + " s"
        return parsed
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
