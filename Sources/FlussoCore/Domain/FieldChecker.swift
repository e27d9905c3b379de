import Foundation

/// Collects field problems while a JSON body is read; used by the submission validators.
struct FieldChecker {
    enum Pattern {
        /// Letters, digits and `-_.:/#` (ids, serials, error codes).
        case identifier
        /// `en`, `it`, `en-GB`.
        case languageTag
        /// An absolute `http` or `https` URL.
        case httpURL
        /// `file://`, `s3://`, `http://` or `https://`.
        case attachmentURI
        /// A file name without directories.
        case filename
    }

    private(set) var problems: [FieldProblem] = []

    mutating func problem(_ field: String, _ message: String) {
        problems.append(FieldProblem(field: field, message: message))
    }

    mutating func refuseUnknown(_ object: [String: JSONValue], allowed: Set<String>, prefix: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            problem(prefix + key, "is not a known field")
        }
    }

    mutating func object(_ value: JSONValue?, field: String, required: Bool) -> [String: JSONValue]? {
        switch value {
        case .none, .some(.null):
            if required { problem(field, "is required") }
            return nil
        case .some(.object(let fields)):
            return fields
        case .some(let other):
            problem(field, "must be an object, not \(other.typeName)")
            return nil
        }
    }

    mutating func array(_ value: JSONValue?, field: String) -> [JSONValue]? {
        switch value {
        case .none, .some(.null): return nil
        case .some(.array(let items)): return items
        case .some(let other):
            problem(field, "must be an array, not \(other.typeName)")
            return nil
        }
    }

    mutating func bool(_ value: JSONValue?, field: String, required: Bool = false) -> Bool? {
        switch value {
        case .none, .some(.null):
            if required { problem(field, "is required") }
            return nil
        case .some(.bool(let flag)): return flag
        case .some(let other):
            problem(field, "must be a boolean, not \(other.typeName)")
            return nil
        }
    }

    mutating func integer(_ value: JSONValue?, field: String, range: ClosedRange<Int>) -> Int? {
        switch value {
        case .none, .some(.null): return nil
        case .some(.number(let number)):
            guard number.rounded() == number, let int = Int(exactly: number), range.contains(int) else {
                problem(field, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
                return nil
            }
            return int
        case .some(let other):
            problem(field, "must be an integer, not \(other.typeName)")
            return nil
        }
    }

    /// The trimmed string, or nil. An optional field that is null, missing or empty (blank) is
    /// absent; a required one is a problem.
    mutating func string(_ value: JSONValue?, field: String, required: Bool = false, max: Int, pattern: Pattern? = nil) -> String? {
        switch value {
        case .none, .some(.null):
            if required { problem(field, "is required") }
            return nil
        case .some(.string(let raw)):
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                // Form-based clients send "" for a field left blank: an optional one is absent.
                if required { problem(field, "is required and must not be empty") }
                return nil
            }
            if text.count > max {
                problem(field, "has \(text.count) characters; at most \(max) are allowed")
                return nil
            }
            if let pattern, !Self.matches(text, pattern) {
                problem(field, Self.explain(pattern))
                return nil
            }
            return text
        case .some(let other):
            problem(field, "must be a string, not \(other.typeName)")
            return nil
        }
    }

    /// A person's name as a body gives it (`reviewer`): a trimmed string of at most `max`
    /// characters, no control characters.
    mutating func personName(_ value: JSONValue?, field: String, max: Int) -> String? {
        guard let name = string(value, field: field, max: max) else { return nil }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            problem(field, "must not contain control characters")
            return nil
        }
        return name
    }

    func throwIfProblems() throws {
        guard let first = problems.first else { return }
        let message =
            problems.count == 1
            ? "\(first.field) \(first.message)"
            : "\(first.field) \(first.message) (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))"
        throw FlussoError(.validationFailed, message, field: first.field, details: problems)
    }

    static func matches(_ text: String, _ pattern: Pattern) -> Bool {
        switch pattern {
        case .identifier:
            return text.allSatisfy { $0.isLetter || $0.isNumber || "-_.:/#".contains($0) }
        case .languageTag:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
            return parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        case .httpURL:
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host?.isEmpty == false else { return false }
            return scheme == "http" || scheme == "https"
        case .attachmentURI:
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else { return false }
            switch scheme {
            case "file": return !url.path.isEmpty && url.path.hasPrefix("/")
            case "s3", "http", "https": return url.host?.isEmpty == false
            default: return false
            }
        case .filename:
            return !text.contains("/") && !text.contains("\\") && text != "." && text != ".." && !text.contains("\0")
        }
    }

    static func explain(_ pattern: Pattern) -> String {
        switch pattern {
        case .identifier: "may only use letters, digits and - _ . : / #"
        case .languageTag: "must be a language tag such as en, it or en-GB"
        case .httpURL: "must be an absolute http or https URL"
        case .attachmentURI: "must be a file://, s3://, http:// or https:// URI"
        case .filename: "must be a file name without directories"
        }
    }
}
