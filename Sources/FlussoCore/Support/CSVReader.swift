/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. The one CSV reader of
/// the modules that import Core (knowledge-base catalogues; the classifier engine, standard
/// library only, reads its training CSV itself).
public enum CSVReader {
    /// One record: the 1-based line it starts on, and its fields.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// Why a text is not CSV, with the line of the record at fault.
    public struct Problem: Error, Sendable, Equatable, FlussoErrorConvertible {
        public var line: Int
        public var message: String
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
        public var flussoError: FlussoError { FlussoError(.invalidCSV, "line \(line): \(message)") }
    }

    /// Every record of `text`; a quoted field left open is a `Problem`. Read as UTF-8 bytes (the
    /// delimiters are ASCII, so no multi-byte character is ever split): a million rows a few
    /// seconds, where walking `Character`s took several times as long.
    public static func rows(_ text: String) throws -> [Row] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var rows: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var text = text
        try text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                index += 1
                if inQuotes {
                    if byte == quote {
                        if index < count, bytes[index] == quote {
                            field.append(quote)
                            index += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if byte == newline { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case quote where field.isEmpty: inQuotes = true
                case comma:
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                case newline:
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    rows.append(Row(line: rowLine, fields: fields))
                    fields = []
                    line += 1
                    rowLine = line
                case carriageReturn: continue
                default: field.append(byte)
                }
            }
            if inQuotes { throw Problem(line: rowLine, message: "a quoted field is not closed") }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(String(decoding: field, as: UTF8.self))
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }
}
