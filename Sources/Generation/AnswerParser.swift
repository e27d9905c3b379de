import FlussoCore
import Foundation

/// The parts of a solution an answer gave, with citations already mapped to chunk ids.
public struct ParsedAnswer: Sendable, Equatable {
    public var probableCause: String
    public var steps: [SolutionStep]
    public var citations: [SolutionCitation]
    public var safetyFlags: [String]
}

/// Why an answer was refused; each counts as a failed attempt of its link.
public struct AnswerRejection: Error, Sendable, Equatable {
    /// `unparsable` (no JSON object), `invalid_answer` (wrong shape, empty cause or steps) or
    /// `unknown_citation` (an id that was not given).
    public var outcome: String
    public var detail: String
}

/// Reads an LLM's answer: tolerates Markdown fences and prose around the JSON object, reads the
/// first complete object, and checks its shape. A citation may name a source by its label
/// (`S2`, `[S2]`, `s2`) or by its chunk id; any other id rejects the whole answer.
public enum AnswerParser {
    /// `requiresCause`: a fault's answer must give `probable_cause`; a how-to's or a value's may
    /// leave it out (it is then empty).
    public static func parse(_ content: String, labels: [(label: String, chunkID: String)], requiresCause: Bool = true) throws -> ParsedAnswer {
        guard let json = firstJSONObject(in: content), let data = json.data(using: .utf8),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let object) = value
        else {
            throw AnswerRejection(outcome: "unparsable", detail: "no JSON object in the answer: \(String(content.prefix(160)))")
        }
        var byName: [String: String] = [:]
        for (label, chunkID) in labels {
            byName[label.lowercased()] = chunkID
            byName[chunkID.lowercased()] = chunkID
        }
        func resolve(_ raw: String) throws -> String {
            var key = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if key.hasPrefix("[") && key.hasSuffix("]") { key = String(key.dropFirst().dropLast()) }
            guard let id = byName[key] else {
                throw AnswerRejection(outcome: "unknown_citation", detail: "the answer cites '\(raw)', which was not among the sources given")
            }
            return id
        }
        var rawCause = ""
        if case .string(let given)? = object["probable_cause"] { rawCause = given }
        if requiresCause && rawCause.trimmed.isEmpty {
            throw AnswerRejection(outcome: "invalid_answer", detail: "probable_cause is missing or empty")
        }
        guard case .array(let rawSteps)? = object["steps"], !rawSteps.isEmpty else {
            throw AnswerRejection(outcome: "invalid_answer", detail: "steps is missing or empty")
        }
        var steps: [(order: Double, position: Int, step: SolutionStep)] = []
        for (position, raw) in rawSteps.enumerated() {
            guard case .object(let fields) = raw, case .string(let text)? = fields["text"], !text.trimmed.isEmpty else {
                throw AnswerRejection(outcome: "invalid_answer", detail: "step \(position + 1) has no text")
            }
            var cited: [String] = []
            switch fields["citations"] {
            case .array(let items)?:
                for item in items {
                    guard case .string(let id) = item else {
                        throw AnswerRejection(outcome: "invalid_answer", detail: "step \(position + 1) has a citation that is not a string")
                    }
                    let resolved = try resolve(id)
                    if !cited.contains(resolved) { cited.append(resolved) }
                }
            case .string(let id)?:
                cited = [try resolve(id)]
            case nil, .null?:
                break
            default:
                throw AnswerRejection(outcome: "invalid_answer", detail: "step \(position + 1) citations is not a list")
            }
            var order = Double(position + 1)
            if case .number(let given)? = fields["order"], given.isFinite { order = given }
            steps.append((order, position, SolutionStep(order: 0, text: text.trimmed, citations: cited)))
        }
        steps.sort { ($0.order, $0.position) < ($1.order, $1.position) }
        var citations: [SolutionCitation] = []
        if case .array(let rawCitations)? = object["citations"] {
            for raw in rawCitations {
                guard case .object(let fields) = raw else { continue }
                let idValue = fields["chunk_id"] ?? fields["id"] ?? fields["source"]
                guard case .string(let id)? = idValue else {
                    throw AnswerRejection(outcome: "invalid_answer", detail: "a citation has no chunk_id")
                }
                var quote = ""
                if case .string(let q)? = fields["quote"] { quote = q.trimmed }
                citations.append(SolutionCitation(chunkID: try resolve(id), quote: quote))
            }
        }
        var flags: [String] = []
        switch object["safety_flags"] {
        case .array(let items)?:
            flags = items.compactMap { if case .string(let s) = $0, !s.trimmed.isEmpty { s.trimmed } else { nil } }
        case .string(let s)? where !s.trimmed.isEmpty:
            flags = [s.trimmed]
        default:
            break
        }
        return ParsedAnswer(
            probableCause: rawCause.trimmed,
            steps: steps.enumerated().map { SolutionStep(order: $0.offset + 1, text: $0.element.step.text, citations: $0.element.step.citations) },
            citations: citations, safetyFlags: flags)
    }

    /// The first balanced `{…}` in `text` that is valid JSON (strings and escapes respected), so
    /// fences and prose around it do not matter; nil when there is none.
    static func firstJSONObject(in text: String) -> String? {
        // Bounded work on hostile answers: the first 256 KiB, at most 32 candidate openings.
        let bytes = Array(text.utf8.prefix(256 << 10))
        var index = 0
        var candidates = 0
        while index < bytes.count, candidates < 32 {
            guard bytes[index] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            candidates += 1
            var depth = 0
            var inString = false
            var escaped = false
            var end = index
            while end < bytes.count {
                let byte = bytes[end]
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 {
                        let candidate = String(decoding: bytes[index...end], as: UTF8.self)
                        if (try? JSONDecoder().decode(JSONValue.self, from: Data(candidate.utf8))) != nil { return candidate }
                        break
                    }
                }
                end += 1
            }
            index += 1
        }
        return nil
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
