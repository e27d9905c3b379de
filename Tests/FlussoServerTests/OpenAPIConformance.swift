import FlussoServer
import Foundation
import Yams

/// Holds real responses against the OpenAPI document: the documented response for the route
/// and status must exist, and the body must match its schema (the JSON Schema subset the
/// document uses: $ref, allOf, type, required, properties, additionalProperties, items, enum,
/// minimum, maximum, minLength, maxLength, pattern).
struct OpenAPIConformance {
    let document: [String: Any]

    init() throws {
        guard let root = try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any] else {
            throw ConformanceError("the OpenAPI document is not a mapping")
        }
        document = root
    }

    struct ConformanceError: Error, CustomStringConvertible {
        var description: String
        init(_ text: String) { description = text }
    }

    /// Returns the problems found (empty when the response conforms).
    func problems(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        guard let paths = document["paths"] as? [String: Any], let item = paths[path] as? [String: Any] else {
            return ["\(path) is not documented"]
        }
        guard let operation = item[method.lowercased()] as? [String: Any], let responses = operation["responses"] as? [String: Any] else {
            return ["\(method) \(path) is not documented"]
        }
        guard var response = responses[String(status)] as? [String: Any] else {
            return ["\(method) \(path) → \(status) is not documented"]
        }
        if let ref = response["$ref"] as? String { response = resolve(ref) }
        guard let content = response["content"] as? [String: Any] else { return body.isEmpty ? [] : ["\(status) has no documented content"] }
        let type = contentType?.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        guard let media = content[type] as? [String: Any], let schema = media["schema"] as? [String: Any] else {
            return ["\(method) \(path) → \(status): content type \(type) is not documented (documented: \(content.keys.sorted()))"]
        }
        if type != "application/json" { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return ["\(method) \(path) → \(status): body is not JSON"]
        }
        var found: [String] = []
        validate(value, schema, at: "$", into: &found)
        return found
    }

    private func resolve(_ ref: String) -> [String: Any] {
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return node as? [String: Any] ?? [:]
    }

    private func validate(_ value: Any, _ schema: [String: Any], at path: String, into found: inout [String]) {
        if let ref = schema["$ref"] as? String {
            validate(value, resolve(ref), at: path, into: &found)
            return
        }
        if let all = schema["allOf"] as? [[String: Any]] {
            for part in all { validate(value, part, at: path, into: &found) }
        }
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }) {
            guard types.contains(where: { matches(value, type: $0) }) else {
                found.append("\(path): expected \(types.joined(separator: "|")), got \(value)")
                return
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { "\($0)" == "\(value)" }) {
            found.append("\(path): \(value) is not one of \(options)")
        }
        if let text = value as? String {
            if let max = schema["maxLength"] as? Int, text.count > max { found.append("\(path): longer than \(max)") }
            if let min = schema["minLength"] as? Int, text.count < min { found.append("\(path): shorter than \(min)") }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): '\(text)' does not match \(pattern)")
            }
        }
        if let number = (value as? NSNumber).flatMap({ CFGetTypeIDIsBool($0) ? nil : $0.doubleValue }) {
            if let min = (schema["minimum"] as? NSNumber)?.doubleValue, number < min { found.append("\(path): below \(min)") }
            if let max = (schema["maximum"] as? NSNumber)?.doubleValue, number > max { found.append("\(path): above \(max)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(path): required property \(name) is missing")
            }
            for (name, item) in object {
                if let property = properties[name] as? [String: Any] {
                    validate(item, property, at: "\(path).\(name)", into: &found)
                } else if let extra = schema["additionalProperties"] as? [String: Any] {
                    validate(item, extra, at: "\(path).\(name)", into: &found)
                } else if (schema["additionalProperties"] as? Bool) == false {
                    found.append("\(path): property \(name) is not documented")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { validate(item, items, at: "\(path)[\(index)]", into: &found) }
        }
    }

    private func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "boolean": return (value as? NSNumber).map(CFGetTypeIDIsBool) ?? false
        case "integer":
            guard let number = value as? NSNumber, !CFGetTypeIDIsBool(number) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return (value as? NSNumber).map { !CFGetTypeIDIsBool($0) } ?? false
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        default: return false
        }
    }
}

/// True when a JSONSerialization number is a boolean.
private func CFGetTypeIDIsBool(_ number: NSNumber) -> Bool {
    String(cString: number.objCType) == "c" && (number == NSNumber(value: true) || number == NSNumber(value: false))
}
