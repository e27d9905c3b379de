#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which fields of a record hold what. Field names may be dotted paths into JSONL objects
/// (`ticket.symptom_text`).
public struct DatasetFields: Sendable, Equatable {
    public var text: String
    public var label: String
    /// Optional ticket fields: when a record has them they become structured features through
    /// `TicketFeatures` (the same function the pipeline uses on tickets).
    public var errorCode: String?
    public var productType: String?

    public init(text: String = "text", label: String = "label", errorCode: String? = "error_code", productType: String? = "product_type") {
        self.text = text
        self.label = label
        self.errorCode = errorCode
        self.productType = productType
    }
}

/// Labelled examples read from files, and what was skipped on the way.
public struct Dataset: Sendable, Equatable {
    public var examples: [LabelledExample]
    /// Records left out, with file and line (for example feedback whose ticket has no category).
    public var skipped: [String]
}

/// Reads labelled examples from CSV (a header row, RFC 4180 quoting: `"a, ""b"""`, newlines
/// inside quotes) and JSONL (one object per line) files.
///
/// The format follows the extension (`.csv`; `.jsonl`, `.ndjson`, `.json`), else the first
/// character (`{` means JSONL). Lines of `flusso feedback export` (`{"ticket": …, "feedback": …}`)
/// are recognised: their text, error code and product type come from the ticket and the label
/// from `ticket.classification.category` (records without one are skipped and listed).
/// Errors name the file and line: `unreadable_file`, `invalid_utf8`, `invalid_csv`,
/// `invalid_json`, `missing_field`, `empty_dataset`. Records with empty text are skipped.
public enum DatasetLoader {
    public static func load(files: [String], fields: DatasetFields = DatasetFields()) throws -> Dataset {
        guard !files.isEmpty else { throw ClassifierError("empty_dataset", "no data file given") }
        var all = Dataset(examples: [], skipped: [])
        for file in files {
            let part = try parse(bytes: try readFile(file), name: file, fields: fields)
            all.examples += part.examples
            all.skipped += part.skipped
        }
        return all
    }

