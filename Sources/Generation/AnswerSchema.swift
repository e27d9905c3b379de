import FlussoCore

/// The JSON schema of an answer (`probable_cause`, `steps [{order, text, citations}]`,
/// `citations [{chunk_id, quote}]`, `safety_flags`; a how-to or specification answer has no
/// `probable_cause`, and a specification at most three steps), with citations limited to the labels of the
/// sources given in the prompt, so a server that enforces schemas (llama.cpp's grammar) cannot
/// cite anything else. Lengths and counts are bounded, which also bounds how long a weak model
/// can ramble.
public enum AnswerSchema {
    public static let maxSteps = 8
    public static let maxStepCharacters = 400

    /// Steps a specification answer has at most: the value's sentence and its conditions.
    public static let maxSpecificationSteps = 3

    /// Whether an answer of this kind explains a cause: a fault does; a how-to or a value does not.
    public static func hasCause(_ kind: RequestKind) -> Bool { kind == .troubleshooting }

    public static func schema(labels: [String], kind: RequestKind = .troubleshooting) -> JSONValue {
        let label: JSONValue = .object(["type": .string("string"), "enum": .array(labels.map { .string($0) })])
        func string(_ maxLength: Int) -> JSONValue {
            .object(["type": .string("string"), "minLength": .number(1), "maxLength": .number(Double(maxLength))])
        }
        func object(_ properties: [String: JSONValue]) -> JSONValue {
            .object([
                "type": .string("object"), "properties": .object(properties),
                "required": .array(properties.keys.sorted().map { .string($0) }), "additionalProperties": .bool(false),
            ])
        }
        func array(_ items: JSONValue, min: Int, max: Int) -> JSONValue {
            .object(["type": .string("array"), "items": items, "minItems": .number(Double(min)), "maxItems": .number(Double(max))])
        }
        let step = object([
            "order": .object(["type": .string("integer")]),
            "text": string(maxStepCharacters),
            "citations": array(label, min: 1, max: 3),
        ])
        let citation = object(["chunk_id": label, "quote": string(300)])
        var properties: [String: JSONValue] = [
            "steps": array(step, min: 1, max: kind == .specification ? maxSpecificationSteps : maxSteps),
            "citations": array(citation, min: 1, max: 8),
            "safety_flags": array(string(200), min: 0, max: 5),
        ]
        if hasCause(kind) { properties["probable_cause"] = string(500) }
        return object(properties)
    }
}
