import Foundation

/// What `flusso enrich import` loads.
public enum EnrichmentKind: String, CaseIterable, Sendable {
    case customers, assets, history
}

/// A row of an import file that was not imported, and why.
public struct ImportRejection: Codable, Sendable, Equatable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// The rows of an import file that passed, and those that did not.
public struct ImportBatch<Record: Sendable>: Sendable {
    public var records: [Record]
    public var rejections: [ImportRejection]
}

/// Reads enrichment import files: CSV with a header line, or JSONL (one object per line; chosen
/// when the first non-blank byte is `{`). Every row is checked on its own: a row that is not
/// UTF-8, longer than `maxLineBytes`, not JSON, missing a required field, with a bad date or
/// number, or repeating a key seen earlier in the file is rejected with its line number; the
/// others are returned. A CSV header naming an unknown column refuses the whole file, so a
/// misspelt column never drops data silently.
public enum EnrichmentImport {
    /// Longest line read.
    public static let maxLineBytes = 64 * 1024

    public static let customerFields: Set<String> = ["id", "name", "tier", "sla_hours", "contract"]
    public static let assetFields: Set<String> = ["serial", "customer_id", "product_type", "model", "warranty_end", "install_date"]
    public static let historyFields: Set<String> = ["serial", "date", "action", "parts", "note"]

    public static func customers(_ data: Data) throws -> ImportBatch<CustomerRecord> {
        var seen: [String: Int] = [:]
        return try records(data, allowed: customerFields) { line, fields in
            let id = try required(fields, "id", identifier: true)
            if let first = seen[id] { throw RowProblem("duplicate id \(id) (first on line \(first))") }
            seen[id] = line
            var slaHours: Double?
            if let text = fields["sla_hours"], !text.isEmpty {
                guard let hours = Double(text), hours.isFinite, hours > 0, hours <= 8760 else {
                    throw RowProblem("sla_hours must be a number of hours from 0 to 8760, got '\(text)'")
                }
                slaHours = hours
            }
            return CustomerRecord(
                id: id, name: try required(fields, "name"), tier: optional(fields, "tier"), slaHours: slaHours,
                contract: optional(fields, "contract"))
        }
    }

    public static func assets(_ data: Data) throws -> ImportBatch<AssetRecord> {
        var seen: [String: Int] = [:]
        return try records(data, allowed: assetFields) { line, fields in
            let serial = try required(fields, "serial", identifier: true)
            if let first = seen[serial] { throw RowProblem("duplicate serial \(serial) (first on line \(first))") }
            seen[serial] = line
            return AssetRecord(
                serial: serial, customerID: optional(fields, "customer_id"), productType: optional(fields, "product_type"),
                model: optional(fields, "model"), warrantyEnd: try date(fields, "warranty_end"),
                installDate: try date(fields, "install_date"))
        }
    }

    public static func history(_ data: Data) throws -> ImportBatch<ServiceEvent> {
        try records(data, allowed: historyFields) { _, fields in
            guard let day = try date(fields, "date") else { throw RowProblem("date is required") }
            return ServiceEvent(
                serial: try required(fields, "serial", identifier: true), date: day, action: try required(fields, "action"),
                parts: optional(fields, "parts"), note: optional(fields, "note"))
        }
    }