    /// Parses one file's bytes; `name` is used in messages and to pick the format.
    public static func parse(bytes: [UInt8], name: String, fields: DatasetFields = DatasetFields()) throws -> Dataset {
        try checkUTF8(bytes, name: name)
        let lower = name.lowercased()
        let firstByte = bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        let isJSONL =
            lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json")
            || !lower.hasSuffix(".csv") && firstByte == UInt8(ascii: "{")
        let data = isJSONL ? try parseJSONL(bytes, name: name, fields: fields) : try parseCSV(bytes, name: name, fields: fields)
        guard !data.examples.isEmpty else {
            throw ClassifierError("empty_dataset", "\(name) has no labelled examples")
        }
        return data
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw ClassifierError("unreadable_file", "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(f) != 0 { throw ClassifierError("unreadable_file", "cannot read \(path)") }
                break
            }
        }
        return out
    }

    static func checkUTF8(_ bytes: [UInt8], name: String) throws {
        if String(validating: bytes, as: UTF8.self) != nil { return }
        var line = 1
        var start = 0
        for i in 0...bytes.count where i == bytes.count || bytes[i] == 0x0A {
            if String(validating: bytes[start..<i], as: UTF8.self) == nil {
                throw ClassifierError("invalid_utf8", "\(name):\(line): the text is not valid UTF-8")
            }
            line += 1
            start = i + 1
        }
        throw ClassifierError("invalid_utf8", "\(name): the text is not valid UTF-8")
    }

    // MARK: JSONL

    static func parseJSONL(_ bytes: [UInt8], name: String, fields: DatasetFields) throws -> Dataset {
        var out = Dataset(examples: [], skipped: [])
        var line = 0
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            line += 1
            defer { start = end + 1 }
            let slice = bytes[start..<end]
            if slice.allSatisfy({ [0x20, 0x09, 0x0D].contains($0) }) { continue }
            let record: JSONLite
            do {
                record = try JSONLite.parse(slice)
            } catch {
                throw ClassifierError("invalid_json", "\(name):\(line): \(error.message)")
            }
            guard case .object = record else {
                throw ClassifierError("invalid_json", "\(name):\(line): each line must be a JSON object")
            }
            let origin = "\(name):\(line)"
            if record.value(at: fields.text) == nil, case .object? = record.value(at: "ticket"), record.value(at: "feedback") != nil {
                // A line of `flusso feedback export`.
                guard let text = record.value(at: "ticket.symptom_text")?.text else {
                    throw ClassifierError("missing_field", "\(origin): the exported ticket has no symptom_text")
                }
                guard let label = record.value(at: "ticket.classification.category")?.text, !label.isEmpty else {
                    out.skipped.append("\(origin): exported ticket has no classification.category")
                    continue
                }
                let input = TicketFeatures.input(
                    symptomText: text, errorCode: record.value(at: "ticket.error_code")?.text,
                    productType: record.value(at: "ticket.asset.product_type")?.text)
                append(input: input, label: label, origin: origin, to: &out)
                continue
            }
            guard let text = record.value(at: fields.text)?.text else {
                throw ClassifierError("missing_field", "\(origin): no text field '\(fields.text)'")
            }
            guard let label = record.value(at: fields.label)?.text, !label.isEmpty else {
                throw ClassifierError("missing_field", "\(origin): no label field '\(fields.label)'")
            }
            let input = TicketFeatures.input(
                symptomText: text,
                errorCode: fields.errorCode.flatMap { record.value(at: $0)?.text },
                productType: fields.productType.flatMap { record.value(at: $0)?.text })
            append(input: input, label: label, origin: origin, to: &out)
        }
        return out
    }

    static func append(input: ClassifierInput, label: String, origin: String, to out: inout Dataset) {
        if Featurizer.words(input.text).isEmpty {
            out.skipped.append("\(origin): empty text")
        } else {
            out.examples.append(LabelledExample(input: input, label: label, origin: origin))
        }
    }

    // MARK: CSV

    /// Splits CSV into records of fields, with the line each record starts on.
    static func csvRecords(_ bytes: [UInt8], name: String) throws -> [(line: Int, fields: [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if c == 0x0A { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                guard field.isEmpty, !wasQuoted else {
                    throw ClassifierError(
                        "invalid_csv", "\(name):\(line): a quote inside an unquoted field (quote the whole field and double inner quotes)")
                }
                inQuotes = true
                wasQuoted = true
            case UInt8(ascii: ","):
                endField()
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break
            case 0x0A:
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields.removeAll()
                line += 1
                recordLine = line
            default:
                if wasQuoted {
                    throw ClassifierError("invalid_csv", "\(name):\(line): text after a closing quote")
                }
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw ClassifierError("invalid_csv", "\(name):\(recordLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endField()
            records.append((recordLine, fields))
        }
        return records
    }

    static func parseCSV(_ bytes: [UInt8], name: String, fields: DatasetFields) throws -> Dataset {
        let records = try csvRecords(bytes, name: name)
        guard let header = records.first else {
            throw ClassifierError("empty_dataset", "\(name) is empty")
        }
        let columns = header.fields.map { $0.trimmingSpaces }
        guard let textColumn = columns.firstIndex(of: fields.text) else {
            throw ClassifierError("missing_field", "\(name):1: no column '\(fields.text)' (columns: \(columns.joined(separator: ", ")))")
        }
        guard let labelColumn = columns.firstIndex(of: fields.label) else {
            throw ClassifierError("missing_field", "\(name):1: no column '\(fields.label)' (columns: \(columns.joined(separator: ", ")))")
        }
        let errorColumn = fields.errorCode.flatMap { columns.firstIndex(of: $0) }
        let productColumn = fields.productType.flatMap { columns.firstIndex(of: $0) }
        var out = Dataset(examples: [], skipped: [])
        for (line, record) in records.dropFirst() {
            guard record.count == columns.count else {
                throw ClassifierError("invalid_csv", "\(name):\(line): \(record.count) field(s), the header has \(columns.count)")
            }
            let label = record[labelColumn].trimmingSpaces
            guard !label.isEmpty else {
                throw ClassifierError("missing_field", "\(name):\(line): empty label in column '\(fields.label)'")
            }
            let input = TicketFeatures.input(
                symptomText: record[textColumn],
                errorCode: errorColumn.map { record[$0] },
                productType: productColumn.map { record[$0] })
            append(input: input, label: label, origin: "\(name):\(line)", to: &out)
        }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
