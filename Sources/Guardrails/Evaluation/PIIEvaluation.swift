import Foundation

/// One labelled text of `eval/guardrails/pii.jsonl`: the personal data it holds and the
/// look-alikes that must be left alone.
public struct PIICase: Codable, Sendable {
    public struct Value: Codable, Sendable, Hashable {
        public var type: String
        public var value: String
    }
    public var id: String
    public var language: String
    public var text: String
    public var pii: [Value]
    public var nearMisses: [String]

    enum CodingKeys: String, CodingKey {
        case id, language, text, pii
        case nearMisses = "near_misses"
    }
}

/// PII recall and precision over (type, value) pairs, per type, and how many near misses were
/// wrongly redacted.
public struct PIIEvaluation: Codable, Sendable {
    public struct Figures: Codable, Sendable {
        public var expected: Int
        public var found: Int
        public var correct: Int
        public var recall: Double
        public var precision: Double
    }
    public struct Error: Codable, Sendable {
        public var id: String
        public var kind: String
        public var type: String
        public var value: String
    }

    public var overall: Figures
    public var byType: [String: Figures]
    public var nearMisses: Int
    public var nearMissesRedacted: Int
    public var errors: [Error]

    public static func run(cases: [PIICase], detector: PIIDetector = PIIDetector()) -> PIIEvaluation {
        var expectedByType: [String: Int] = [:]
        var foundByType: [String: Int] = [:]
        var correctByType: [String: Int] = [:]
        var errors: [Error] = []
        var nearMisses = 0
        var nearRedacted = 0
        for item in cases {
            let expected = Set(item.pii)
            let found = Set(detector.find(in: item.text).map { PIICase.Value(type: $0.type, value: $0.value) })
            for value in expected { expectedByType[value.type, default: 0] += 1 }
            for value in found { foundByType[value.type, default: 0] += 1 }
            for value in found.intersection(expected) { correctByType[value.type, default: 0] += 1 }
            for value in expected.subtracting(found) { errors.append(Error(id: item.id, kind: "missed", type: value.type, value: value.value)) }
            for value in found.subtracting(expected) { errors.append(Error(id: item.id, kind: "spurious", type: value.type, value: value.value)) }
            for miss in item.nearMisses {
                nearMisses += 1
                if found.contains(where: { $0.value.contains(miss) || miss.contains($0.value) }) { nearRedacted += 1 }
            }
        }
        func figures(_ expected: Int, _ found: Int, _ correct: Int) -> Figures {
            Figures(
                expected: expected, found: found, correct: correct,
                recall: expected == 0 ? 1 : Double(correct) / Double(expected), precision: found == 0 ? 1 : Double(correct) / Double(found))
        }
        var byType: [String: Figures] = [:]
        for type in Set(expectedByType.keys).union(foundByType.keys) {
            byType[type] = figures(expectedByType[type] ?? 0, foundByType[type] ?? 0, correctByType[type] ?? 0)
        }
        let overall = figures(expectedByType.values.reduce(0, +), foundByType.values.reduce(0, +), correctByType.values.reduce(0, +))
        return PIIEvaluation(overall: overall, byType: byType, nearMisses: nearMisses, nearMissesRedacted: nearRedacted, errors: errors)
    }

    enum CodingKeys: String, CodingKey {
        case overall
        case byType = "by_type"
        case nearMisses = "near_misses"
        case nearMissesRedacted = "near_misses_redacted"
        case errors
    }
}