    /// Whether `text` is a real calendar date written `YYYY-MM-DD`.
    public static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }), (1...12).contains(month), year >= 1900
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    // MARK: rows

    struct RowProblem: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func required(_ fields: [String: String], _ name: String, identifier: Bool = false) throws -> String {
        guard let value = optional(fields, name) else { throw RowProblem("\(name) is required") }
        if identifier, !isIdentifier(value) {
            throw RowProblem("\(name) may only use letters, digits and - _ . : / # (at most 256), got '\(value.prefix(40))'")
        }
        return value
    }

    /// Letters, digits and `- _ . : / #`, at most 256 characters. ASCII is checked byte by byte
    /// (a million rows are imported in seconds); other text character by character.
    private static func isIdentifier(_ value: String) -> Bool {
        let isASCIIWord = value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || identifierMarks.contains(byte)
        }
        if isASCIIWord { return value.utf8.count <= 256 }
        return value.count <= 256 && value.allSatisfy { $0.isLetter || $0.isNumber || "-_.:/#".contains($0) }
    }

    private static let identifierMarks: Set<UInt8> = Set("-_.:/#".utf8)

    private static func optional(_ fields: [String: String], _ name: String) -> String? {
        guard let value = fields[name] else { return nil }
        // Most values have nothing to trim: ASCII that is not white space at both ends.
        if let first = value.utf8.first, let last = value.utf8.last, first < 0x80, last < 0x80, first > 0x20, last > 0x20 {
            return value
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func date(_ fields: [String: String], _ name: String) throws -> String? {
        guard let value = optional(fields, name) else { return nil }
        guard isISODate(value) else { throw RowProblem("\(name) must be a date YYYY-MM-DD, got '\(value.prefix(40))'") }
        return value
    }

    /// Each row through `make`; rows it refuses, and rows the file format refuses, are rejections.
    private static func records<Record: Sendable>(
        _ data: Data, allowed: Set<String>, make: (_ line: Int, _ fields: [String: String]) throws -> Record
    ) throws -> ImportBatch<Record> {
        let (rows, refused) = try self.rows(data, allowed: allowed)
        var batch = ImportBatch<Record>(records: [], rejections: refused)
        for row in rows {
            do {
                batch.records.append(try make(row.line, row.fields))
            } catch let problem as RowProblem {
                batch.rejections.append(ImportRejection(line: row.line, reason: problem.reason))
            }
        }
        batch.rejections.sort { $0.line < $1.line }
        return batch
    }

    /// The file's rows as field → text, with the line each starts on.
    static func rows(_ data: Data, allowed: Set<String>) throws -> (rows: [(line: Int, fields: [String: String])], refused: [ImportRejection]) {
        var refused: [ImportRejection] = []
        // Physical lines: one that is too long or not UTF-8 is refused and left blank, so the
        // others keep their numbers.
        var lines: [String] = []
        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
        let body = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        for (index, bytes) in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if bytes.count > maxLineBytes {
                refused.append(ImportRejection(line: index + 1, reason: "the line has \(bytes.count) bytes; at most \(maxLineBytes) are read"))
                lines.append("")
            } else if let text = String(validating: bytes, as: UTF8.self) {
                lines.append(text.hasSuffix("\r") ? String(text.dropLast()) : text)
            } else {
                refused.append(ImportRejection(line: index + 1, reason: "the line is not UTF-8 text"))
                lines.append("")
            }
        }
        let firstText = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        if firstText.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
            return (jsonLines(lines, allowed: allowed, refused: &refused), refused)
        }
        return (try csvRows(lines, allowed: allowed, refused: &refused), refused)
    }

    private static func jsonLines(
        _ lines: [String], allowed: Set<String>, refused: inout [ImportRejection]
    ) -> [(line: Int, fields: [String: String])] {
        var rows: [(line: Int, fields: [String: String])] = []
        for (index, text) in lines.enumerated() where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let value = try? JSONValue.parse(Data(text.utf8)), case .object(let object) = value else {
                refused.append(ImportRejection(line: index + 1, reason: "not a JSON object"))
                continue
            }
            if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                refused.append(
                    ImportRejection(line: index + 1, reason: "unknown field '\(unknown)' (known: \(allowed.sorted().joined(separator: ", ")))"))
                continue
            }
            var fields: [String: String] = [:]
            var problem: String?
            for (key, item) in object {
                switch item {
                case .string(let text): fields[key] = text
                case .number(let number): fields[key] = number.plainText
                case .null: break
                default: problem = "\(key) must be a string or a number, not \(item.typeName)"
                }
            }
            if let problem {
                refused.append(ImportRejection(line: index + 1, reason: problem))
                continue
            }
            rows.append((line: index + 1, fields: fields))
        }
        return rows
    }

    private static func csvRows(
        _ lines: [String], allowed: Set<String>, refused: inout [ImportRejection]
    ) throws -> [(line: Int, fields: [String: String])] {
        let records: [CSVReader.Row]
        do {
            records = try CSVReader.rows(lines.joined(separator: "\n"))
        } catch let problem as CSVReader.Problem {
            throw FlussoError(.invalidCSV, "line \(problem.line): \(problem.message)")
        }
        let nonBlank = records.filter { !($0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty) }
        guard let header = nonBlank.first else { return [] }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let unknown = columns.first(where: { !allowed.contains($0) }) {
            throw FlussoError(.invalidCSV, "line \(header.line): unknown column '\(unknown)' (known: \(allowed.sorted().joined(separator: ", ")))")
        }
        guard Set(columns).count == columns.count else { throw FlussoError(.invalidCSV, "line \(header.line): a column is named twice") }
        var rows: [(line: Int, fields: [String: String])] = []
        for record in nonBlank.dropFirst() {
            guard record.fields.count == columns.count else {
                refused.append(ImportRejection(line: record.line, reason: "expected \(columns.count) columns, found \(record.fields.count)"))
                continue
            }
            rows.append((line: record.line, fields: Dictionary(uniqueKeysWithValues: zip(columns, record.fields))))
        }
        return rows
    }
}
