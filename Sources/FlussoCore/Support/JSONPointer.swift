/// RFC 6901 JSON pointers over `JSONValue`: `""` is the whole document, `/a/0/b` walks object
/// keys and array indexes, `~1` stands for `/` and `~0` for `~` inside a key.
public enum JSONPointer {
    /// The reference tokens of `pointer`, or nil when it is not a pointer (it must be empty or
    /// start with `/`, and every `~` must be `~0` or `~1`).
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escape = false
            for character in raw {
                if escape {
                    switch character {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil
                    }
                    escape = false
                } else if character == "~" {
                    escape = true
                } else {
                    token.append(character)
                }
            }
            if escape { return nil }
            tokens.append(token)
        }
        return tokens
    }
}

extension JSONValue {
    /// The value `pointer` designates, or nil when the document has none there (or the pointer is
    /// not a pointer).
    public func at(pointer: String) -> JSONValue? {
        guard let tokens = JSONPointer.tokens(pointer) else { return nil }
        var current = self
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), token == String(index), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
