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

    /// Every record of `text`; a quoted field left open is a `Problem`.
    public static func rows(_ text: String) throws -> [Row] {
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var chars = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending {
                pending = nil
                return p
            }
            return chars.next()
        }
        while let ch = next() {
            if inQuotes {
                if ch == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            pending = following
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    field.append(ch)
                }
            } else {
                switch ch {
                case "\"" where field.isEmpty: inQuotes = true
                case ",":
                    fields.append(field)
                    field = ""
                case "\n", "\r\n":
                    fields.append(field)
                    field = ""
                    rows.append(Row(line: rowLine, fields: fields))
                    fields = []
                    line += 1
                    rowLine = line
                case "\r": continue
                default: field.append(ch)
                }
            }
        }
        if inQuotes { throw Problem(line: rowLine, message: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(line: rowLine, fields: fields))
        }
        return rows
    }
}
