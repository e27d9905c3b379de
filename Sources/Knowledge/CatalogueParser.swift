import FlussoCore
import Foundation
import Yams

/// Reads an error-code catalogue with a `CatalogueMapping`: one document per file, one chunk per
/// entry (title, code and text, plus the mapping's extra fields).
struct CatalogueParser {
    var mapping: CatalogueMapping
    /// Problems that were worked around (reported, not fatal).
    private(set) var warnings: [String] = []

    /// Drops `key: value` lines that repeat, verbatim, a key line of the same list item (lines at
    /// the item's key indentation only, so multi-line values are never touched). Returns the
    /// 1-based numbers of the dropped lines.
    static func droppingRepeatedLines(_ text: String) -> (text: String, dropped: Int, lines: [Int]) {
        var out: [Substring] = []
        var seen = Set<Substring>()
        var keyIndent = -1
        var dropped: [Int] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                out.append(line)
                continue
            }
            if trimmed.hasPrefix("- ") {
                seen = [trimmed.dropFirst(2)]
                keyIndent = indent + 2
            } else if indent < keyIndent {
                seen = []
                keyIndent = indent
            } else if indent == keyIndent, trimmed.contains(": "), !seen.insert(trimmed).inserted {
                dropped.append(number + 1)
                continue
            }
            out.append(line)
        }
        return (out.joined(separator: "\n"), dropped.count, dropped)
    }

    mutating func parse(data: Data, ext: String, path: String, documentID: String) throws -> ParsedDocument {
        guard let text = String(data: data, encoding: .utf8) else {
            throw KnowledgeError("invalid_encoding", "the file is not valid UTF-8")
        }
        let entries: [(line: Int?, fields: [String: Any])]
        switch ext {
        case "csv": entries = try csvEntries(text)
        case "json": entries = try listEntries(try jsonRoot(text))
        default: entries = try yamlEntries(text)
        }
        guard !entries.isEmpty else { throw KnowledgeError("empty_document", "the catalogue has no entries") }
        var chunks: [ParsedDocument.Chunk] = []
        for (index, entry) in entries.enumerated() {
            let where_ = entry.line ?? (index + 1)
            func required(_ field: String, _ role: String) throws -> String {
                guard let value = FrontMatter.string(entry.fields[field]), !value.isEmpty else {
                    throw KnowledgeError(
                        "missing_field", "entry \(index + 1): mapping '\(mapping.name)' reads \(role) from '\(field)', which is missing",
                        line: where_)
                }
                return value
            }
            let code = try required(mapping.fields.code, "the code")
            let title = try required(mapping.fields.title, "the title")
            let body = try required(mapping.fields.text, "the text")
            let extra = mapping.extraText.flatMap { FrontMatter.list(entry.fields[$0]) }
            let models = mapping.fields.models.map { FrontMatter.list(entry.fields[$0]) } ?? []
            var chunkText = "\(code) \(title)\n\n\(body)"
            if !extra.isEmpty { chunkText += "\n\n" + extra.joined(separator: "; ") }
            let idPart = mapping.fields.id.flatMap { FrontMatter.string(entry.fields[$0]) }
            chunks.append(
                .init(
                    sectionPath: [idPart.map { "\(code) \($0)" } ?? "\(code) \(title)"], text: chunkText,
                    tokenCount: TextTerms.tokenCount(chunkText),
                    productModels: models.map { $0.uppercased() }, errorCodes: [code.uppercased()]))
        }
        let title = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var document = ParsedDocument(
            documentID: documentID, sourcePath: path, title: title, language: mapping.language, sourceURL: nil,
            productTypes: mapping.productTypes, productModels: [], errorCodes: [], chunks: chunks,
            hashSalt: "catalogue:\(mapping)")
        document.warnings = warnings
        return document
    }

    private mutating func yamlEntries(_ text: String) throws -> [(line: Int?, fields: [String: Any])] {
        var text = text
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch let error as YamlError where "\(error)".contains("duplicated key") {
            // YAML forbids a key twice in one mapping, but catalogues written for tools that
            // accept it (PyYAML keeps the last) exist; a line repeated verbatim is dropped.
            let cleaned = Self.droppingRepeatedLines(text)
            guard cleaned.dropped > 0, let reparsed = try? Yams.load(yaml: cleaned.text) else {
                throw KnowledgeError("invalid_yaml", "not valid YAML: a key appears twice in one mapping", line: Self.line(of: error))
            }
            warnings.append(contentsOf: cleaned.lines.map { "line \($0): a key repeated verbatim in one entry was ignored" })
            text = cleaned.text
            root = reparsed
        } catch let error as YamlError {
            throw KnowledgeError("invalid_yaml", "not valid YAML: \(error)", line: Self.line(of: error))
        }
        let entries = try listEntries(root)
        // Entry lines: the n-th "- " item of the list, found by a light scan (for messages only).
        let itemLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.trimmingCharacters(in: .whitespaces).hasPrefix("- ") && $0.element.contains(":") }
            .map { $0.offset + 1 }
        return entries.enumerated().map { (line: $0.offset < itemLines.count ? itemLines[$0.offset] : nil, fields: $0.element.fields) }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private func jsonRoot(_ text: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw KnowledgeError("invalid_json", "not valid JSON: \(error.localizedDescription)")
        }
    }

    private func listEntries(_ root: Any?) throws -> [(line: Int?, fields: [String: Any])] {
        var node = root
        if !mapping.list.isEmpty {
            for key in mapping.list.split(separator: ".") {
                guard let map = node as? [String: Any], let next = map[String(key)] else {
                    throw KnowledgeError("missing_field", "mapping '\(mapping.name)' expects the entries under '\(mapping.list)', which is missing")
                }
                node = next
            }
        }
        guard let list = node as? [Any] else {
            throw KnowledgeError(
                "invalid_catalogue", "mapping '\(mapping.name)': '\(mapping.list.isEmpty ? "the top level" : mapping.list)' is not a list")
        }
        return try list.enumerated().map { index, item in
            guard let fields = item as? [String: Any] else {
                throw KnowledgeError("invalid_catalogue", "entry \(index + 1) is not a mapping of fields")
            }
            return (line: nil, fields: fields)
        }
    }

    private func csvEntries(_ text: String) throws -> [(line: Int?, fields: [String: Any])] {
        let rows: [CSVReader.Row]
        do {
            rows = try CSVReader.rows(text)
        } catch let error as CSVReader.Problem {
            throw KnowledgeError("invalid_csv", error.message, line: error.line)
        }
        guard let header = rows.first else { return [] }
        var out: [(line: Int?, fields: [String: Any])] = []
        for row in rows.dropFirst() where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            guard row.fields.count == header.fields.count else {
                throw KnowledgeError("invalid_csv", "expected \(header.fields.count) columns, found \(row.fields.count)", line: row.line)
            }
            var fields: [String: Any] = [:]
            for (name, value) in zip(header.fields, row.fields) {
                fields[name] =
                    value.contains(";") || value.contains("|")
                    ? value.split(whereSeparator: { $0 == ";" || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }
                    : value
            }
            out.append((line: row.line, fields: fields))
        }
        return out
    }
}
