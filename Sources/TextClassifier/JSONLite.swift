/// A small JSON reader for JSONL training files, so the engine needs no Foundation.
/// Numbers are kept as their source text (a numeric label `3` stays `"3"`).
enum JSONLite: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONLite])
    case object([(String, JSONLite)])

    static func == (a: JSONLite, b: JSONLite) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)), let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The value at a dotted path (`ticket.asset.product_type`).
    func value(at path: String) -> JSONLite? {
        var current: JSONLite = self
        for key in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .object(let members) = current, let next = members.last(where: { $0.0 == key })?.1 else { return nil }
            current = next
        }
        return current
    }

    /// The value as text: strings as they are, numbers and booleans as written, else nil.
    var text: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    struct ParseError: Error { var message: String }

    static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> JSONLite {
        var p = Parser(bytes: bytes, pos: bytes.startIndex)
        p.skipSpace()
        let value = try p.value(depth: 0)
        p.skipSpace()
        guard p.pos == bytes.endIndex else { throw ParseError(message: "unexpected text after the JSON value") }
        return value
    }

    struct Parser {
        let bytes: ArraySlice<UInt8>
        var pos: Int

        mutating func skipSpace() {
            while pos < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
        }

        mutating func expect(_ literal: String) throws(ParseError) {
            for b in literal.utf8 {
                guard pos < bytes.endIndex, bytes[pos] == b else { throw ParseError(message: "invalid literal, expected \(literal)") }
                pos += 1
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> JSONLite {
            guard depth < 64 else { throw ParseError(message: "nested too deeply") }
            guard pos < bytes.endIndex else { throw ParseError(message: "unexpected end of line") }
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                pos += 1
                var members: [(String, JSONLite)] = []
                skipSpace()
                if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    return .object(members)
                }
                while true {
                    skipSpace()
                    guard pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "\"") else { throw ParseError(message: "expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard pos < bytes.endIndex else { throw ParseError(message: "unterminated object") }
                    if bytes[pos] == UInt8(ascii: ",") {
                        pos += 1
                        continue
                    }
                    if bytes[pos] == UInt8(ascii: "}") {
                        pos += 1
                        return .object(members)
                    }
                    throw ParseError(message: "expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                pos += 1
                var items: [JSONLite] = []
                skipSpace()
                if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    return .array(items)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard pos < bytes.endIndex else { throw ParseError(message: "unterminated array") }
                    if bytes[pos] == UInt8(ascii: ",") {
                        pos += 1
                        continue
                    }
                    if bytes[pos] == UInt8(ascii: "]") {
                        pos += 1
                        return .array(items)
                    }
                    throw ParseError(message: "expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default:
                let start = pos
                while pos < bytes.endIndex, "+-0123456789.eE".utf8.contains(bytes[pos]) { pos += 1 }
                guard pos > start else { throw ParseError(message: "unexpected character") }
                return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard pos + 4 <= bytes.endIndex else { throw ParseError(message: "short \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[pos]
                pos += 1
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 65...70: d = UInt32(c - 55)
                case 97...102: d = UInt32(c - 87)
                default: throw ParseError(message: "bad \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }

        mutating func string() throws(ParseError) -> String {
            pos += 1  // opening quote
            var out: [UInt8] = []
            while pos < bytes.endIndex {
                let c = bytes[pos]
                pos += 1
                if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if c == UInt8(ascii: "\\") {
                    guard pos < bytes.endIndex else { break }
                    let e = bytes[pos]
                    pos += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "b"): out.append(8)
                    case UInt8(ascii: "f"): out.append(12)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.endIndex,
                            bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                        {
                            pos += 2
                            let low = try hex4()
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                        }
                        let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                        out.append(contentsOf: String(Character(s)).utf8)
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            throw ParseError(message: "unterminated string")
        }
    }
}
